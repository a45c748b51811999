// Scan engines registry: the built-in Local scan engine (undeletable), remote engine records,
// pools and how a site scans from them, engine status from supervisors, and the pairing
// shared secret's lifecycle (shown once, stored hashed, 60-minute TTL, revocable).
import assert from 'node:assert/strict';
import { forEachDb, startTestConsole, assertMatchesV3 } from './harness/index.ts';
import { setEngineStatus } from '../../apps/console/src/services/engines-registry.ts';
import { sharedSecretTimeToLive, verifySharedSecret } from '../../apps/console/src/services/engines-registry-secret.ts';
import { getSiteScanPlan } from '../../apps/console/src/services/sites.ts';

forEachDb('engines: the Local scan engine is listed, cannot be changed or deleted, and reports status', async (t, db) => {
  const c = await startTestConsole({ db });
  t.after(() => c.stop());
  const list = await c.request('GET', '/api/3/scan_engines');
  assert.equal(list.status, 200);
  assertMatchesV3(list, 'Resources«ScanEngine»');
  assert.deepEqual(list.body.resources.map((e: { id: number; name: string }) => [e.id, e.name]), [[1, 'Local scan engine']]);
  const one = await c.request('GET', '/api/3/scan_engines/1');
  assertMatchesV3(one, 'ScanEngine');
  assert.equal(one.body.status, 'unknown');

  for (const [method, body] of [['DELETE', undefined], ['PUT', { name: 'x', address: '127.0.97.1', port: 40814 }]] as const) {
    const r = await c.request(method, '/api/3/scan_engines/1', { body });
    assert.equal(r.status, 409, `${method}: ${r.text}`);
    assert.equal(r.body.code, 'BUILTIN_READONLY');
    assert.match(r.body.message, /Local scan engine \(id 1\) is built in and cannot be/);
    assertMatchesV3(r, 'Error');
  }
  assert.equal((await c.request('GET', '/api/3/scan_engines/1')).status, 200, 'still there');

  await setEngineStatus(c.db, 1, 'active', 'local engine process running', { productVersion: '0.1.0' });
  await setEngineStatus(c.db, 1, 'active', 'still running');
  const active = (await c.request('GET', '/api/3/scan_engines/1')).body;
  assert.equal(active.status, 'active');
  assert.equal(active.statusReason, 'still running');
  assert.equal(active.productVersion, '0.1.0');
  const changes = await c.db.selectFrom('audit_log').select('details').where('action', '=', 'engine.status').execute();
  assert.equal(changes.length, 1, 'only status changes are audited');
  await assert.rejects(setEngineStatus(c.db, 1, 'exploded' as 'active', null), /not one of/);
  await assert.rejects(setEngineStatus(c.db, 77, 'active', null), /does not exist/);
  const user = await c.createUser('user');
  assert.equal((await c.request('GET', '/api/3/scan_engines', { auth: user })).status, 200);
  assert.equal((await c.request('DELETE', '/api/3/scan_engines/1', { auth: user })).status, 403);
});

forEachDb('engines: remote engines and pools; sites scan from an engine or a pool', async (t, db) => {
  const c = await startTestConsole({ db });
  t.after(() => c.stop());
  const e2 = await c.request('POST', '/api/3/scan_engines', { body: { name: 'dmz', address: '127.0.97.20', port: 40814 } });
  assert.equal(e2.status, 201, e2.text);
  const e3 = (await c.request('POST', '/api/3/scan_engines', { body: { name: 'lab', address: '127.0.97.21', port: 40814 } })).body.id as number;
  const eng2 = (await c.request('GET', `/api/3/scan_engines/${e2.body.id}`)).body;
  assert.equal(eng2.status, 'pending-authorization');
  assert.equal((await c.request('POST', '/api/3/scan_engines', { body: { name: 'dmz', address: '127.0.97.22', port: 1 } })).status, 409);

  const pool = await c.request('POST', '/api/3/scan_engine_pools', { body: { name: 'all', engines: [e2.body.id, e3] } });
  assert.equal(pool.status, 201, pool.text);
  assertMatchesV3(pool, 'CreatedReference«EngineID,Link»');
  const pid = pool.body.id as number;
  assert.ok(pid > e3, 'pools share the engines\' id space');
  const pools = await c.request('GET', '/api/3/scan_engine_pools');
  assertMatchesV3(pools, 'Resources«EnginePool»');
  const p1 = await c.request('GET', `/api/3/scan_engine_pools/${pid}`);
  assertMatchesV3(p1, 'EnginePool');
  assert.deepEqual(p1.body.engines, [e2.body.id, e3]);
  assert.equal((await c.request('POST', '/api/3/scan_engine_pools', { body: { name: 'bad', engines: [pid] } })).status, 400, 'pools cannot hold pools');
  assert.deepEqual((await c.request('GET', `/api/3/scan_engines/${e3}/scan_engine_pools`)).body.resources.map((p: { id: number }) => p.id), [pid]);
  assert.equal((await c.request('GET', '/api/3/scan_engines')).body.resources.length, 3, 'pools are not listed as engines');

  const site = (await c.request('POST', '/api/3/sites', { body: { name: 'S', engineId: pid, scan: { assets: { includedTargets: { addresses: ['127.0.97.1'] } } } } })).body.id as number;
  const siteEngine = await c.request('GET', `/api/3/sites/${site}/scan_engine`);
  assertMatchesV3(siteEngine, 'ScanEngine');
  assert.equal(siteEngine.body.kind, 'pool');
  // No member is active: the plan falls back to the first member; once one is active it is chosen.
  assert.deepEqual(await getSiteScanPlan(c.db, site).then((p) => [p.engineId, p.poolId]), [e2.body.id, pid]);
  await setEngineStatus(c.db, e3, 'active', 'paired');
  assert.deepEqual(await getSiteScanPlan(c.db, site).then((p) => [p.engineId, p.poolId]), [e3, pid]);
  assert.equal((await c.request('GET', `/api/3/sites/${site}/scan_engine`)).body.status, 'active');
  assert.deepEqual((await c.request('GET', `/api/3/scan_engine_pools/${pid}/sites`)).body.resources, [site]);

  const inUse = await c.request('DELETE', `/api/3/scan_engine_pools/${pid}`);
  assert.equal(inUse.status, 409);
  assert.match(inUse.body.message, new RegExp(`site\\(s\\) ${site}`));
  assert.equal((await c.request('DELETE', `/api/3/scan_engine_pools/${pid}/engines/${e3}`)).status, 200);
  assert.equal((await c.request('PUT', `/api/3/scan_engine_pools/${pid}/engines`, { body: [] })).status, 200);
  await assert.rejects(getSiteScanPlan(c.db, site), (e: Error & { code?: string }) => e.code === 'ENGINE_UNAVAILABLE');
  assert.equal((await c.request('PUT', `/api/3/scan_engine_pools/${pid}/engines/${e3}`)).status, 200);

  assert.equal((await c.request('PUT', `/api/3/sites/${site}/scan_engine`, { body: e3 })).status, 200);
  assert.equal((await c.request('DELETE', `/api/3/scan_engines/${e3}`)).status, 409, 'engine in use by a site');
  assert.equal((await c.request('DELETE', `/api/3/scan_engine_pools/${pid}`)).status, 200);
  assert.equal((await c.request('DELETE', `/api/3/scan_engines/${e2.body.id}`)).status, 200);
  assert.equal((await c.request('GET', `/api/3/scan_engines/${e2.body.id}`)).status, 404);
  const acts = (await c.db.selectFrom('audit_log').select('action').where('action', 'like', 'engine%').execute()).map((r) => r.action);
  for (const a of ['engine.create', 'engine-pool.create', 'engine-pool.remove-engine', 'engine-pool.update', 'engine-pool.add-engine', 'engine-pool.delete', 'engine.delete']) assert.ok(acts.includes(a), a);
});

