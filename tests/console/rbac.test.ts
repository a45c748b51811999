// RBAC matrix: every registered route × every role (plus no credentials) against the role table.
// Routes are collected from the app itself, so routes added later are covered automatically.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { forEachDb, startTestConsole, type TestConsole } from './harness/index.ts';
import { ROLES, roleHas, isPermission, type Permission, type Role } from '../../apps/console/src/http/permissions.ts';
import { buildApp } from '../../apps/console/src/http/app.ts';
import { resolveConfig } from '../../apps/console/src/config.ts';
import { openDb, migrateToLatest } from '../../apps/console/src/db/index.ts';

/** A concrete URL for a route pattern: ids that do not exist, so nothing real is changed. */
export function concreteUrl(url: string): string {
  return url
    .replace(/:([A-Za-z0-9_]+)\(([^)]*)\)/g, '2147483000')
    .replace(/:[A-Za-z0-9_]+/g, '2147483000')
    .replace(/\*$/, 'index.html');
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

async function call(c: TestConsole, method: string, url: string, auth: Parameters<TestConsole['request']>[2] extends infer O ? O extends { auth?: infer A } ? A : never : never) {
  return c.request(method, concreteUrl(url), { auth, ...(MUTATING.has(method) && method !== 'DELETE' && { body: {} }) });
}

test('rbac: a route without a permission is refused when registered', async (t) => {
  const db = openDb({ sqlitePath: ':memory:' });
  t.after(() => db.destroy());
  await migrateToLatest(db);
  const dataDir = mkdtempSync(join(tmpdir(), 'farsight-rbac-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const app = await buildApp({ db, config: resolveConfig({ dataDir, sqlitePath: ':memory:', logLevel: 'silent', databaseUrl: undefined }) });
  t.after(() => app.close());
  assert.throws(() => app.get('/api/farsight/no-permission', () => 'x'), /declares no valid permission/);
  assert.throws(() => app.get('/api/farsight/bad-permission', { config: { permission: 'sites:destroy' as Permission } }, () => 'x'), /declares no valid permission/);
});

forEachDb('rbac: every route × every role matches the role table (401 without credentials, 403 without the permission)', async (t, db) => {
  const c = await startTestConsole({ db, auth: { failureRateMax: 100_000 } });
  t.after(() => c.stop());
  const routes = c.routes.filter((r) => r.method !== 'OPTIONS');
  assert.ok(routes.length >= 15, `expected the console's routes, got ${routes.length}`);
  for (const r of routes) assert.ok(isPermission(r.permission), `${r.method} ${r.url} has a valid permission`);
  const creds: Record<Role, { user: string; password: string }> = {
    'global-admin': (await c.createUser('global-admin')),
    'site-owner': (await c.createUser('site-owner', [1])),
    user: (await c.createUser('user', [1])),
  };
  const problems: string[] = [];
  const counts = { checked: 0, public: 0 };
  for (const r of routes) {
    const anon = await call(c, r.method, r.url, 'none');
    if (r.permission === 'public') counts.public++;
    else if (anon.status !== 401) problems.push(`${r.method} ${r.url} without credentials: ${anon.status} (want 401)`);
    // Denied roles first, then allowed ones, so an allowed mutation cannot hide a denial.
    const order = [...ROLES].sort((a, b) => Number(roleHas(a, r.permission)) - Number(roleHas(b, r.permission)));
    for (const role of order) {
      const res = await call(c, r.method, r.url, creds[role]);
      counts.checked++;
      const allowed = roleHas(role, r.permission);
      const code = res.headers['x-farsight-error'];
      if (!allowed && !(res.status === 403 && code === 'PERMISSION_DENIED')) {
        problems.push(`${r.method} ${r.url} as ${role}: ${res.status} ${code ?? ''} (want 403 PERMISSION_DENIED: lacks ${r.permission})`);
      }
      if (allowed && (res.status === 401 || (res.status === 403 && code === 'PERMISSION_DENIED') || res.status >= 500)) {
        problems.push(`${r.method} ${r.url} as ${role}: ${res.status} ${res.body?.code ?? ''} ${res.body?.message ?? ''} (role has ${r.permission})`);
      }
    }
  }
  t.diagnostic(`${routes.length} routes, ${counts.public} public, ${counts.checked} route×role checks`);
  assert.deepEqual(problems, []);
});

forEachDb('rbac: site-scoped actors carry their site grants; users cannot reach admin routes', async (t, db) => {
  const c = await startTestConsole({ db });
  t.after(() => c.stop());
  const owner = await c.createUser('site-owner', [3, 7]);
  const me = await c.request('GET', '/api/farsight/session', { auth: owner });
  assert.deepEqual(me.body.user.siteIds, [3, 7]);
  assert.equal(me.body.user.role, 'site-owner');
  assert.ok(me.body.user.permissions.includes('sites:write'));
  assert.ok(!me.body.user.permissions.includes('sites:manage'));
  for (const [m, p] of [['GET', '/api/3/users'], ['GET', '/api/farsight/audit'], ['POST', '/api/3/users']] as const) {
    const r = await c.request(m, p, { auth: owner, body: m === 'POST' ? {} : undefined });
    assert.equal(r.status, 403, `${m} ${p}`);
  }
});
