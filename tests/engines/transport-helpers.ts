/**
 * Helpers of the engine transport suites (pairing-*, status-*, transport-*, remote-scan-*):
 * consoles with their engine listener on 127.8.1.x and fast status thresholds, and engines run
 * as child processes (`farsight engine`) on 127.8.2.x. Address block 127.8.0.0/16 belongs to
 * these suites.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startTestConsole, type TestConsole } from '../console/harness/index.ts';
import { remoteEngines } from '../../apps/console/src/engines/remote-service.ts';

const CLI = new URL('../../apps/cli/src/main.ts', import.meta.url).pathname;

/** Polls `fn` until it returns a value (not undefined/false), at most `limitMs`; throws with `what` otherwise. */
export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false> | T | undefined | false, limitMs = 60_000, everyMs = 100): Promise<T> {
  const end = Date.now() + limitMs;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false) return v;
    } catch (e) { last = e; }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${limitMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

/** Console env for fast, deterministic status tests (set before the console starts). */
export function setConsoleEngineEnv(listenHost: string, t: { heartbeatMs?: number; unknownAfterMs?: number; downAfterMs?: number; dialRetryMs?: number; dialRetryMaxMs?: number; certTtlMs?: number } = {}): void {
  process.env.FARSIGHT_ENGINE_LISTEN_HOST = listenHost;
  process.env.FARSIGHT_ENGINE_LISTEN_PORT = '0';
  process.env.FARSIGHT_ENGINE_HEARTBEAT_MS = String(t.heartbeatMs ?? 500);
  process.env.FARSIGHT_ENGINE_UNKNOWN_AFTER_MS = String(t.unknownAfterMs ?? (t.heartbeatMs ?? 500) * 3);
  process.env.FARSIGHT_ENGINE_DOWN_AFTER_MS = String(t.downAfterMs ?? 8000);
  process.env.FARSIGHT_ENGINE_DIAL_RETRY_MS = String(t.dialRetryMs ?? 300);
  // Backoff (docs/engines.md): small cap so suites that wait for a refused engine to be enabled stay quick.
  process.env.FARSIGHT_ENGINE_DIAL_RETRY_MAX_MS = String(t.dialRetryMaxMs ?? 2000);
  if (t.certTtlMs) process.env.FARSIGHT_ENGINE_CERT_TTL_MS = String(t.certTtlMs); else delete process.env.FARSIGHT_ENGINE_CERT_TTL_MS;
  process.env.FARSIGHT_LOCAL_ENGINE = '0';
}

/** A console with its remote-engine service up; returns it with the listener port and the CA fingerprint. */
export async function startEngineConsole(listenHost: string, t: Parameters<typeof setConsoleEngineEnv>[1] = {}, db: 'sqlite' | 'postgres' = 'sqlite'): Promise<{ c: TestConsole; port: number; fingerprint: string }> {
  setConsoleEngineEnv(listenHost, t);
  const c = await startTestConsole({ db });
  const r = await waitFor('the remote engine service', () => { const x = remoteEngines(); return x && x.port > 0 ? x : undefined; }, 30_000);
  return { c, port: r.port, fingerprint: (r.ca as { fingerprint256: string }).fingerprint256 };
}

/** An engine child process. */
export interface EngineProc {
  child: ChildProcess;
  dataDir: string;
  lines: string[];
  /** Resolves with the first line (stdout or stderr) matching `re`. */
  waitLine(re: RegExp, limitMs?: number): Promise<string>;
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/** Starts `farsight engine ARGS` with its own data directory (reused when `dataDir` is given). */
export function startEngineProc(args: string[], env: NodeJS.ProcessEnv = {}, dataDir?: string): EngineProc {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'farsight-engine-'));
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', CLI, 'engine', '--data-dir', dir, ...args], {
    // No console-on-host probe: these tests run consoles on this host on purpose (and others' suites may run one on 3780).
    env: { ...process.env, FARSIGHT_ENGINE_HEARTBEAT_MS: '500', FARSIGHT_ENGINE_RETRY_MS: '300', FARSIGHT_ENGINE_RETRY_MAX_MS: '2000', FARSIGHT_CONSOLE_DETECT_PORTS: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters: Array<{ re: RegExp; resolve: (l: string) => void }> = [];
  for (const s of [child.stdout, child.stderr]) {
    if (!s) continue;
    createInterface({ input: s }).on('line', (l) => {
      lines.push(l);
      if (process.env.FARSIGHT_TEST_VERBOSE) process.stderr.write(`[engine ${child.pid}] ${l}\n`);
      for (const w of [...waiters]) if (w.re.test(l)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(l); }
    });
  }
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return {
    child, dataDir: dir, lines, exited,
    waitLine(re, limitMs = 60_000) {
      const hit = lines.find((l) => re.test(l));
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        const w = { re, resolve: (l: string) => { clearTimeout(timer); resolve(l); } };
        const timer = setTimeout(() => { waiters.splice(waiters.indexOf(w), 1); reject(new Error(`engine never logged ${re}; last lines:\n${lines.slice(-20).join('\n')}`)); }, limitMs);
        waiters.push(w);
        void exited.then(() => setTimeout(() => { if (waiters.includes(w)) { waiters.splice(waiters.indexOf(w), 1); clearTimeout(timer); reject(new Error(`engine exited before logging ${re}; lines:\n${lines.slice(-20).join('\n')}`)); } }, 200));
      });
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        if (child.signalCode === null) child.kill('SIGCONT');
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(t);
      }
      if (!dataDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Pairing flags for an engine. */
export function pairArgs(host: string, port: number, secret: string, fingerprint: string): string[] {
  return ['--console-host', host, '--console-port', String(port), '--console-secret', secret, '--console-ca-fingerprint', fingerprint];
}
