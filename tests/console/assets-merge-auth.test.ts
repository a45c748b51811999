// Per-host login outcomes (scan_host_auth, migration 0302) follow their host when assets merge:
// two hosts scanned with credentials become two assets; a later scan sees both names on one host,
// the assets merge, and the surviving asset holds both outcome rows (its latest login, both scans'
// coverage point at it). Deleting the asset clears the link and keeps the rows (scan history).
// SQLite and PostgreSQL. Addresses: 127.31.23.x (this file's block; stored only, nothing binds them).
import assert from 'node:assert/strict';
import { createMessage, type MessageInput } from '@farsight/engine-protocol';
import { nowIso } from '../../apps/console/src/db/index.ts';
import { ingestBatch } from '../../apps/console/src/services/ingest.ts';
import { forEachDb, startTestConsole } from './harness/index.ts';

process.env.FARSIGHT_LOCAL_ENGINE = '0';
process.env.FARSIGHT_ENGINE_LISTEN_PORT ??= '0';

type Host = MessageInput<'results.batch'>['hosts'][number];
const host = (address: string, hostnames: string[], auth?: Host['auth']): Host => ({
  address, hostnames, status: 'up', reason: 'scripted', os: {},
  services: [{ port: 22, protocol: 'tcp', state: 'open', name: 'ssh', evidence: [] }], findings: [], ...(auth ? { auth } : {}),
});
const login = (outcome: 'success' | 'badcredential', user: string): NonNullable<Host['auth']> => ({
  outcome, credential: 'ops-ssh', user, port: 22, method: 'password', detail: outcome === 'success' ? 'logged in' : 'authentication failed', durationMs: 12,
});

forEachDb('assets: a merge moves the merged asset\'s login outcomes to the surviving asset', async (t, kind) => {
  const c = await startTestConsole({ db: kind });
  t.after(() => c.stop());
  const site = await c.request('POST', '/api/3/sites', { body: { name: 'merge-auth', scan: { assets: { includedTargets: { addresses: ['127.31.23.0/28'] } } } } });
  assert.equal(site.status, 201, site.text);
  const scan = async (hosts: Host[]): Promise<number> => {
    const now = nowIso();
    const s = await c.db.insertInto('scans').values({
      site_id: site.body.id as number, engine_id: 1, name: 'merge-auth', scan_type: 'Manual', status: 'running', status_reason: 'test', started_by: 'test',
      template_id: 'full-audit', spec: '{}', hosts_total: hosts.length, hosts_done: 0, hosts_up: 0, committed_seq: 0, created_at: now, start_time: now, updated_at: now,
    }).returning('id').executeTakeFirstOrThrow();
    const r = await ingestBatch(c.db, 1, createMessage('results.batch', { scanId: String(s.id), seq: 1, hosts }));
    assert.equal(r.committedSeq, 1);
    return s.id;
  };
  const assetOf = async (address: string): Promise<number> => (await c.db.selectFrom('asset_addresses').select('asset_id').where('kind', '=', 'ip').where('value', '=', address).executeTakeFirstOrThrow()).asset_id;

  const scan1 = await scan([host('127.31.23.1', ['web.merge-auth.test'], login('success', 'alice'))]);
  const scan2 = await scan([host('127.31.23.2', ['db.merge-auth.test'], login('badcredential', 'bob'))]);
  const first = await assetOf('127.31.23.1');
  const second = await assetOf('127.31.23.2');
  assert.notEqual(first, second, 'two hosts, two assets');
  assert.equal((await c.request('GET', `/api/farsight/assets/${second}/authentication`)).body.authentication.user, 'bob');

  // One host with both names: the assets merge into the older one.
  await scan([host('127.31.23.3', ['web.merge-auth.test', 'db.merge-auth.test'])]);
  const keep = await assetOf('127.31.23.3');
  assert.equal(keep, Math.min(first, second));
  const drop = Math.max(first, second);
  assert.equal(await c.db.selectFrom('assets').select('id').where('id', '=', drop).executeTakeFirst(), undefined, 'the other asset is gone');

  const rows = (await c.db.selectFrom('scan_host_auth').select(['scan_id', 'address', 'asset_id', 'user_name']).orderBy('scan_id').execute()).map((r) => ({ ...r }));
  assert.deepEqual(rows, [
    { scan_id: scan1, address: '127.31.23.1', asset_id: keep, user_name: 'alice' },
    { scan_id: scan2, address: '127.31.23.2', asset_id: keep, user_name: 'bob' },
  ], 'the surviving asset holds both login outcomes');
  const latest = await c.request('GET', `/api/farsight/assets/${keep}/authentication`);
  assert.equal(latest.status, 200, latest.text);
  assert.deepEqual([latest.body.authentication.scanId, latest.body.authentication.outcome], [scan2, 'badcredential'], 'its latest login is the merged host\'s');
  for (const s of [scan1, scan2]) {
    const cov = await c.request('GET', `/api/farsight/scans/${s}/credentials`);
    assert.equal(cov.status, 200, cov.text);
    assert.deepEqual(cov.body.hosts.map((h: { assetId: number }) => h.assetId), [keep], `scan ${s}'s coverage points at the surviving asset`);
  }
  assert.equal((await c.request('GET', `/api/farsight/assets/${drop}/authentication`)).status, 404);

  // Deleting the asset keeps the outcomes as scan history, unlinked.
  assert.equal((await c.request('DELETE', `/api/3/assets/${keep}`)).status, 200);
  const after = await c.db.selectFrom('scan_host_auth').select(['asset_id']).execute();
  assert.deepEqual(after.map((r) => r.asset_id), [null, null]);
  assert.equal((await c.request('GET', `/api/farsight/scans/${scan1}/credentials`)).body.hosts[0].assetId, null);
});
