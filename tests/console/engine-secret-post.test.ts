// v3 POST /api/3/scan_engines/shared_secret returns the current valid secret when one exists and
// only generates a new one otherwise (expired, revoked, used up, no readable sealed copy);
// concurrent POSTs all get one secret; reuse is audited as a read; limits set through the
// Farsight POST stay on the reused secret. Addresses: 127.31.21.x (this file's block; only CIDRs).
import assert from 'node:assert/strict';
import { forEachDb, startTestConsole } from './harness/index.ts';
import { verifySharedSecret } from '../../apps/console/src/services/engines-registry-secret.ts';

process.env.FARSIGHT_LOCAL_ENGINE = '0';
process.env.FARSIGHT_ENGINE_LISTEN_PORT ??= '0';

const PATH = '/api/3/scan_engines/shared_secret';

forEachDb('engines: v3 POST shared_secret returns the live secret, a new one only when none can pair', async (t, kind) => {
  let at = Date.parse('2026-04-01T08:00:00.000Z');
  const c = await startTestConsole({ db: kind, clock: () => new Date(at) });
  t.after(() => c.stop());
  const post = async (): Promise<string> => {
    const r = await c.request('POST', PATH);
    assert.equal(r.status, 201, r.text);
    assert.match(String(r.headers['content-type']), /^text\/plain/);
    return r.text;
  };
  const creates = async (): Promise<Array<Record<string, unknown>>> => (await c.db.selectFrom('audit_log').select('details')
    .where('action', '=', 'engine-secret.create').orderBy('id').execute()).map((r) => JSON.parse(r.details ?? '{}') as Record<string, unknown>);

  // None → a new one; while it lives, POST answers it again and the clock keeps running.
  const first = await post();
  assert.match(first, /^([0-9A-F]{4}-){9}[0-9A-F]{4}$/);
  at += 10 * 60_000;
  assert.equal(await post(), first, 'POST returns the current valid secret');
  assert.equal((await c.request('GET', `${PATH}/time_to_live`)).body, 3000, 'reusing it does not extend it');
  assert.equal(await verifySharedSecret(c.db, first, new Date(at)), true);
  assert.equal((await creates()).length, 1);
  const reads = await c.db.selectFrom('audit_log').select('details').where('action', '=', 'engine-secret.read').execute();
  assert.deepEqual(reads.map((r) => JSON.parse(r.details ?? '{}')), [{ reused: true }], 'showing it again is audited');
  assert.ok(!JSON.stringify(await c.db.selectFrom('audit_log').selectAll().execute()).includes(first.slice(0, 9)), 'never the secret itself');

  // Only global admins: POST may show the live secret.
  const owner = await c.createUser('site-owner', [1]);
  const refused = await c.request('POST', PATH, { auth: owner });
  assert.equal(refused.status, 403);
  assert.ok(!refused.text.includes(first));

  // Expired → a new one.
  at += 51 * 60_000;
  const afterExpiry = await post();
  assert.notEqual(afterExpiry, first);
  assert.equal(await verifySharedSecret(c.db, first, new Date(at)), false);
  assert.equal(await post(), afterExpiry);

  // Revoked → a new one (DELETE is how a caller forces a fresh secret).
  assert.equal((await c.request('DELETE', PATH)).status, 200);
  const afterRevoke = await post();
  assert.notEqual(afterRevoke, afterExpiry);
  assert.equal(await verifySharedSecret(c.db, afterExpiry, new Date(at)), false);

  // A secret issued with limits (Farsight POST) is reused with its limits until it is used up.
  const limited = await c.request('POST', '/api/farsight/scan_engines/shared_secret', { body: { maxUses: 2, allowedCidrs: ['127.31.21.0/24'] } });
  assert.equal(limited.status, 201, limited.text);
  assert.equal(await verifySharedSecret(c.db, afterRevoke, new Date(at)), false, 'the Farsight POST always issues a new one');
  assert.equal(await post(), limited.body.secret);
  const info = await c.request('GET', '/api/farsight/scan_engines/shared_secret');
  assert.equal(info.body.maxUses, 2);
  assert.deepEqual(info.body.allowedCidrs, ['127.31.21.0/24']);
  await c.db.updateTable('engine_shared_secrets').set({ uses: 1 }).where('revoked_at', 'is', null).execute();
  assert.equal(await post(), limited.body.secret, 'a use left: still the same');
  await c.db.updateTable('engine_shared_secrets').set({ uses: 2 }).where('revoked_at', 'is', null).execute();
  const afterUsedUp = await post();
  assert.notEqual(afterUsedUp, limited.body.secret, 'used up → a new one');
  assert.equal((await c.request('GET', '/api/farsight/scan_engines/shared_secret')).body.maxUses, null, 'the new one has no limits');
  assert.equal((await creates()).at(-1)?.replaced, 'used 2 of 2 time(s)');

  // A live secret without a readable sealed copy cannot be answered: a new one replaces it.
  await c.db.updateTable('engine_shared_secrets').set({ secret_sealed: null }).where('revoked_at', 'is', null).execute();
  const afterUnsealed = await post();
  assert.notEqual(afterUnsealed, afterUsedUp);
  assert.equal(await verifySharedSecret(c.db, afterUsedUp, new Date(at)), false);
  assert.equal((await creates()).at(-1)?.replaced, 'no sealed copy');
  assert.equal((await c.request('GET', PATH)).text, afterUnsealed, 'GET shows the same live secret');

  // Concurrent POSTs with no live secret: one is generated, all callers get it.
  assert.equal((await c.request('DELETE', PATH)).status, 200);
  const before = (await creates()).length;
  const many = await Promise.all(Array.from({ length: 6 }, () => c.request('POST', PATH)));
  assert.deepEqual(many.map((r) => r.status), [201, 201, 201, 201, 201, 201]);
  assert.equal(new Set(many.map((r) => r.text)).size, 1, 'every caller got the same secret');
  assert.equal((await creates()).length, before + 1, 'exactly one was generated');
  assert.equal((await c.db.selectFrom('engine_shared_secrets').select('id').where('revoked_at', 'is', null).execute()).length, 1);
});