forEachDb('engines: shared secret — stored hashed, 60-minute TTL, POST reuses the live one, revocable', async (t, db) => {
  const c = await startTestConsole({ db });
  t.after(() => c.stop());
  const none = await c.request('GET', '/api/3/scan_engines/shared_secret/time_to_live');
  assert.equal(none.status, 404);
  assertMatchesV3(none, 'NotFoundError');
  const created = await c.request('POST', '/api/3/scan_engines/shared_secret');
  assert.equal(created.status, 201, created.text);
  const secret = created.text;
  assert.match(secret, /^([0-9A-F]{4}-){9}[0-9A-F]{4}$/);
  const ttl = await c.request('GET', '/api/3/scan_engines/shared_secret/time_to_live');
  assert.equal(ttl.status, 200);
  assert.ok(ttl.body > 3500 && ttl.body <= 3600, String(ttl.body));

  const stored = JSON.stringify(await c.db.selectFrom('engine_shared_secrets').selectAll().execute());
  assert.ok(!stored.includes(secret) && !stored.includes(secret.replace(/-/g, '')), 'only a hash is stored');
  assert.equal(await verifySharedSecret(c.db, secret), true);
  assert.equal(await verifySharedSecret(c.db, secret.toLowerCase()), true, 'case-insensitive when typed');
  assert.equal(await verifySharedSecret(c.db, 'AAAA-' + secret.slice(5)), false);
  // Injected clock: valid just before 60 minutes, gone after.
  const now = Date.now();
  assert.equal(await verifySharedSecret(c.db, secret, new Date(now + 59 * 60_000)), true);
  assert.equal(await verifySharedSecret(c.db, secret, new Date(now + 61 * 60_000)), false);
  await assert.rejects(sharedSecretTimeToLive(c.db, new Date(now + 61 * 60_000)), /no valid shared secret/);

  // v3: POST while a secret is live answers that secret (DELETE first for a new one).
  const again = await c.request('POST', '/api/3/scan_engines/shared_secret');
  assert.equal(again.status, 201, again.text);
  assert.equal(again.text, secret, 'POST returns the live secret');
  assert.equal(await verifySharedSecret(c.db, secret), true, 'and it still pairs');
  assert.equal((await c.request('DELETE', '/api/3/scan_engines/shared_secret')).status, 200);
  const second = (await c.request('POST', '/api/3/scan_engines/shared_secret')).text;
  assert.notEqual(second, secret);
  assert.equal(await verifySharedSecret(c.db, secret), false, 'a revoked secret stays dead');
  assert.equal(await verifySharedSecret(c.db, second), true);
  assert.equal((await c.request('DELETE', '/api/3/scan_engines/shared_secret')).status, 200);
  assert.equal(await verifySharedSecret(c.db, second), false);
  assert.equal((await c.request('GET', '/api/3/scan_engines/shared_secret/time_to_live')).status, 404);
  assert.equal((await c.request('DELETE', '/api/3/scan_engines/shared_secret')).status, 404);
  const owner = await c.createUser('site-owner');
  assert.equal((await c.request('POST', '/api/3/scan_engines/shared_secret', { auth: owner })).status, 403);
  const acts = (await c.db.selectFrom('audit_log').select(['action', 'details']).where('action', 'like', 'engine-secret.%').orderBy('id').execute());
  assert.deepEqual(acts.map((a) => a.action), ['engine-secret.create', 'engine-secret.read', 'engine-secret.revoke', 'engine-secret.create', 'engine-secret.revoke']);
  assert.ok(!JSON.stringify(acts).includes(secret.slice(0, 9)), 'the audit log does not hold the secret');
});
