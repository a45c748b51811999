// Standard direction (console dials engine), made explicit: while the engine is Pending
// Authorization the console shows the key it pinned (API keyFingerprint, `farsight engines
// list`), and it equals what `farsight engine identity` prints on the engine host — the check an
// admin makes before enabling the console. Console on 127.14.0.4, engine listener 127.14.4.2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEngineConsole, startEngineProc, waitFor } from './transport-helpers.ts';

const MAIN = new URL('../../apps/cli/src/main.ts', import.meta.url).pathname;

function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', MAIN, ...args], { cwd: tmpdir(), env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}

test('Pending Authorization shows the engine key fingerprint; it matches `farsight engine identity`', { timeout: 180_000 }, async (t) => {
  const { c } = await startEngineConsole('127.14.0.4');
  t.after(() => c.stop());
  const e = startEngineProc(['--name', 'ident-1', '--listen-host', '127.14.4.2', '--listen-port', '0']);
  t.after(() => e.stop());
  const port = Number(/listening on 127\.14\.4\.2:(\d+)/.exec(await e.waitLine(/listening on 127\.14\.4\.2:\d+/))?.[1]);
  const id = (await c.request('POST', '/api/3/scan_engines', { body: { name: 'ident-1', address: '127.14.4.2', port } })).body.id as number;
  const pending = await waitFor('Pending Authorization with a key', async () => {
    const s = (await c.request('GET', `/api/farsight/scan_engines/${id}/status`)).body;
    return s.state === 'pending-authorization' && s.keyFingerprint ? s : undefined;
  });
  assert.match(pending.keyFingerprint, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);

  const ident = await cli(['engine', 'identity', '--data-dir', e.dataDir]);
  assert.equal(ident.code, 0, ident.stderr);
  assert.equal(/key fingerprint \(SHA-256\): (\S+)/.exec(ident.stdout)?.[1], pending.keyFingerprint, 'the console pinned the key the engine has');
  assert.equal(JSON.parse((await cli(['engine', 'identity', '--data-dir', e.dataDir, '--json'])).stdout).keyFingerprint, pending.keyFingerprint);
  assert.ok(e.lines.some((l) => l.includes(`engine key fingerprint (SHA-256): ${pending.keyFingerprint as string}`)), 'the engine logs it at start');

  const admin = { FARSIGHT_CONSOLE_URL: `https://127.0.0.1:${c.console.port}`, FARSIGHT_USER: c.admin.user, FARSIGHT_PASSWORD: c.admin.password, FARSIGHT_DATA_DIR: c.console.config.dataDir };
  const list = await cli(['engines', 'list'], admin);
  assert.equal(list.code, 0, list.stderr);
  assert.ok(list.stdout.includes(`engine ${id} (ident-1) awaits authorization; its key SHA-256 is\n  ${pending.keyFingerprint as string}\ncompare with \`farsight engine identity\``), list.stdout);
  assert.equal(JSON.parse((await cli(['engines', 'list', '--json'], admin)).stdout).find((x: { id: number }) => x.id === id).keyFingerprint, pending.keyFingerprint);

  // No key yet: says what to do, exit 2 (bad input), creates nothing.
  const empty = mkdtempSync(join(tmpdir(), 'farsight-h11-ident-'));
  t.after(() => rmSync(empty, { recursive: true, force: true }));
  const none = await cli(['engine', 'identity', '--data-dir', empty]);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /ENGINE_CONFIG_INVALID: no engine key in .*engine\.key; start the engine once/);
});
