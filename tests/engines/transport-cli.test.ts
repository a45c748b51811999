// The engine CLIs as users run them (child processes): `farsight engines secret create|show|revoke`,
// `engines list|scan-limit|refresh|revoke` against a console, an engine paired from NEXPOSE_CONSOLE_*
// environment variables, and `farsight engine test-connection` (ok with the right fingerprint,
// exit 1 with a wrong one). Console engine listener on 127.8.1.10.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { startEngineConsole, startEngineProc, waitFor } from './transport-helpers.ts';

const MAIN = new URL('../../apps/cli/src/main.ts', import.meta.url).pathname;

function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], { cwd: tmpdir(), env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}

test('engines CLI: secret create/show/revoke, list, refresh, revoke; engine test-connection; NEXPOSE_ env pairing', async (t) => {
  const { c, port, fingerprint } = await startEngineConsole('127.8.1.10');
  t.after(() => c.stop());
  const admin = { FARSIGHT_CONSOLE_URL: `https://127.0.0.1:${c.console.port}`, FARSIGHT_USER: c.admin.user, FARSIGHT_PASSWORD: c.admin.password, FARSIGHT_DATA_DIR: c.console.config.dataDir };

  const created = await cli(['engines', 'secret', 'create', '--max-uses', '2', '--allow-cidr', '127.0.0.0/8'], admin);
  assert.equal(created.code, 0, created.stderr);
  const secret = /shared secret: (\S+)/.exec(created.stdout)?.[1] as string;
  assert.match(secret, /^([0-9A-F]{4}-){9}[0-9A-F]{4}$/);
  assert.ok(created.stdout.includes(`console CA:    ${fingerprint}`), created.stdout);
  const shown = await cli(['engines', 'secret', 'show'], admin);
  assert.match(shown.stdout, /used 0 of 2 time\(s\); sources: 127\.0\.0\.0\/8/);
  assert.equal(shown.stdout.includes(secret), false, 'show never prints the secret');

  const ok = await cli(['engine', 'test-connection', '--console-host', '127.8.1.10', '--console-port', String(port), '--console-ca-fingerprint', fingerprint], {});
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /^ok: 127\.8\.1\.10:\d+ is reachable over TLS 1\.3/);
  const wrong = await cli(['engine', 'test-connection', '--console-host', '127.8.1.10', '--console-port', String(port), '--console-ca-fingerprint', 'ab'.repeat(32)], {});
  assert.equal(wrong.code, 1);
  assert.match(wrong.stderr, /ENGINE_CONSOLE_UNTRUSTED: .*pinned CA fingerprint/);

  const e = startEngineProc(['--name', 'cli-engine', '--no-listen'], { NEXPOSE_CONSOLE_HOST: '127.8.1.10', NEXPOSE_CONSOLE_PORT: String(port), NEXPOSE_CONSOLE_SECRET: secret, NEXPOSE_CONSOLE_CA_FINGERPRINT: fingerprint });
  t.after(() => e.stop());
  const id = Number(/paired as engine (\d+)/.exec(await e.waitLine(/pair-engine: paired as engine \d+/))?.[1]);
  await waitFor('Active', async () => (await c.request('GET', `/api/farsight/scan_engines/${id}/status`)).body.state === 'active' || undefined);
  const list = await cli(['engines', 'list'], admin);
  assert.equal(list.code, 0, list.stderr);
  assert.match(list.stdout, /^ID\s+NAME\s+STATUS\s+DIR\s+VERSION\s+CONTENT\s+HEARTBEAT\s+SKEW\s+SCANS\s+QUEUE\s+REASON/m);
  assert.match(list.stdout, new RegExp(`^${id}\\s+cli-engine\\s+active\\s+→ console\\s+0\\.1\\.0`, 'm'));
  // Per-engine scan limit: set, shown as running/limit, back to the default; a bad value is refused before any request.
  const limited = await cli(['engines', 'scan-limit', String(id), '2'], admin);
  assert.equal(limited.code, 0, limited.stderr);
  assert.equal(limited.stdout, `engine ${id}: at most 2 concurrent scan(s)\n`);
  assert.match((await cli(['engines', 'list'], admin)).stdout, new RegExp(`^${id}\\s+cli-engine\\s+.*\\s0/2\\s`, 'm'));
  assert.equal((await c.request('GET', `/api/farsight/scan_engines/${id}/status`)).body.scanLimit, 2);
  const reset = await cli(['engines', 'scan-limit', String(id), 'default', '--json'], admin);
  assert.deepEqual(JSON.parse(reset.stdout), { scanLimit: null, effectiveScanLimit: 4 });
  const bad = await cli(['engines', 'scan-limit', String(id), '65'], admin);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /from 1 to 64, or 'default'/);
  const refreshed = await cli(['engines', 'refresh', String(id), '--json'], admin);
  assert.equal(JSON.parse(refreshed.stdout)[0].state, 'active');
  const revoked = await cli(['engines', 'revoke', String(id)], admin);
  assert.equal(revoked.code, 0, revoked.stderr);
  await waitFor('Down after revoke', async () => (await c.request('GET', `/api/farsight/scan_engines/${id}/status`)).body.state === 'down' || undefined, 15_000);
  assert.equal((await cli(['engines', 'secret', 'revoke'], admin)).code, 0);
  const gone = await cli(['engines', 'secret', 'show'], admin);
  assert.notEqual(gone.code, 0);
  assert.match(gone.stderr, /no valid shared secret/);
});
