// "Test credentials" logs in for real: an in-process ssh2 server on 127.11.4.1 accepts one
// password and one public key. POST /api/farsight/credentials/{id}/test answers success for
// the right shared and site credentials, badcredential for a wrong password, unavailable for a
// port nothing listens on, an error when the host key changed since the first test (nothing is
// sent), 403 for a user; the audit log records each outcome and no response or audit row holds
// a secret. SQLite (the login path does not depend on the database).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:net';
import ssh2 from 'ssh2';
import { startTestConsole } from './harness/index.ts';

process.env.FARSIGHT_LOCAL_ENGINE = '0';
// The remote-engine listener (40815 by default) would collide with consoles of parallel test files.
process.env.FARSIGHT_ENGINE_LISTEN_PORT ??= '0';
const HOST = '127.11.4.1';
const USER = 'tester';
const PASSWORD = 'right-password-7f3a';
const clientKey = ssh2.utils.generateKeyPairSync('ed25519');

interface SshFixture { port: number; logins: string[]; close(): Promise<void> }

function sshServer(port = 0): Promise<SshFixture> {
  const hostKey = ssh2.utils.generateKeyPairSync('ed25519').private;
  const allowed = ssh2.utils.parseKey(clientKey.public);
  if (allowed instanceof Error) throw allowed;
  const logins: string[] = [];
  const server = new ssh2.Server({ hostKeys: [hostKey] }, (client) => {
    client.on('error', () => undefined);
    client.on('authentication', (ctx) => {
      if (ctx.username === USER && ctx.method === 'password' && ctx.password === PASSWORD) { logins.push('password'); ctx.accept(); return; }
      if (ctx.username === USER && ctx.method === 'publickey' && ctx.key.algo === allowed.type) {
        const pub = allowed.getPublicSSH();
        if (ctx.key.data.length === pub.length && timingSafeEqual(ctx.key.data, pub)) {
          if (!ctx.signature) { ctx.accept(); return; }
          if (ctx.blob && allowed.verify(ctx.blob, ctx.signature, ctx.hashAlgo) === true) { logins.push('publickey'); ctx.accept(); return; }
        }
      }
      ctx.reject(['password', 'publickey']);
    });
    client.on('ready', () => client.end());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => resolve({
      port: (server.address() as { port: number }).port, logins,
      close: () => new Promise<void>((done) => server.close(() => done())),
    }));
  });
}

/** A port on HOST nothing listens on (bound, then released). */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, HOST, () => { const p = (s.address() as { port: number }).port; s.close(() => resolve(p)); });
  });
}

test('test credentials: real SSH logins from the Local scan engine, outcomes, host-key pinning, RBAC, audit', { timeout: 120_000 }, async (t) => {
  const ssh = await sshServer();
  t.after(() => ssh.close());
  const c = await startTestConsole({ db: 'sqlite' });
  t.after(() => c.stop());
  const site = (await c.request('POST', '/api/3/sites', { body: { name: 'ssh test', scan: { assets: { includedTargets: { addresses: [`${HOST}`] } } } } })).body.id as number;
  const mk = async (path: string, body: unknown): Promise<number> => {
    const r = await c.request('POST', path, { body });
    assert.equal(r.status, 201, r.text);
    return r.body.id as number;
  };
  const good = await mk('/api/3/shared_credentials', { name: 'good', siteAssignment: 'all-sites', hostRestriction: HOST, portRestriction: ssh.port, account: { service: 'ssh', username: USER, password: PASSWORD } });
  const wrong = await mk('/api/3/shared_credentials', { name: 'wrong', siteAssignment: 'all-sites', account: { service: 'ssh', username: USER, password: 'not-the-password-91c' } });
  const key = await mk(`/api/3/sites/${site}/site_credentials`, { name: 'key', account: { service: 'ssh-key', username: USER, pemKey: clientKey.private } });
  const run = (id: number, body: unknown = {}, auth?: { user: string; password: string }) => c.request('POST', `/api/farsight/credentials/${id}/test`, { body, ...(auth ? { auth } : {}) });

  const ok = await run(good);
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.body.outcome, 'success', ok.text);
  assert.equal(ok.body.method, 'password');
  assert.deepEqual([ok.body.host, ok.body.port, ok.body.engineId, ok.body.service], [HOST, ssh.port, 1, 'ssh']);
  assert.match(ok.body.hostKey, /^SHA256:/);
  const viaKey = await run(key, { host: HOST, port: ssh.port });
  assert.equal(viaKey.body.outcome, 'success', viaKey.text);
  assert.equal(viaKey.body.siteId, site);
  assert.deepEqual(ssh.logins, ['password', 'publickey'], 'the server saw both logins');

  const bad = await run(wrong, { host: HOST, port: ssh.port, siteId: site });
  assert.equal(bad.status, 200, bad.text);
  assert.equal(bad.body.outcome, 'badcredential', bad.text);
  const nobody = await run(good, { port: await closedPort(), timeoutMs: 5000 });
  assert.equal(nobody.body.outcome, 'unavailable', nobody.text);
  assert.equal((await run(good, { host: 'not-an-address' })).status, 400);

  // RBAC: a user may not test; a site owner may test their own site's credential only.
  const user = await c.createUser('user', [site]);
  assert.equal((await run(good, {}, user)).status, 403);
  const otherSite = (await c.request('POST', '/api/3/sites', { body: { name: 'other' } })).body.id as number;
  const owner = await c.createUser('site-owner', [otherSite]);
  assert.equal((await run(key, { host: HOST, port: ssh.port }, owner)).status, 403);

  // The same address and port with another host key: refused before anything is sent.
  await ssh.close();
  const impostor = await sshServer(ssh.port);
  t.after(() => impostor.close());
  const changed = await run(good);
  assert.equal(changed.body.outcome, 'error', changed.text);
  assert.match(changed.body.detail, /host key changed/);
  assert.deepEqual(impostor.logins, [], 'no credential reached the impostor');

  const audit = await c.db.selectFrom('audit_log').select(['action', 'details']).where('action', '=', 'credential.test').orderBy('id').execute();
  assert.deepEqual(audit.map((a) => (JSON.parse(a.details ?? '{}') as { outcome: string }).outcome), ['success', 'success', 'badcredential', 'unavailable', 'error']);
  const everything = JSON.stringify(audit) + ok.text + bad.text + viaKey.text + changed.text;
  for (const secret of [PASSWORD, 'not-the-password-91c', clientKey.private.split('\n')[1] ?? 'x']) assert.ok(!everything.includes(secret), 'no secret in responses or audit');
});
