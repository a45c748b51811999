// Credentials: secrets never leave the console through the API (every response of the test is
// searched for canary values), are not stored in plaintext (SQLite file bytes / PostgreSQL rows),
// still decrypt with the master key, and "test credentials" never echoes them either.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { forEachDb, startTestConsole, assertMatchesV3, type RequestOptions, type TestResponse } from './harness/index.ts';
import { openCredential } from '../../apps/console/src/services/credentials.ts';
import { consoleKeyring } from '../../apps/console/src/services/credentials-keyring.ts';

const SECRET_KEYS = new Set(['password', 'ntlmHash', 'pemKey', 'privateKeyPassword', 'permissionElevationPassword', 'privacyPassword', 'notesIDPassword', 'oracleListenerPassword', 'communityName']);

/** Paths of every object key named like a secret account field, anywhere in a body. */
function secretKeys(v: unknown, path = '$'): string[] {
  if (Array.isArray(v)) return v.flatMap((x, i) => secretKeys(x, `${path}[${i}]`));
  if (typeof v !== 'object' || v === null) return [];
  return Object.entries(v).flatMap(([k, x]) => [...(SECRET_KEYS.has(k) ? [`${path}.${k}`] : []), ...secretKeys(x, `${path}.${k}`)]);
}

forEachDb('credentials: secrets are never returned, never stored in plaintext, and still decrypt', async (t, db) => {
  const c = await startTestConsole({ db });
  t.after(() => c.stop());
  const canary = (tag: string): string => `CANARY-${tag}-${randomBytes(9).toString('hex')}`;
  const secrets = { password: canary('pw'), elevation: canary('sudo'), pem: canary('pem'), community: canary('snmp'), newPassword: canary('pw2') };
  const responses: Array<{ what: string; r: TestResponse }> = [];
  const call = async (method: string, path: string, opts: RequestOptions = {}): Promise<TestResponse> => {
    const r = await c.request(method, path, opts);
    responses.push({ what: `${method} ${path} → ${r.status}`, r });
    return r;
  };

  const site = (await call('POST', '/api/3/sites', { body: { name: 'Creds', scan: { assets: { includedTargets: { addresses: ['127.0.97.30'] } } } } })).body.id as number;
  const shared = await call('POST', '/api/3/shared_credentials', {
    body: {
      name: 'root ssh', description: 'lab root', siteAssignment: 'specific-sites', sites: [site], hostRestriction: '127.0.97.30', portRestriction: 22,
      account: { service: 'ssh', username: 'root', password: secrets.password, permissionElevation: 'sudo', permissionElevationUsername: 'root', permissionElevationPassword: secrets.elevation },
    },
  });
  assert.equal(shared.status, 201, shared.text);
  const sharedId = shared.body.id as number;
  const snmp = await call('POST', '/api/3/shared_credentials', { body: { name: 'snmp', siteAssignment: 'all-sites', account: { service: 'snmp', communityName: secrets.community } } });
  assert.equal(snmp.status, 201, snmp.text);
  const siteCred = await call('POST', `/api/3/sites/${site}/site_credentials`, { body: { name: 'deploy key', account: { service: 'ssh-key', username: 'deploy', pemKey: secrets.pem } } });
  assert.equal(siteCred.status, 201, siteCred.text);
  const siteCredId = siteCred.body.id as number;

  const list = await call('GET', '/api/3/shared_credentials');
  assertMatchesV3(list, 'Resources«SharedCredential»');
  const one = await call('GET', `/api/3/shared_credentials/${sharedId}`);
  assertMatchesV3(one, 'SharedCredential');
  assert.deepEqual(one.body.account, { service: 'ssh', username: 'root', permissionElevation: 'sudo', permissionElevationUsername: 'root' }, 'secret fields are omitted entirely');
  assert.deepEqual([one.body.siteAssignment, one.body.sites, one.body.hostRestriction, one.body.portRestriction], ['specific-sites', [site], '127.0.97.30', 22]);
  const siteList = await call('GET', `/api/3/sites/${site}/site_credentials`);
  assertMatchesV3(siteList, 'Resources«SiteCredential»');
  const siteOne = await call('GET', `/api/3/sites/${site}/site_credentials/${siteCredId}`);
  assertMatchesV3(siteOne, 'SiteCredential');
  assert.deepEqual(siteOne.body.account, { service: 'ssh-key', username: 'deploy' });

  // An update without secrets keeps them (responses never carry them back); a new one replaces.
  assert.equal((await call('PUT', `/api/3/shared_credentials/${sharedId}`, { body: { ...one.body, description: 'edited' } })).status, 200);
  const ring = consoleKeyring(c.console.config.dataDir);
  assert.equal((await openCredential(c.db, ring, sharedId)).secret.password, secrets.password);
  assert.equal((await call('PUT', `/api/3/shared_credentials/${sharedId}`, { body: { ...one.body, account: { ...one.body.account, password: secrets.newPassword } } })).status, 200);
  const opened = await openCredential(c.db, ring, sharedId);
  assert.deepEqual(opened.secret, { password: secrets.newPassword, permissionElevationPassword: secrets.elevation });
  assert.equal((await openCredential(c.db, ring, siteCredId)).secret.pemKey, secrets.pem);
  assert.equal((await call('PUT', `/api/3/sites/${site}/site_credentials/${siteCredId}`, { body: { name: 'deploy key 2', account: { service: 'ssh-key', username: 'deploy' } } })).status, 200);

  // Errors do not echo secrets either.
  const incomplete = await call('POST', '/api/3/shared_credentials', { body: { name: 'no pw', siteAssignment: 'all-sites', account: { service: 'ssh', username: 'x' } } });
  assert.equal(incomplete.status, 400);
  assert.match(incomplete.body.message, /account\.password/);
  const badService = await call('POST', `/api/3/sites/${site}/site_credentials`, { body: { name: 'x', account: { service: 'rdp', password: secrets.password } } });
  assert.equal(badService.status, 400);
  const badHost = await call('POST', '/api/3/shared_credentials', { body: { name: 'x', siteAssignment: 'all-sites', hostRestriction: '300.1.1.1', account: { service: 'ssh', username: 'u', password: secrets.password } } });
  assert.equal(badHost.status, 400);
  assert.match(badHost.body.message, /300\.1\.1\.1/);

  // "Test credentials" (the SSH logins themselves: credentials-test.test.ts): a service that cannot be tested is a coded 501,
  // a credential without a host restriction needs a host, and a failed login answers its outcome — never the secret.
  const test1 = await call('POST', `/api/farsight/credentials/${snmp.body.id as number}/test`, { body: { siteId: site, host: '127.0.97.30' } });
  assert.equal(test1.status, 501, test1.text);
  assert.equal(test1.body.code, 'CREDENTIAL_TEST_UNAVAILABLE');
  assert.match(test1.body.message, new RegExp(`from scan engine 1 \\(site ${site}\\) is not available: only ssh and ssh-key credentials can be tested, this one is snmp`));
  assertMatchesV3(test1, 'Error');
  const noHost = await call('POST', `/api/farsight/credentials/${siteCredId}/test`);
  assert.equal(noHost.status, 400, noHost.text);
  assert.match(noHost.body.message, /say which host to log in to/);
  const test2 = await call('POST', `/api/farsight/credentials/${sharedId}/test`, { body: { siteId: site, timeoutMs: 3000 } });
  assert.equal(test2.status, 200, test2.text);
  assert.equal(test2.body.host, '127.0.97.30', 'the host restriction is the default target');
  assert.notEqual(test2.body.outcome, 'success');
  assert.equal((await call('POST', '/api/farsight/credentials/9999/test')).status, 404);

  await call('GET', '/api/farsight/audit?size=500');
  await call('GET', '/api/farsight/openapi.json');
  assert.equal((await call('DELETE', `/api/3/sites/${site}/site_credentials/${siteCredId}`)).status, 200);
  assert.equal((await call('GET', `/api/3/sites/${site}/site_credentials/${siteCredId}`)).status, 404);

  for (const { what, r } of responses) {
    for (const [name, value] of Object.entries(secrets)) assert.ok(!r.text.includes(value), `${what} leaks the ${name} canary`);
    if (!what.includes('openapi')) assert.deepEqual(secretKeys(r.body), [], `${what} has secret fields`);
  }
  const auditText = JSON.stringify(await c.db.selectFrom('audit_log').selectAll().execute());
  for (const value of Object.values(secrets)) assert.ok(!auditText.includes(value), 'audit details hold no secret');
  assert.ok(auditText.includes('credential.test'), 'the test action is audited');

  // At rest: the database holds sealed blobs only.
  if (db === 'sqlite') {
    const path = c.console.config.sqlitePath;
    await sql`PRAGMA wal_checkpoint(FULL)`.execute(c.db);
    const bytes = Buffer.concat([path, `${path}-wal`].filter((p) => existsSync(p)).map((p) => readFileSync(p)));
    assert.ok(bytes.length > 0);
    assert.ok(bytes.includes(Buffer.from('root ssh')), 'sanity: the file is the one holding the credentials');
    for (const value of Object.values(secrets)) assert.ok(!bytes.includes(Buffer.from(value)), 'plaintext secret in the SQLite file');
  } else {
    const rows = await sql<Record<string, unknown>>`SELECT * FROM credentials`.execute(c.db);
    const text = JSON.stringify(rows.rows);
    assert.ok(text.includes('root ssh'));
    for (const value of Object.values(secrets)) assert.ok(!text.includes(value), 'plaintext secret in PostgreSQL');
    assert.match(String(rows.rows[0]?.secret), /"v":1,"kid":"[0-9a-f]{16}","iv":/);
  }
  const keyFile = join(c.console.config.dataDir, 'master.key');
  assert.equal(statSync(keyFile).mode & 0o777, 0o600, 'the generated master key is owner-only');
});

