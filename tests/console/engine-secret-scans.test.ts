// GET /api/3/scan_engines/shared_secret (the live secret, text/plain, seconds left in a header,
// global admins only, audited, sealed at rest) and GET /api/3/scan_engines/{id}/scans (scans an
// engine ran — pool scans through their chunks — of the caller's sites, paged, v3 PageOf«Scan»).
// Addresses: 127.31.4.x (this file's block; nothing binds them).
import assert from 'node:assert/strict';
import { nowIso } from '../../apps/console/src/db/index.ts';
import { forEachDb, startTestConsole, assertMatchesV3 } from './harness/index.ts';

process.env.FARSIGHT_LOCAL_ENGINE = '0';
process.env.FARSIGHT_ENGINE_LISTEN_PORT ??= '0';

forEachDb('engines: GET shared_secret shows the live secret (admins only, audited, sealed at rest)', async (t, kind) => {
  let at = Date.parse('2026-03-01T10:00:00.000Z');
  const c = await startTestConsole({ db: kind, clock: () => new Date(at) });
  t.after(() => c.stop());
  const none = await c.request('GET', '/api/3/scan_engines/shared_secret');
  assert.equal(none.status, 404);
  assertMatchesV3(none, 'NotFoundError');
  assert.match(none.body.message, /POST \/api\/3\/scan_engines\/shared_secret/);

  const created = (await c.request('POST', '/api/3/scan_engines/shared_secret')).text;
  const got = await c.request('GET', '/api/3/scan_engines/shared_secret');
  assert.equal(got.status, 200, got.text);
  assert.equal(got.text, created);
  assert.match(String(got.headers['content-type']), /^text\/plain/);
  assert.equal(got.headers['x-farsight-time-to-live'], '3600');
  assert.equal(got.headers['cache-control'], 'no-store');
  at += 10 * 60_000;
  assert.equal((await c.request('GET', '/api/3/scan_engines/shared_secret')).headers['x-farsight-time-to-live'], '3000');
  const rows = JSON.stringify(await c.db.selectFrom('engine_shared_secrets').selectAll().execute());
  assert.ok(!rows.includes(created) && !rows.includes(created.replace(/-/g, '')), 'the copy is sealed, not plaintext');

  for (const role of ['site-owner', 'user'] as const) {
    const r = await c.request('GET', '/api/3/scan_engines/shared_secret', { auth: await c.createUser(role, [1]) });
    assert.equal(r.status, 403, role);
    assert.ok(!r.text.includes(created));
  }
  const reads = await c.db.selectFrom('audit_log').select(['action', 'details']).where('action', '=', 'engine-secret.read').execute();
  assert.equal(reads.length, 2, 'every successful read is audited');
  assert.ok(!JSON.stringify(reads).includes(created.slice(0, 9)));

  // The Farsight POST with limits is readable too; a new secret replaces the one shown.
  const limited = await c.request('POST', '/api/farsight/scan_engines/shared_secret', { body: { maxUses: 1 } });
  assert.equal(limited.status, 201, limited.text);
  assert.equal((await c.request('GET', '/api/3/scan_engines/shared_secret')).text, limited.body.secret);
  // Expired → 404; revoked → 404.
  at += 61 * 60_000;
  assert.equal((await c.request('GET', '/api/3/scan_engines/shared_secret')).status, 404);
  await c.request('POST', '/api/3/scan_engines/shared_secret');
  assert.equal((await c.request('DELETE', '/api/3/scan_engines/shared_secret')).status, 200);
  assert.equal((await c.request('GET', '/api/3/scan_engines/shared_secret')).status, 404);
  // A secret issued without a sealed copy (before migration 0311) is live but cannot be shown.
  await c.request('POST', '/api/3/scan_engines/shared_secret');
  const newest = (await c.db.selectFrom('engine_shared_secrets').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()).id;
  await c.db.updateTable('engine_shared_secrets').set({ secret_sealed: null }).where('id', '=', newest).execute();
  const old = await c.request('GET', '/api/3/scan_engines/shared_secret');
  assert.equal(old.status, 404);
  assert.match(old.body.message, /cannot be shown; generate a new one/);
  // A tampered sealed copy fails closed.
  await c.request('POST', '/api/3/scan_engines/shared_secret');
  const live = await c.db.selectFrom('engine_shared_secrets').select(['id', 'secret_sealed']).orderBy('id', 'desc').executeTakeFirstOrThrow();
  const other = await c.db.selectFrom('engine_shared_secrets').select('secret_sealed').where('id', '<', live.id).where('secret_sealed', 'is not', null).orderBy('id', 'desc').executeTakeFirstOrThrow();
  await c.db.updateTable('engine_shared_secrets').set({ secret_sealed: other.secret_sealed }).where('id', '=', live.id).execute();
  const moved = await c.request('GET', '/api/3/scan_engines/shared_secret');
  assert.equal(moved.status, 500, 'a sealed copy moved from another row does not open');
  assert.equal(moved.body.code, 'CREDENTIAL_DECRYPT_FAILED');
  assert.match(moved.body.message, /generate a new one/);
});

