// Authentication: Basic, API keys, sessions + CSRF, lockout, rate limits, audit of logins.
import assert from 'node:assert/strict';
import { forEachDb, startTestConsole, assertMatchesV3 } from './harness/index.ts';

forEachDb('auth: HTTP Basic accepts the right password and refuses others with a v3 401', async (t, db) => {
  const c = await startTestConsole({ db });
  t.after(() => c.stop());
  assert.equal((await c.request('GET', '/api/3/users')).status, 200);
  const none = await c.request('GET', '/api/3/users', { auth: 'none' });
  assert.equal(none.status, 401);
  assert.match(String(none.headers['www-authenticate']), /^Basic realm="Farsight"/);
  assertMatchesV3(none, 'UnauthorizedError');
  assert.equal(none.body.code, 'UNAUTHENTICATED');
  const bad = await c.request('GET', '/api/3/users', { auth: { user: 'admin', password: 'wrong-password!' } });
  assert.equal(bad.status, 401);
  const unknown = await c.request('GET', '/api/3/users', { auth: { user: 'nobody', password: 'wrong-password!' } });
  assert.equal(unknown.status, 401);
  assert.equal(unknown.body.message, bad.body.message, 'unknown login and wrong password look the same');
  const audit = await c.request('GET', '/api/farsight/audit?action=login.failure');
  assert.equal(audit.status, 200);
  assert.ok(audit.body.resources.some((e: { login: string }) => e.login === 'nobody'));
});

forEachDb('auth: API keys are shown once, stored hashed, listed without the secret, and revocable', async (t, db) => {
  const c = await startTestConsole({ db });
  t.after(() => c.stop());
  const u = await c.createUser('user');
  const created = await c.request('POST', '/api/farsight/api_keys', { auth: u, body: { name: 'ci' } });
  assert.equal(created.status, 201);
  const key = created.body.key as string;
  assert.match(key, /^fsk_[A-Za-z0-9_-]{43}$/);
  const me = await c.request('GET', '/api/farsight/session', { auth: { apiKey: key } });
  assert.equal(me.status, 200);
  assert.equal(me.body.user.login, u.user);
  assert.equal(me.body.via, 'api-key');
  const rows = await c.db.selectFrom('api_keys').selectAll().execute();
  assert.ok(!JSON.stringify(rows).includes(key.slice(4)), 'the key itself is never stored');
  const list = await c.request('GET', '/api/farsight/api_keys', { auth: { apiKey: key } });
  assert.equal(list.body.resources.length, 1);
  assert.ok(!list.text.includes(key.slice(4)));
  assert.equal(list.body.resources[0].prefix, key.slice(0, 12));
  // Another user cannot revoke it (and learns nothing); the owner can.
  const other = await c.createUser('site-owner');
  assert.equal((await c.request('DELETE', `/api/farsight/api_keys/${created.body.id}`, { auth: other })).status, 404);
  assert.equal((await c.request('DELETE', `/api/farsight/api_keys/${created.body.id}`, { auth: { apiKey: key } })).status, 200);
  assert.equal((await c.request('GET', '/api/farsight/session', { auth: { apiKey: key } })).status, 401);
  assert.equal((await c.request('GET', '/api/farsight/session', { auth: { apiKey: 'fsk_' + 'A'.repeat(43) } })).status, 401);
  assert.equal((await c.request('GET', '/api/farsight/session', { auth: { apiKey: 'garbage' } })).status, 401);
  // Admins see everyone's keys with all=true; users only their own.
  const all = await c.request('GET', '/api/farsight/api_keys?all=true');
  assert.equal(all.body.page.totalResources, 1);
});

