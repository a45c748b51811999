// DELETE /api/3/assets/{id}, DELETE /api/3/sites/{id}/assets[/{assetId}]: v3 Links body,
// RBAC (a user may not; a site owner only for assets of their sites alone; removing from a
// site deletes the asset only when no other site has it), everything about the asset goes
// (findings and their history too), the scan's host row stays, and each deletion is audited.
// Also one vulnerability finding of an asset, and the findings of one service.
// Addresses 127.11.2.0/24 (stored only; nothing connects to them).
import assert from 'node:assert/strict';
import { createMessage } from '@farsight/engine-protocol';
import { nowIso, type Db } from '../../apps/console/src/db/index.ts';
import { ingestBatch } from '../../apps/console/src/services/ingest.ts';
import { assertMatchesV3, forEachDb, startTestConsole } from './harness/index.ts';

process.env.FARSIGHT_LOCAL_ENGINE = '0';
// The remote-engine listener (40815 by default) would collide with consoles of parallel test files.
process.env.FARSIGHT_ENGINE_LISTEN_PORT ??= '0';

async function scanOf(db: Db, siteId: number): Promise<number> {
  const now = nowIso();
  const r = await db.insertInto('scans').values({
    site_id: siteId, engine_id: 1, name: 't', scan_type: 'Manual', status: 'running', status_reason: 'test', started_by: 'test',
    template_id: 'full-audit', spec: '{}', hosts_total: 0, hosts_done: 0, hosts_up: 0, committed_seq: 0, created_at: now, start_time: now, updated_at: now,
  }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

const host = (address: string) => ({
  address, hostnames: [], status: 'up' as const, reason: 'test', os: {},
  services: [{ port: 22, protocol: 'tcp' as const, state: 'open' as const, name: 'ssh', product: 'OpenSSH', version: '9.6', evidence: [] }],
  findings: [{ checkId: 'farsight-test-open-port', port: 22, protocol: 'tcp' as const, instance: '', severity: 'medium' as const }],
});

forEachDb('assets: delete, remove from a site, RBAC and audit', async (t, kind) => {
  const c = await startTestConsole({ db: kind });
  t.after(() => c.stop());
  const site = async (name: string): Promise<number> => {
    const r = await c.request('POST', '/api/3/sites', { body: { name, scan: { assets: { includedTargets: { addresses: ['127.11.2.0/24'] } } } } });
    assert.equal(r.status, 201, r.text);
    return r.body.id as number;
  };
  const [s1, s2] = [await site('delete-one'), await site('delete-two')];
  const scan1 = await scanOf(c.db, s1);
  const scan2 = await scanOf(c.db, s2);
  await ingestBatch(c.db, 1, createMessage('results.batch', { scanId: String(scan1), seq: 1, hosts: [host('127.11.2.1'), host('127.11.2.2')] }));
  await ingestBatch(c.db, 1, createMessage('results.batch', { scanId: String(scan2), seq: 1, hosts: [host('127.11.2.2')] }));
  const list = (await c.request('GET', '/api/3/assets?size=10')).body.resources as Array<{ id: number; ip: string }>;
  const only1 = list.find((a) => a.ip === '127.11.2.1')?.id as number;
  const both = list.find((a) => a.ip === '127.11.2.2')?.id as number;
  assert.ok(only1 && both);

  // One vulnerability finding, and the findings of one service (v3 shapes).
  const one = await c.request('GET', `/api/3/assets/${both}/vulnerabilities/farsight-test-open-port`);
  assert.equal(one.status, 200, one.text);
  assertMatchesV3(one, 'VulnerabilityFinding');
  assert.equal(one.body.results.length, 1);
  assert.equal((await c.request('GET', `/api/3/assets/${both}/vulnerabilities/no-such-check`)).status, 404);
  const onService = await c.request('GET', `/api/3/assets/${both}/services/tcp/22/vulnerabilities`);
  assertMatchesV3(onService, 'PageOf«VulnerabilityFinding»');
  assert.deepEqual(onService.body.resources.map((f: { id: string }) => f.id), ['farsight-test-open-port']);
  assert.equal((await c.request('GET', `/api/3/assets/${both}/services/tcp/80/vulnerabilities`)).body.resources.length, 0);

  const user = await c.createUser('user', [s1]);
  assert.equal((await c.request('DELETE', `/api/3/assets/${only1}`, { auth: user })).status, 403, 'a user may not delete assets');
  const owner = await c.createUser('site-owner', [s1]);
  const refused = await c.request('DELETE', `/api/3/assets/${both}`, { auth: owner });
  assert.equal(refused.status, 403, refused.text);
  assert.match(refused.body.message, /also scanned in site\(s\) \d+.*DELETE \/api\/3\/sites\/\{id\}\/assets/);

  // Removing from one of two sites keeps the asset in the other.
  const removed = await c.request('DELETE', `/api/3/sites/${s1}/assets/${both}`, { auth: owner });
  assert.equal(removed.status, 200, removed.text);
  assert.ok(Array.isArray(removed.body.links));
  const kept = await c.request('GET', `/api/3/assets/${both}`);
  assert.equal(kept.status, 200);
  assert.equal((await c.request('GET', `/api/3/sites/${s1}/assets`)).body.resources.length, 1);
  assert.equal((await c.request('DELETE', `/api/3/sites/${s1}/assets/${both}`, { auth: owner })).status, 404, 'no longer in that site');

  // The owner deletes the asset of their site alone: everything about it goes, the scan's host row stays.
  const gone = await c.request('DELETE', `/api/3/assets/${only1}`, { auth: owner });
  assert.equal(gone.status, 200, gone.text);
  assert.deepEqual(Object.keys(gone.body), ['links']);
  const after = await c.request('GET', `/api/3/assets/${only1}`);
  assert.equal(after.status, 404);
  assert.equal(after.body.status, '404', 'v3 error body');
  for (const table of ['findings', 'services', 'software', 'asset_addresses', 'asset_sites'] as const) {
    assert.equal((await c.db.selectFrom(table).select('asset_id').where('asset_id', '=', only1).execute()).length, 0, `${table} rows of the asset are gone`);
  }
  assert.equal((await c.db.selectFrom('finding_history').select('id').execute()).length, 1, 'only the other asset\'s history remains');
  const hostRow = await c.db.selectFrom('scan_hosts').select(['asset_id']).where('scan_id', '=', scan1).where('address', '=', '127.11.2.1').executeTakeFirstOrThrow();
  assert.equal(hostRow.asset_id, null, 'the scan keeps its host, without the asset link');

  // Removing every asset of a site: assets only it has are deleted, shared ones stay in their other sites.
  await ingestBatch(c.db, 1, createMessage('results.batch', { scanId: String(scan1), seq: 2, hosts: [host('127.11.2.3')] }));
  await ingestBatch(c.db, 1, createMessage('results.batch', { scanId: String(scan2), seq: 2, hosts: [host('127.11.2.3')] }));
  const third = ((await c.request('GET', '/api/3/assets')).body.resources as Array<{ id: number; ip: string }>).find((a) => a.ip === '127.11.2.3')?.id as number;
  assert.equal((await c.request('DELETE', `/api/3/sites/${s2}/assets`, { auth: owner })).status, 403, 'not the owner of site 2');
  const all = await c.request('DELETE', `/api/3/sites/${s2}/assets`);
  assert.equal(all.status, 200, all.text);
  assert.equal((await c.request('GET', `/api/3/assets/${both}`)).status, 404, 'only in site 2: deleted');
  const kept3 = await c.request('GET', `/api/3/assets/${third}`);
  assert.equal(kept3.status, 200, 'also in site 1: kept');
  assert.equal((await c.request('GET', `/api/3/sites/${s2}/assets`)).body.resources.length, 0);
  assert.equal((await c.request('DELETE', `/api/3/assets/${both}`)).status, 404);
  const audit = await c.db.selectFrom('audit_log').select(['action', 'login']).where((eb) => eb.or([eb('action', 'like', 'asset.%'), eb('action', 'like', 'site.assets.%')])).orderBy('id').execute();
  assert.deepEqual(audit.map((a) => a.action), ['asset.remove-from-site', 'asset.delete', 'site.assets.remove']);
  assert.equal(audit[1]?.login, owner.user);
});