forEachDb('credentials: site owners reach only their sites\' credentials; shared ones are admin-managed', async (t, db) => {
  const c = await startTestConsole({ db });
  t.after(() => c.stop());
  const mine = (await c.request('POST', '/api/3/sites', { body: { name: 'mine' } })).body.id as number;
  const theirs = (await c.request('POST', '/api/3/sites', { body: { name: 'theirs' } })).body.id as number;
  const owner = await c.createUser('site-owner', [mine]);
  const body = { name: 'db', account: { service: 'postgresql', username: 'scan', password: 'pw-x', database: 'app' } };
  assert.equal((await c.request('POST', `/api/3/sites/${mine}/site_credentials`, { auth: owner, body })).status, 201);
  assert.equal((await c.request('POST', `/api/3/sites/${theirs}/site_credentials`, { auth: owner, body })).status, 403);
  const theirCred = (await c.request('POST', `/api/3/sites/${theirs}/site_credentials`, { body })).body.id as number;
  assert.equal((await c.request('GET', `/api/3/sites/${theirs}/site_credentials`, { auth: owner })).status, 403);
  assert.equal((await c.request('GET', `/api/3/sites/${mine}/site_credentials/${theirCred}`, { auth: owner })).status, 404, 'a credential is reached through its own site only');
  assert.equal((await c.request('POST', `/api/farsight/credentials/${theirCred}/test`, { auth: owner })).status, 403);
  assert.equal((await c.request('POST', '/api/3/shared_credentials', { auth: owner, body: { ...body, siteAssignment: 'all-sites' } })).status, 403);
  assert.equal((await c.request('GET', '/api/3/shared_credentials', { auth: owner })).status, 200);
  const user = await c.createUser('user', [mine]);
  assert.equal((await c.request('GET', `/api/3/sites/${mine}/site_credentials`, { auth: user })).status, 403, 'plain users do not see credentials');
});