forEachDb('auth: session cookie is Secure/HttpOnly/SameSite=Strict and needs the CSRF token to change anything', async (t, db) => {
  const c = await startTestConsole({ db });
  t.after(() => c.stop());
  const login = await c.request('POST', '/api/farsight/session', { auth: 'none', body: { login: 'admin', password: c.admin.password } });
  assert.equal(login.status, 200);
  const setCookie = String(login.headers['set-cookie']);
  assert.match(setCookie, /farsight_session=/);
  assert.match(setCookie, /HttpOnly/i);
  assert.match(setCookie, /Secure/i);
  assert.match(setCookie, /SameSite=Strict/i);
  const cookie = /farsight_session=([^;]+)/.exec(setCookie)?.[1] ?? '';
  const csrf = login.body.csrfToken as string;
  assert.equal((await c.request('GET', '/api/3/users', { auth: { cookie } })).status, 200, 'reads need no CSRF token');
  const body = { login: 'sess-made', name: 'S', password: 'a-long-password-1', role: { id: 'user' } };
  const noCsrf = await c.request('POST', '/api/3/users', { auth: { cookie }, body });
  assert.equal(noCsrf.status, 403);
  assert.equal(noCsrf.body.code, 'CSRF_TOKEN_INVALID');
  assert.equal((await c.request('POST', '/api/3/users', { auth: { cookie, csrf: 'x'.repeat(43) }, body })).status, 403);
  assert.equal((await c.request('POST', '/api/3/users', { auth: { cookie, csrf }, body })).status, 201);
  assert.equal((await c.request('DELETE', '/api/farsight/session', { auth: { cookie } })).status, 403, 'logout is state-changing too');
  assert.equal((await c.request('DELETE', '/api/farsight/session', { auth: { cookie, csrf } })).status, 204);
  assert.equal((await c.request('GET', '/api/3/users', { auth: { cookie } })).status, 401);
  const audit = await c.request('GET', '/api/farsight/audit');
  const actions = audit.body.resources.map((e: { action: string }) => e.action);
  for (const a of ['login.success', 'logout', 'user.create']) assert.ok(actions.includes(a), `audit has ${a}`);
  assert.equal((await c.request('POST', '/api/farsight/session', { auth: 'none', body: { login: 'admin', password: 'nope-nope-nope' } })).status, 401);
});

forEachDb('auth: an account locks after N failed logins, even the right password fails, an admin unlocks it', async (t, db) => {
  const c = await startTestConsole({ db, auth: { lockoutThreshold: 3, lockoutMinutes: 30, failureRateMax: 100 } });
  t.after(() => c.stop());
  const u = await c.createUser('user');
  assert.equal((await c.request('GET', '/api/farsight/session', { auth: u })).status, 200);
  for (let i = 0; i < 3; i++) assert.equal((await c.request('GET', '/api/farsight/session', { auth: { user: u.user, password: 'wrong-password' } })).status, 401);
  assert.equal((await c.request('GET', '/api/farsight/session', { auth: u })).status, 401, 'locked: the right password fails');
  assert.equal((await c.request('POST', '/api/farsight/session', { auth: 'none', body: { login: u.user, password: u.password } })).status, 401);
  const view = await c.request('GET', `/api/3/users/${u.id}`);
  assert.equal(view.body.locked, true);
  const audit = await c.request('GET', '/api/farsight/audit?action=login.locked');
  assert.equal(audit.body.resources.length, 1);
  assert.equal((await c.request('DELETE', `/api/3/users/${u.id}/lock`)).status, 200);
  assert.equal((await c.request('GET', '/api/farsight/session', { auth: u })).status, 200);
  // A success resets the count: two failures then success then two failures do not lock.
  for (const pw of ['bad-1-xxxxxx', 'bad-2-xxxxxx', u.password, 'bad-3-xxxxxx', 'bad-4-xxxxxx']) await c.request('GET', '/api/farsight/session', { auth: { user: u.user, password: pw } });
  assert.equal((await c.request('GET', '/api/farsight/session', { auth: u })).status, 200);
});

