/**
 * `farsight console` as a real child process for the kill -9 suites: start on 127.0.0.1
 * port 0, an HTTPS API client trusting its CA, kill -9, and the pid of its Local engine
 * (found among the console's descendants through /proc, so only processes this test started
 * are ever signalled).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import type { TestResponse } from '../console/harness/index.ts';
import type { ApiClient } from '../console/scan-e2e-helpers.ts';

const root = new URL('../../', import.meta.url).pathname;
const PASSWORD = 'kill9-test-password';

/** A running console process. */
export interface ConsoleProc { child: ChildProcess; exited: Promise<void>; api: ApiClient; output: () => string }

/** Starts `farsight console` with this data dir and resolves once it listens (bounded: 120 s). */
export function startConsoleProcess(dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<ConsoleProc> {
  const child = spawn(process.execPath, [join(root, 'apps/cli/src/main.ts'), 'console', '--host', '127.0.0.1', '--port', '0', '--data-dir', dataDir, '--log-level', 'warn'], {
    env: { ...process.env, FARSIGHT_ADMIN_PASSWORD: PASSWORD, FARSIGHT_TEST_CHECKS: '1', DATABASE_URL: '', FARSIGHT_REMOTE_ENGINES: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`console did not start: ${out}`)), 120_000);
    const onData = (d: Buffer): void => {
      out = (out + d.toString()).slice(-20_000);
      const m = /listening on (https:\/\/\S+)/.exec(out);
      if (!m?.[1]) return;
      clearTimeout(timer);
      const url = new URL(m[1]);
      const ca = readFileSync(join(dataDir, 'tls', 'ca.pem'), 'utf8');
      resolve({ child, exited, api: { request: (method, path, opts = {}) => call(url, ca, method, path, opts.body) }, output: () => out });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then(() => { clearTimeout(timer); reject(new Error(`console exited: ${out}`)); });
  });
}

function call(url: URL, ca: string, method: string, path: string, body?: unknown): Promise<TestResponse> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpsRequest({
      host: '127.0.0.1', port: url.port, method, path, ca, servername: 'localhost', timeout: 60_000,
      headers: { authorization: `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}`, ...(payload ? { 'content-type': 'application/json' } : {}) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown;
        try { parsed = text ? JSON.parse(text) : undefined; } catch { parsed = undefined; }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed, text });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** kill -9 and wait for the exit. */
export async function kill9(p: ConsoleProc): Promise<void> {
  if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  await p.exited;
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** The pid of the console's Local engine (a descendant running local-main.ts), if it runs. */
export function localEnginePid(consolePid: number): number | undefined {
  const queue = [consolePid];
  for (let i = 0; i < queue.length && i < 64; i++) {
    for (const c of childrenOf(queue[i] as number)) {
      let cmd = '';
      try { cmd = readFileSync(`/proc/${c}/cmdline`, 'utf8'); } catch { continue; }
      if (cmd.includes('local-main.ts')) return c;
      queue.push(c);
    }
  }
  return undefined;
}
