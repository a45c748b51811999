// Credential collections (v3): PUT/DELETE /sites/{id}/site_credentials (replace / delete all, all
// or nothing), PUT …/site_credentials/{cid}/enabled, DELETE /shared_credentials (all),
// GET/PUT /sites/{id}/shared_credentials and PUT …/shared_credentials/{cid}/enabled — and that
// what is disabled is not used by the site's scans (resolveScanCredentials). No response ever
// carries a secret (canaries). Addresses: 127.31.5.x (this file's block; nothing binds them).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { forEachDb, startTestConsole, assertMatchesV3, type RequestOptions, type TestResponse } from './harness/index.ts';
import { openCredential } from '../../apps/console/src/services/credentials.ts';
import { consoleKeyring } from '../../apps/console/src/services/credentials-keyring.ts';
import { resolveScanCredentials } from '../../apps/console/src/services/scans-credentials.ts';

process.env.FARSIGHT_LOCAL_ENGINE = '0';
process.env.FARSIGHT_ENGINE_LISTEN_PORT ??= '0';

forEachDb('credential collections: replace/delete all, enable/disable, shared per site, secrets never returned', async (t, kind) => {
  const c = await startTestConsole({ db: kind });
  t.after(() => c.stop());
  const ring = consoleKeyring(c.console.config.dataDir);
  const canary = (tag: string): string => `CANARY-${tag}-${randomBytes(9).toString('hex')}`;
  const pw = { a: canary('a'), b: canary('b'), n: canary('n'), s: canary('s'), o: canary('o') };
  const seen: TestResponse[] = [];
  const call = async (method: string, path: string, opts: RequestOptions = {}): Promise<TestResponse> => {
    const r = await c.request(method, path, opts);
    seen.push(r);
    return r;
  };
  const ssh = (user: string, password?: string) => ({ service: 'ssh', username: user, ...(password ? { password } : {}) });
  const site = (await call('POST', '/api/3/sites', { body: { name: 'CC-1', scan: { assets: { includedTargets: { addresses: ['127.31.5.0/28'] } } } } })).body.id as number;
  const other = (await call('POST', '/api/3/sites', { body: { name: 'CC-2', scan: { assets: { includedTargets: { addresses: ['127.31.5.16/28'] } } } } })).body.id as number;
  const mk = async (name: string, password: string): Promise<number> => {
    const r = await call('POST', `/api/3/sites/${site}/site_credentials`, { body: { name, account: ssh(name, password) } });
    assert.equal(r.status, 201, r.text);
    return r.body.id as number;
  };
  const a = await mk('alpha', pw.a);
  const b = await mk('beta', pw.b);
  const otherCred = (await call('POST', `/api/3/sites/${other}/site_credentials`, { body: { name: 'elsewhere', account: ssh('x', pw.o) } })).body.id as number;
  const names = async (s = site): Promise<string[]> => ((await call('GET', `/api/3/sites/${s}/site_credentials`)).body.resources as Array<{ name: string }>).map((x) => x.name).sort();
  const used = async (s = site): Promise<number[]> => (await resolveScanCredentials(c.db, ring, s)).credentials.map((x) => x.id).sort((x, y) => x - y);

  // All or nothing: an id of another site's credential, a duplicate, or an incomplete new entry changes nothing.
  for (const [body, re] of [
    [[{ id: a, name: 'renamed', account: ssh('alpha') }, { id: otherCred, name: 'steal', account: ssh('x') }], /has no credentials/],
    [[{ id: a, name: 'renamed', account: ssh('alpha') }, { id: a, name: 'again', account: ssh('alpha') }], /more than once/],
    [[{ id: a, name: 'renamed', account: ssh('alpha') }, { name: 'new without password', account: ssh('n') }], /password/],
  ] as const) {
    const r = await call('PUT', `/api/3/sites/${site}/site_credentials`, { body: body as unknown as object });
    assert.equal(r.status, 400, r.text);
    assertMatchesV3(r, 'BadRequestError');
    assert.match(r.body.message, re);
    assert.deepEqual(await names(), ['alpha', 'beta'], 'nothing changed');
  }
  assert.equal((await call('PUT', `/api/3/sites/${site}/site_credentials`, { body: { name: 'not a list' } })).status, 400);

  // Replace: a kept (renamed, password kept), b deleted, one created.
  const put = await call('PUT', `/api/3/sites/${site}/site_credentials`, { body: [{ id: a, name: 'alpha2', account: ssh('alpha') }, { name: 'new', account: ssh('n', pw.n) }] });
  assert.equal(put.status, 200, put.text);
  assertMatchesV3(put, 'Links');
  assert.deepEqual(await names(), ['alpha2', 'new']);
  assert.equal((await openCredential(c.db, ring, a)).secret.password, pw.a, 'an omitted secret keeps its stored value');
  assert.equal((await call('GET', `/api/3/sites/${site}/site_credentials/${b}`)).status, 404);
  assert.deepEqual(await names(other), ['elsewhere'], 'other sites are untouched');

  // Enable/disable a site credential (v3 body: a bare boolean).
  const newId = ((await call('GET', `/api/3/sites/${site}/site_credentials`)).body.resources as Array<{ id: number; name: string }>).find((x) => x.name === 'new')?.id as number;
  assert.deepEqual(await used(), [a, newId].sort((x, y) => x - y));
  const off = await call('PUT', `/api/3/sites/${site}/site_credentials/${a}/enabled`, { body: false });
  assert.equal(off.status, 200, off.text);
  assert.equal((await call('GET', `/api/3/sites/${site}/site_credentials/${a}`)).body.enabled, false);
  assert.deepEqual(await used(), [newId], 'a disabled site credential is not used by scans');
  assert.equal((await call('PUT', `/api/3/sites/${site}/site_credentials/${a}/enabled`, { body: true })).status, 200);
  assert.equal((await call('GET', `/api/3/sites/${site}/site_credentials/${a}`)).body.enabled, true);
  assert.equal((await call('PUT', `/api/3/sites/${site}/site_credentials/${a}/enabled`, { body: 'yes' })).status, 400);
  assert.equal((await call('PUT', `/api/3/sites/${site}/site_credentials/${otherCred}/enabled`, { body: false })).status, 404, 'another site\'s credential');

  // Shared credentials as a site sees them.
  const shared = async (name: string, assignment: object): Promise<number> => {
    const r = await call('POST', '/api/3/shared_credentials', { body: { name, account: ssh(name, pw.s), ...assignment } });
    assert.equal(r.status, 201, r.text);
    return r.body.id as number;
  };
  const everywhere = await shared('everywhere', { siteAssignment: 'all-sites' });
  const onlyOther = await shared('only-other', { siteAssignment: 'specific-sites', sites: [other] });
  const onlyHere = await shared('only-here', { siteAssignment: 'specific-sites', sites: [site] });
  const list = await call('GET', `/api/3/sites/${site}/shared_credentials`);
  assert.equal(list.status, 200, list.text);
  assertMatchesV3(list, 'Resources«SiteSharedCredential»');
  assert.deepEqual(list.body.resources.map((x: { id: number; enabled: boolean; service: string }) => [x.id, x.enabled, x.service]), [[everywhere, true, 'ssh'], [onlyHere, true, 'ssh']]);
  assert.ok((await used()).includes(everywhere));
  assert.equal((await call('PUT', `/api/3/sites/${site}/shared_credentials/${everywhere}/enabled`, { body: false })).status, 200);
  assert.deepEqual((await call('GET', `/api/3/sites/${site}/shared_credentials`)).body.resources.map((x: { enabled: boolean }) => x.enabled), [false, true]);
  assert.ok(!(await used()).includes(everywhere), 'disabled for this site: not used by its scans');
  assert.ok((await used(other)).includes(everywhere), 'still used by the other site');
  const notAssigned = await call('PUT', `/api/3/sites/${site}/shared_credentials/${onlyOther}/enabled`, { body: false });
  assert.equal(notAssigned.status, 404);
  assert.match(notAssigned.body.message, /not assigned to site/);
  // PUT the list: listed states set, unlisted assigned ones back to enabled; unknown ids refused, nothing changed.
  assert.equal((await call('PUT', `/api/3/sites/${site}/shared_credentials`, { body: [{ id: onlyHere, enabled: false }, { id: onlyOther, enabled: false }] })).status, 404);
  assert.deepEqual((await call('GET', `/api/3/sites/${site}/shared_credentials`)).body.resources.map((x: { enabled: boolean }) => x.enabled), [false, true]);
  assert.equal((await call('PUT', `/api/3/sites/${site}/shared_credentials`, { body: [{ id: onlyHere, enabled: false, name: 'ignored' }] })).status, 200);
  assert.deepEqual((await call('GET', `/api/3/sites/${site}/shared_credentials`)).body.resources.map((x: { enabled: boolean }) => x.enabled), [true, false]);
  assert.equal((await call('PUT', `/api/3/sites/${site}/shared_credentials`, { body: [{ id: 'x' }] })).status, 400);

  // RBAC by site: a site-owner of the other site cannot read or change this one; a user can do neither.
  const owner = await c.createUser('site-owner', [other]);
  assert.equal((await call('GET', `/api/3/sites/${site}/shared_credentials`, { auth: owner })).status, 403);
  assert.equal((await call('DELETE', `/api/3/sites/${site}/site_credentials`, { auth: owner })).status, 403);
  assert.equal((await call('PUT', `/api/3/sites/${other}/shared_credentials/${everywhere}/enabled`, { auth: owner, body: false })).status, 200, 'a site-owner may disable a shared credential for its own site');
  assert.equal((await call('DELETE', '/api/3/shared_credentials', { auth: owner })).status, 403);
  const user = await c.createUser('user', [site]);
  assert.equal((await call('GET', `/api/3/sites/${site}/shared_credentials`, { auth: user })).status, 403, 'users lack credentials:read, as for site_credentials');
  assert.equal((await call('GET', `/api/3/sites/${other}/shared_credentials`, { auth: owner })).status, 200);
  assert.equal((await call('PUT', `/api/3/sites/${site}/shared_credentials/${onlyHere}/enabled`, { auth: user, body: true })).status, 403);

  // Delete all: the site's own, then every shared credential.
  const delSite = await call('DELETE', `/api/3/sites/${site}/site_credentials`);
  assert.equal(delSite.status, 200, delSite.text);
  assert.deepEqual(await names(), []);
  assert.deepEqual(await names(other), ['elsewhere']);
  assert.equal((await call('DELETE', '/api/3/shared_credentials')).status, 200);
  assert.deepEqual((await call('GET', '/api/3/shared_credentials')).body.resources, []);
  assert.deepEqual((await call('GET', `/api/3/sites/${site}/shared_credentials`)).body.resources, []);
  assert.equal(Number((await c.db.selectFrom('site_shared_credentials_disabled').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n), 0, 'per-site states go with their credential');
  assert.deepEqual(await used(), []);

  const acts = (await c.db.selectFrom('audit_log').select('action').execute()).map((r) => r.action);
  for (const act of ['site-credentials.replace', 'credential.disable', 'credential.enable', 'site-shared-credentials.set', 'site-credentials.delete-all', 'shared-credentials.delete-all']) {
    assert.ok(acts.includes(act), `audited: ${act}`);
  }
  const texts = [...seen.map((r) => r.text), JSON.stringify(await c.db.selectFrom('audit_log').selectAll().execute())].join('\n');
  for (const [k, v] of Object.entries(pw)) assert.ok(!texts.includes(v), `secret ${k} never appears in a response or the audit log`);
});
