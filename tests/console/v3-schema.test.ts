// v3 compatibility: responses validated against ../shared/api/insightvm-api-v3.json definitions.
// Users routes explicitly; every other registered GET /api/3 route automatically (lists, and
// /{id} children when the list has a resource); error bodies against the spec's *Error definitions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDb, startTestConsole, assertMatchesV3, v3Errors } from './harness/index.ts';
import { v3ResponseRef, definitionName } from './harness/v3-schema.ts';

test('v3 validator: resolves names, reports type/required/enum mismatches, accepts valid bodies', () => {
  assert.equal(definitionName('#/definitions/PageOf«Site»'), 'PageOf«Site»');
  assert.equal(definitionName('PageOfSite'), 'PageOf«Site»');
  assert.equal(definitionName('ResourcesUser'), 'Resources«User»');
  assert.throws(() => definitionName('NoSuchThing'), /no definition/);
  const link = { href: 'https://h/api/3/users/1', rel: 'self' };
  assert.deepEqual(v3Errors({ id: 1, login: 'a', name: 'b', links: [link] }, 'User'), []);
  assert.deepEqual(v3Errors({ login: 'a' }, 'User'), ['$: missing required property name']);
  assert.match(v3Errors({ login: 'a', name: 'b', id: 'one' }, 'User')[0] ?? '', /\$\.id: expected integer/);
  assert.match(v3Errors({ login: 'a', name: 'b', email: null }, 'User')[0] ?? '', /expected string, got null/);
  assert.deepEqual(v3Errors({ status: 404 }, 'NotFoundError'), ['$.status: 404 is not one of ["404"]', '$.status: expected string, got number 404']);
  assert.match(v3Errors({ status: '400' }, 'NotFoundError')[0] ?? '', /is not one of/);
  assert.match(v3Errors({ resources: [{ id: 2 ** 40 }] }, 'PageOf«Site»')[0] ?? '', /int32/);
  assert.deepEqual(v3Errors({ login: 'a', name: 'b', extra: 1 }, 'User'), []);
  assert.deepEqual(v3Errors({ login: 'a', name: 'b', extra: 1 }, 'User', { strict: true }), ['$: property extra is not in the v3 definition']);
  assert.throws(() => assertMatchesV3({ resources: 'x' }, 'PageOfUser'), /does not match v3 PageOf«User»/);
  assert.equal(v3ResponseRef('GET', '/api/3/sites', 200), 'PageOf«Site»');
  assert.equal(v3ResponseRef('GET', '/api/3/sites/:id', 200), 'Site');
  assert.equal(v3ResponseRef('GET', '/api/farsight/audit', 200), undefined);
});

forEachDb('v3: users list/get/create/update/delete and error bodies match the spec', async (t, db) => {
  const c = await startTestConsole({ db });
  t.after(() => c.stop());
  const created = await c.request('POST', '/api/3/users', { body: { login: 'jdoe', name: 'J Doe', email: 'j@example.test', password: 'correct-horse-1', role: { id: 'site-admin' }, enabled: true } });
  assert.equal(created.status, 201);
  assertMatchesV3(created, 'CreatedReference«UserID,Link»', { strict: true });
  const list = await c.request('GET', '/api/3/users?page=0&size=1&sort=login,DESC');
  assertMatchesV3(list, 'PageOf«User»');
  assert.equal(list.body.page.totalResources, 2);
  assert.equal(list.body.page.totalPages, 2);
  assert.equal(list.body.resources[0].login, 'jdoe');
  assert.deepEqual(list.body.links.map((l: { rel: string }) => l.rel), ['first', 'self', 'next', 'last']);
  assert.match(list.body.links[2].href, /page=1&size=1&sort=login%2CDESC$/);
  const one = await c.request('GET', `/api/3/users/${created.body.id}`);
  assertMatchesV3(one, 'User');
  assert.equal(one.body.role.id, 'site-owner');
  const put = await c.request('PUT', `/api/3/users/${created.body.id}`, { body: { login: 'jdoe', name: 'Jane Doe', role: { id: 'user' } } });
  assertMatchesV3(put, 'Links', { strict: true });
  assert.equal((await c.request('GET', `/api/3/users/${created.body.id}`)).body.name, 'Jane Doe');
  const sites = await c.request('PUT', `/api/3/users/${created.body.id}/sites`, { body: [4, 5] });
  assert.equal(sites.status, 200);
  assertMatchesV3(await c.request('GET', `/api/3/users/${created.body.id}/sites`), 'ReferencesWith«SiteID,Link»');
  assertMatchesV3(await c.request('DELETE', `/api/3/users/${created.body.id}`), 'Links');
  const missing = await c.request('GET', `/api/3/users/${created.body.id}`);
  assert.equal(missing.status, 404);
  assertMatchesV3(missing, 'NotFoundError');
  const badSort = await c.request('GET', '/api/3/users?sort=password,ASC');
  assert.equal(badSort.status, 400);
  assertMatchesV3(badSort, 'BadRequestError');
  assert.equal((await c.request('GET', '/api/3/users?size=501')).status, 400);
  const dup = await c.request('POST', '/api/3/users', { body: { login: 'admin', name: 'x', password: 'correct-horse-1', role: { id: 'user' } } });
  assert.equal(dup.status, 409);
  assertMatchesV3(dup, 'Error');
  assert.equal((await c.request('DELETE', '/api/3/users/1')).status, 409, 'cannot delete yourself / the last admin');
});

forEachDb('v3: every registered GET /api/3 route answers with the shape the spec documents', async (t, db) => {
  const c = await startTestConsole({ db });
  t.after(() => c.stop());
  const gets = c.routes.filter((r) => r.method === 'GET' && r.url.startsWith('/api/3/'));
  const checked: string[] = [];
  const skipped: string[] = [];
  const problems: string[] = [];
  const firstId = new Map<string, string>();
  for (const r of gets.sort((a, b) => a.url.length - b.url.length)) {
    const ref = v3ResponseRef('GET', r.url, 200);
    if (!ref) { skipped.push(`${r.url} (not in v3)`); continue; }
    // Fill parameters from ids seen in parent lists (e.g. /sites → /sites/:id).
    let url = r.url;
    for (const m of r.url.matchAll(/:([A-Za-z0-9_]+)/g)) {
      const parent = url.slice(0, url.indexOf(m[0]) - 1);
      const id = firstId.get(parent);
      if (id === undefined) break;
      url = url.replace(m[0], id);
    }
    if (url.includes(':')) { skipped.push(`${r.url} (no resource to address)`); continue; }
    const res = await c.request('GET', url);
    if (res.status !== 200) { problems.push(`GET ${url}: ${res.status} ${res.text.slice(0, 200)}`); continue; }
    const errs = v3Errors(res.body, ref);
    if (errs.length > 0) problems.push(`GET ${url} vs ${ref}:\n    ${errs.slice(0, 8).join('\n    ')}`);
    const id: unknown = res.body?.resources?.[0]?.id;
    if (typeof id === 'number' || typeof id === 'string') firstId.set(r.url, encodeURIComponent(String(id)));
    checked.push(`${url} → ${ref}`);
  }
  t.diagnostic(`validated ${checked.length}: ${checked.join(', ')}`);
  t.diagnostic(`not validated ${skipped.length}: ${skipped.join(', ')}`);
  assert.ok(checked.length >= 2);
  assert.deepEqual(problems, []);
});