forEachDb('auth: failed logins and login attempts per client are rate limited (429 + Retry-After)', async (t, db) => {
  const c = await startTestConsole({ db, auth: { failureRateMax: 3, loginRateMax: 5, lockoutThreshold: 1000 } });
  t.after(() => c.stop());
  for (let i = 0; i < 3; i++) assert.equal((await c.request('GET', '/api/3/users', { auth: { user: 'admin', password: `bad-${i}-password` } })).status, 401);
  const limited = await c.request('GET', '/api/3/users');
  assert.equal(limited.status, 429, 'after 3 failures even the right Basic password waits');
  assert.equal(limited.body.code, 'RATE_LIMITED');
  assert.ok(Number(limited.headers['retry-after']) > 0);
  // API keys are not password guesses: an admin key still works from the same address.
  const c2 = await startTestConsole({ db, auth: { loginRateMax: 2, failureRateMax: 100 } });
  t.after(() => c2.stop());
  const codes: number[] = [];
  for (let i = 0; i < 4; i++) codes.push((await c2.request('POST', '/api/farsight/session', { auth: 'none', body: { login: 'admin', password: c2.admin.password } })).status);
  assert.deepEqual(codes, [200, 200, 429, 429]);
});

forEachDb('auth: users change their own password with the current one; sessions end', async (t, db) => {
  const c = await startTestConsole({ db });
  t.after(() => c.stop());
  const u = await c.createUser('user');
  const wrong = await c.request('PUT', '/api/farsight/session/password', { auth: u, body: { currentPassword: 'not-my-password', newPassword: 'a-brand-new-password' } });
  assert.equal(wrong.status, 400);
  const short = await c.request('PUT', '/api/farsight/session/password', { auth: u, body: { currentPassword: u.password, newPassword: 'short' } });
  assert.equal(short.status, 400);
  const login = await c.request('POST', '/api/farsight/session', { auth: 'none', body: { login: u.user, password: u.password } });
  const cookie = /farsight_session=([^;]+)/.exec(String(login.headers['set-cookie']))?.[1] ?? '';
  const ok = await c.request('PUT', '/api/farsight/session/password', { auth: { cookie, csrf: login.body.csrfToken }, body: { currentPassword: u.password, newPassword: 'a-brand-new-password' } });
  assert.equal(ok.status, 204);
  assert.equal((await c.request('GET', '/api/farsight/session', { auth: { cookie } })).status, 401, 'sessions end');
  assert.equal((await c.request('GET', '/api/farsight/session', { auth: u })).status, 401, 'old password refused');
  assert.equal((await c.request('GET', '/api/farsight/session', { auth: { user: u.user, password: 'a-brand-new-password' } })).status, 200);
  const audit = await c.request('GET', '/api/farsight/audit?action=user.update');
  assert.ok(audit.body.resources.some((e: { details: { passwordChanged?: boolean } }) => e.details.passwordChanged));
  assert.ok(!audit.text.includes('a-brand-new-password'), 'no secrets in the audit log');
});

forEachDb('auth: cross-site browser requests cannot change anything with cached Basic credentials', async (t, db) => {
  const c = await startTestConsole({ db });
  t.after(() => c.stop());
  const body = { login: 'xsite', name: 'X', password: 'a-long-password-1', role: { id: 'user' } };
  const cross = await c.request('POST', '/api/3/users', { body, headers: { 'sec-fetch-site': 'cross-site' } });
  assert.equal(cross.status, 403);
  assert.equal(cross.body.code, 'CSRF_TOKEN_INVALID');
  assert.equal((await c.request('POST', '/api/3/users', { body, headers: { 'sec-fetch-site': 'same-site' } })).status, 403);
  assert.equal((await c.request('GET', '/api/3/users', { headers: { 'sec-fetch-site': 'cross-site' } })).status, 200, 'reads are fine');
  // A cross-site form post (text/plain) is refused whatever it carries; urlencoded is no body type here.
  assert.equal((await c.request('POST', '/api/3/users', { body: JSON.stringify(body), headers: { 'content-type': 'text/plain', 'sec-fetch-site': 'cross-site' } })).status, 403);
  assert.equal((await c.request('POST', '/api/3/users', { body: 'login=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status, 415);
  assert.equal((await c.request('POST', '/api/3/users', { body, headers: { 'sec-fetch-site': 'same-origin' } })).status, 201);
});
