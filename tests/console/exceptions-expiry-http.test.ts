// Exception expiry through the HTTP API with an injected clock: an approved exception with an
// expiry shows `Approved` and covers its finding on GET /api/3/assets/{id}/vulnerabilities until
// the console's clock passes the expiry; then it shows `Expired` and the finding is plainly
// vulnerable again — without touching the database. Moving the expiry (PUT …/expires) later
// brings it back. SQLite and PostgreSQL. Addresses 127.11.3.0/24 (stored only).
import assert from 'node:assert/strict';
import { createMessage } from '@farsight/engine-protocol';
import { nowIso } from '../../apps/console/src/db/index.ts';
import { ingestBatch } from '../../apps/console/src/services/ingest.ts';
import { upsertVulnerability } from '../../apps/console/src/services/vulnerabilities.ts';
import { forEachDb, startTestConsole } from './harness/index.ts';

process.env.FARSIGHT_LOCAL_ENGINE = '0';
// The remote-engine listener (40815 by default) would collide with consoles of parallel test files.
process.env.FARSIGHT_ENGINE_LISTEN_PORT ??= '0';
const DAY = 86_400_000;

forEachDb('exceptions: expiry over HTTP follows the console clock', async (t, kind) => {
  let offset = 0;
  const c = await startTestConsole({ db: kind, clock: () => new Date(Date.now() + offset) });
  t.after(() => c.stop());
  await upsertVulnerability(c.db, { id: 'farsight-expiry-check', title: 'Expiry test vulnerability', severity: 'Severe', cvss: { v2: { vector: 'AV:N/AC:L/Au:N/C:P/I:N/A:N', score: 5 } } });
  const site = await c.request('POST', '/api/3/sites', { body: { name: 'expiry', scan: { assets: { includedTargets: { addresses: ['127.11.3.0/24'] } } } } });
  assert.equal(site.status, 201, site.text);
  const now = nowIso();
  const scan = await c.db.insertInto('scans').values({
    site_id: site.body.id as number, engine_id: 1, name: 'expiry', scan_type: 'Manual', status: 'running', status_reason: 'test', started_by: 'test',
    template_id: 'full-audit', spec: '{}', hosts_total: 1, hosts_done: 0, hosts_up: 0, committed_seq: 0, created_at: now, start_time: now, updated_at: now,
  }).returning('id').executeTakeFirstOrThrow();
  await ingestBatch(c.db, 1, createMessage('results.batch', { scanId: String(scan.id), seq: 1, hosts: [{
    address: '127.11.3.7', hostnames: [], status: 'up', reason: 'test', os: {},
    services: [{ port: 22, protocol: 'tcp', state: 'open', name: 'ssh', evidence: [] }],
    findings: [{ checkId: 'farsight-expiry-check', port: 22, protocol: 'tcp', instance: '', severity: 'medium' }],
  }] }));
  const asset = ((await c.request('GET', '/api/3/assets')).body.resources as Array<{ id: number }>)[0]?.id as number;
  const vulnStatus = async (): Promise<string> => {
    const r = await c.request('GET', `/api/3/assets/${asset}/vulnerabilities`);
    assert.equal(r.status, 200, r.text);
    return (r.body.resources as Array<{ results: Array<{ status: string }> }>)[0]?.results[0]?.status ?? 'none';
  };
  assert.equal(await vulnStatus(), 'vulnerable');

  const expires = new Date(Date.now() + 2 * DAY).toISOString();
  const created = await c.request('POST', '/api/3/vulnerability_exceptions', { body: { scope: { type: 'Asset', id: asset, vulnerability: 'farsight-expiry-check' }, submit: { reason: 'Acceptable Risk' }, expires } });
  assert.equal(created.status, 201, created.text);
  const id = created.body.id as number;
  const reviewer = await c.createUser('global-admin');
  assert.equal((await c.request('POST', `/api/3/vulnerability_exceptions/${id}/approve`, { auth: reviewer })).status, 200);
  const state = async (): Promise<string> => (await c.request('GET', `/api/3/vulnerability_exceptions/${id}`)).body.state as string;
  assert.equal(await state(), 'Approved');
  assert.equal(await vulnStatus(), 'vulnerable-with-exception-applied');

  offset = DAY;
  assert.equal(await state(), 'Approved', 'one day later: still before the expiry');
  offset = 3 * DAY;
  assert.equal(await state(), 'Expired', 'three days later: expired by the console clock');
  assert.equal(await vulnStatus(), 'vulnerable', 'an expired exception no longer covers the finding');
  // An expiry in the (clock's) past is refused; one after the clock's now revives it.
  const past = await c.request('PUT', `/api/3/vulnerability_exceptions/${id}/expires`, { body: JSON.stringify(new Date(Date.now() + 2.5 * DAY).toISOString()), headers: { 'content-type': 'application/json' } });
  assert.equal(past.status, 400, past.text);
  const later = new Date(Date.now() + 5 * DAY).toISOString();
  const moved = await c.request('PUT', `/api/3/vulnerability_exceptions/${id}/expires`, { body: JSON.stringify(later), headers: { 'content-type': 'application/json' } });
  assert.equal(moved.status, 200, moved.text);
  assert.equal(await state(), 'Approved');
  assert.equal(await vulnStatus(), 'vulnerable-with-exception-applied');
});
