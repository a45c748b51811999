/**
 * Real `farsight console` processes for multi-console tests (leader election): start one on a
 * loopback address against a PostgreSQL URL, read its health, call its API with the admin's
 * Basic credentials, and poll with a bound.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const root = new URL('../../../', import.meta.url).pathname;

/** The admin password every process of these tests shares (one database). */
export const PROCESS_ADMIN_PASSWORD = 'leader-test-password';

/** A running console process. */
export interface Proc { child: ChildProcess; url: string; ca: string; dataDir: string; exited: Promise<number | null> }

/** Starts `farsight console` on `host` (port 0) with DATABASE_URL; resolves once it listens (60 s bound). */
export function startProcess(host: string, databaseUrl: string, env: Record<string, string> = {}): Promise<Proc> {
  const dataDir = mkdtempSync(join(tmpdir(), 'farsight-leader-'));
  const child = spawn(process.execPath, [join(root, 'apps/cli/src/main.ts'), 'console', '--host', host, '--port', '0', '--data-dir', dataDir, '--log-level', 'warn'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, FARSIGHT_ADMIN_PASSWORD: PROCESS_ADMIN_PASSWORD, FARSIGHT_LEADER_RETRY_MS: '500', FARSIGHT_ENGINE_LISTEN_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`console on ${host} did not start: ${out}`)), 60_000);
    const onData = (d: Buffer): void => {
      out += d.toString();
      const m = /listening on (https:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: m[1], ca: readFileSync(join(dataDir, 'tls', 'ca.pem'), 'utf8'), dataDir, exited });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => { clearTimeout(timer); reject(new Error(`console on ${host} exited ${code}: ${out}`)); });
  });
}

/** One HTTPS call as the admin; null when the process does not answer (5 s). */
export function call(p: Proc, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown } | null> {
  return new Promise((resolve) => {
    const u = new URL(p.url);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request({ host: u.hostname, port: u.port, path, method, ca: p.ca, timeout: 5000, headers: {
      authorization: `Basic ${Buffer.from(`admin:${PROCESS_ADMIN_PASSWORD}`).toString('base64')}`,
      ...(payload ? { 'content-type': 'application/json' } : {}),
    } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => { text += d.toString(); });
      res.on('end', () => { try { resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as unknown }); } catch { resolve({ status: res.statusCode ?? 0, body: text }); } });
    });
    req.on('error', () => resolve(null));
    req.on('timeout', () => { req.destroy(); resolve(null); });
    req.end(payload);
  });
}

/** The process's health (`leader` true when it runs the scheduler and dispatch); null when it does not answer. */
export async function health(p: Proc): Promise<{ leader: boolean } | null> {
  const r = await call(p, 'GET', '/api/farsight/health');
  return r && typeof r.body === 'object' && r.body !== null ? r.body as { leader: boolean } : null;
}

/** Polls until `cond` holds (bounded: `limitMs`); returns the elapsed time. */
export async function waitFor(what: string, limitMs: number, cond: () => Promise<boolean>): Promise<number> {
  const t0 = Date.now();
  while (Date.now() - t0 < limitMs) {
    if (await cond()) return Date.now() - t0;
    await sleep(200);
  }
  throw new Error(`timed out after ${limitMs} ms waiting for ${what}`);
}
