/**
 * `startTestConsole()` — a real console (startConsole: migrations, TLS, HTTPS on 127.0.0.x
 * port 0) on SQLite in a temp data dir or on a fresh database of the throwaway PostgreSQL.
 * `request()` goes through `app.inject` (no socket, fast); `{ socket: true }` sends it over
 * real HTTPS, trusting the console's own CA.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startConsole, type RunningConsole } from '../../../apps/console/src/console-main.ts';
import type { ConsoleConfigInput } from '../../../apps/console/src/config.ts';
import type { RouteInfo } from '../../../apps/console/src/http/app.ts';
import type { Db } from '../../../apps/console/src/db/index.ts';
import { startPostgres } from './postgres.ts';

/** Which database a test console uses. */
export type DbKind = 'sqlite' | 'postgres';

/** Credentials for a request: the admin (default), none, a user, an API key, or a session. */
export type TestAuth = 'admin' | 'none' | { user: string; password: string } | { apiKey: string } | { cookie: string; csrf?: string };

/** Options of one request. */
export interface RequestOptions {
  body?: unknown;
  auth?: TestAuth;
  headers?: Record<string, string>;
  /** Send over a real HTTPS socket instead of app.inject. */
  socket?: boolean;
}

/** A response: parsed JSON body (undefined when not JSON). */
export interface TestResponse {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
  body: any;
  text: string;
}

/** A console under test. */
export interface TestConsole {
  url: string;
  /** Same as url (https://host:port), for building absolute links. */
  baseUrl: string;
  dbKind: DbKind;
  admin: { user: string; password: string };
  db: Db;
  console: RunningConsole;
  /** Routes collected while the app was built (RBAC test). */
  routes: RouteInfo[];
  request(method: string, path: string, opts?: RequestOptions): Promise<TestResponse>;
  /** Creates a user with `role` (and site grants) as admin; returns its credentials. */
  createUser(role: 'global-admin' | 'site-owner' | 'user', siteIds?: number[]): Promise<{ id: number; user: string; password: string }>;
  stop(): Promise<void>;
}

/** Options: the database plus any console config overrides (auth limits, host, …). */
export interface TestConsoleOptions extends ConsoleConfigInput {
  db?: DbKind;
  /** The API's clock (exception expiry and other time rules over HTTP). */
  clock?: () => Date;
}

let users = 0;

function authHeaders(auth: TestAuth, admin: { user: string; password: string }): Record<string, string> {
  if (auth === 'none') return {};
  if (auth === 'admin') return { authorization: `Basic ${Buffer.from(`${admin.user}:${admin.password}`).toString('base64')}` };
  if ('apiKey' in auth) return { 'x-api-key': auth.apiKey };
  if ('cookie' in auth) return { cookie: `farsight_session=${auth.cookie}`, ...(auth.csrf !== undefined && { 'x-csrf-token': auth.csrf }) };
  return { authorization: `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}` };
}

function parse(text: string): unknown {
  try { return text.length > 0 ? JSON.parse(text) : undefined; } catch { return undefined; }
}

function overSocket(c: RunningConsole, method: string, path: string, headers: Record<string, string>, payload: string | undefined): Promise<TestResponse> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest({
      host: c.config.host, port: c.port, method, path, headers, servername: 'localhost',
      ca: c.tls.caCert ?? c.tls.cert, timeout: 30_000,
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parse(text), text });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`request ${method} ${path} timed out`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** Starts a console for a test; call `stop()` in `t.after`. */
export async function startTestConsole(opts: TestConsoleOptions = {}): Promise<TestConsole> {
  const { db: dbKind = 'sqlite', clock, ...overrides } = opts;
  // The remote-engine listener defaults to port 40815: test consoles of parallel files would
  // collide on it. Tests that need a given port set the variable themselves.
  process.env.FARSIGHT_ENGINE_LISTEN_PORT ??= '0';
  const dataDir = mkdtempSync(join(tmpdir(), 'farsight-console-'));
  const databaseUrl = dbKind === 'postgres' ? await (await startPostgres()).createDatabase() : undefined;
  const admin = { user: 'admin', password: `test-${randomBytes(12).toString('base64url')}` };
  const routes: RouteInfo[] = [];
  const running = await startConsole({
    // FARSIGHT_TEST_CONSOLE_LOG=info (or debug) shows the console's log while debugging a test.
    host: '127.0.0.1', port: 0, dataDir, logLevel: (process.env.FARSIGHT_TEST_CONSOLE_LOG as 'info' | undefined) ?? 'silent', leaderRetryMs: 250,
    ...overrides,
    databaseUrl, adminPassword: admin.password,
  }, { print: () => {}, onRoute: (r) => routes.push(r), ...(clock ? { clock } : {}) });
  const request = async (method: string, path: string, ro: RequestOptions = {}): Promise<TestResponse> => {
    const headers: Record<string, string> = { ...authHeaders(ro.auth ?? 'admin', admin), ...ro.headers };
    let payload: string | undefined;
    if (ro.body !== undefined) {
      payload = typeof ro.body === 'string' ? ro.body : JSON.stringify(ro.body);
      headers['content-type'] ??= 'application/json';
    }
    if (ro.socket) return overSocket(running, method, path, headers, payload);
    const res = await running.app.inject({ method: method as 'GET', url: path, headers, payload, remoteAddress: '127.0.0.1' });
    return { status: res.statusCode, headers: res.headers, body: parse(res.body), text: res.body };
  };
  let stopped = false;
  return {
    url: running.url, baseUrl: running.url, dbKind, admin, db: running.db, console: running, routes, request,
    async createUser(role, siteIds = []) {
      const login = `u${process.pid}x${++users}${role.replace(/-/g, '')}`;
      const password = `pw-${randomBytes(12).toString('base64url')}`;
      const r = await request('POST', '/api/3/users', { body: { login, name: `Test ${role}`, password, role: { id: role } } });
      if (r.status !== 201) throw new Error(`createUser ${role}: ${r.status} ${r.text}`);
      const id = (r.body as { id: number }).id;
      if (siteIds.length > 0) {
        const g = await request('PUT', `/api/3/users/${id}/sites`, { body: siteIds });
        if (g.status !== 200) throw new Error(`grant sites: ${g.status} ${g.text}`);
      }
      return { id, user: login, password };
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await running.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