forEachDb('engines: GET /scan_engines/{id}/scans lists the scans the engine ran, by site access, paged', async (t, kind) => {
  const c = await startTestConsole({ db: kind });
  t.after(() => c.stop());
  const engine = await c.request('POST', '/api/3/scan_engines', { body: { name: 'es-remote', address: '127.31.4.2', port: 40814 } });
  assert.equal(engine.status, 201, engine.text);
  const eid = engine.body.id as number;
  const site = async (name: string, cidr: string): Promise<number> => (await c.request('POST', '/api/3/sites', { body: { name, scan: { assets: { includedTargets: { addresses: [cidr] } } } } })).body.id as number;
  const s1 = await site('ES-1', '127.31.4.16/28');
  const s2 = await site('ES-2', '127.31.4.32/28');
  const now = nowIso();
  const scan = async (siteId: number, engineId: number, name: string, parent: number | null = null): Promise<number> => (await c.db.insertInto('scans').values({
    site_id: siteId, engine_id: engineId, name, scan_type: 'manual', status: 'finished', status_reason: '', started_by: 'admin', template_id: 'discovery',
    spec: '{}', hosts_total: 0, hosts_done: 0, hosts_up: 0, committed_seq: 0, last_seq: null, created_at: now, start_time: now, end_time: now, updated_at: now,
    ...(parent !== null ? { parent_scan_id: parent } : {}),
  }).returning('id').executeTakeFirstOrThrow()).id;
  const local = await scan(s1, 1, 'local one');
  const r1 = await scan(s2, eid, 'remote one');
  const r2 = await scan(s2, eid, 'remote two');
  const pooled = await scan(s1, 1, 'pool parent');
  const chunk = await scan(s1, eid, 'pool chunk', pooled);

  const all = await c.request('GET', `/api/3/scan_engines/${eid}/scans?size=500`);
  assert.equal(all.status, 200, all.text);
  assertMatchesV3(all, 'PageOf«Scan»');
  const ids = (all.body.resources as Array<{ id: number }>).map((s) => s.id).sort((a, b) => a - b);
  assert.deepEqual(ids, [r1, r2, pooled], 'its own scans and the pool scan it ran a chunk of; not the chunk, not other engines\' scans');
  assert.ok(!ids.includes(chunk) && !ids.includes(local));
  const localScans = (await c.request('GET', '/api/3/scan_engines/1/scans?size=500')).body.resources as Array<{ id: number }>;
  assert.deepEqual(localScans.map((s) => s.id).sort((a, b) => a - b), [local, pooled]);

  const page = await c.request('GET', `/api/3/scan_engines/${eid}/scans?size=2&page=1&sort=id,ASC`);
  assert.deepEqual(page.body.page, { number: 1, size: 2, totalResources: 3, totalPages: 2 });
  assert.deepEqual(page.body.resources.map((s: { id: number }) => s.id), [pooled]);
  assert.equal((await c.request('GET', `/api/3/scan_engines/${eid}/scans?sort=password,ASC`)).status, 400);

  const user = await c.createUser('user', [s1]);
  const mine = await c.request('GET', `/api/3/scan_engines/${eid}/scans`, { auth: user });
  assert.equal(mine.status, 200, mine.text);
  assert.deepEqual(mine.body.resources.map((s: { id: number }) => s.id), [pooled], 'a user sees the scans of its sites only');
  const missing = await c.request('GET', '/api/3/scan_engines/999999/scans');
  assert.equal(missing.status, 404);
  assertMatchesV3(missing, 'NotFoundError');
});
