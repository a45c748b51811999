// Cloud-image mode end to end: `farsight engine` configured only by environment
// (FARSIGHT_ENGINE_MODE=cloud) pairs with a console, scans a site inside its allowed network
// (result = labnet ground truth) and refuses a site outside it with a reason the console shows;
// command-line settings and a missing network list are refused. Console listener 127.9.90.1,
// allowed network 127.9.92.0/24 (labnet), outside target 127.9.93.1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { startLabnet } from '@farsight/labnet';
import { waitForScan } from '../console/scan-e2e-helpers.ts';
import { assertOracle, enginesNet, enginesTemplate, SSH_CHECK } from './engines-net.ts';
import { startEngineConsole, waitFor } from './transport-helpers.ts';

process.env.FARSIGHT_TEST_CHECKS = '1';
const run = promisify(execFile);
const CLI = new URL('../../apps/cli/src/main.ts', import.meta.url).pathname;

async function refused(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const r = await run(process.execPath, [CLI, 'engine', ...args], { env: { ...process.env, ...env }, timeout: 60_000 }).then(() => ({ code: 0, stderr: '' }), (e: { code: number; stderr: string }) => e);
  assert.notEqual(r.code, 0, `engine ${args.join(' ')} should refuse`);
  return r.stderr;
}

test('cloud engine: environment-only settings, scans inside its network, refuses targets outside', { timeout: 600_000 }, async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'farsight-cloud-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  assert.match(await refused(['--cloud', '--name', 'x'], { FARSIGHT_ENGINE_ALLOWED_CIDRS: '127.9.92.0/24' }), /cloud mode is configured only by the environment; drop --name/);
  assert.match(await refused([], { FARSIGHT_ENGINE_MODE: 'cloud', FARSIGHT_ENGINE_ALLOWED_CIDRS: '' }), /cloud mode needs FARSIGHT_ENGINE_ALLOWED_CIDRS/);
  assert.match(await refused([], { FARSIGHT_ENGINE_MODE: 'cloud', FARSIGHT_ENGINE_ALLOWED_CIDRS: 'vpc.internal' }), /hostnames cannot bound/);

  const net = await startLabnet(enginesNet('cloud', 92, 6), { ttlSeconds: 900 });
  t.after(() => net.stop());
  const { c, port, fingerprint } = await startEngineConsole('127.9.90.1', { heartbeatMs: 500, downAfterMs: 60_000 });
  t.after(() => c.stop());
  const secret = (await c.request('POST', '/api/farsight/scan_engines/shared_secret', {})).body.secret as string;
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', CLI, 'engine'], {
    env: {
      // The console's listener settings in this process's environment are not the engine's.
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('FARSIGHT_ENGINE_LISTEN_'))), FARSIGHT_ENGINE_MODE: 'cloud', FARSIGHT_ENGINE_ALLOWED_CIDRS: '127.9.92.0/24', FARSIGHT_ENGINE_DATA_DIR: dataDir, FARSIGHT_ENGINE_NAME: 'cloud-1',
      FARSIGHT_CONSOLE_HOST: '127.9.90.1', FARSIGHT_CONSOLE_PORT: String(port), FARSIGHT_CONSOLE_SECRET: secret, FARSIGHT_CONSOLE_CA_FINGERPRINT: fingerprint,
      FARSIGHT_ENGINE_HEARTBEAT_MS: '500', FARSIGHT_ENGINE_RETRY_MS: '300',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  t.after(async () => { child.kill('SIGTERM'); const k = setTimeout(() => child.kill('SIGKILL'), 10_000); await exited; clearTimeout(k); });
  const lines: string[] = [];
  for (const s of [child.stdout, child.stderr]) if (s) createInterface({ input: s }).on('line', (l) => lines.push(l));
  const paired = await waitFor('pairing', () => lines.find((l) => /pair-engine: paired as engine \d+/.test(l)), 60_000);
  assert.ok(!lines.some((l) => /listening for consoles/.test(l)), 'a cloud engine only dials its console');
  const engineId = Number(/paired as engine (\d+)/.exec(paired)?.[1]);
  await waitFor('engine Active', async () => (await c.request('GET', `/api/farsight/scan_engines/${engineId}/status`)).body.state === 'active' || undefined);
  const template = await enginesTemplate(c, 2);

  const inside = await c.request('POST', '/api/3/sites', { body: { name: 'vpc', engineId, scanTemplateId: template, scan: { assets: { includedTargets: { addresses: net.hosts } } } } });
  const insideScan = (await c.request('POST', `/api/3/sites/${inside.body.id as number}/scans`, { body: { testCheck: SSH_CHECK } })).body.id as number;
  await waitForScan(c, insideScan, ['finished']);
  await assertOracle(c, net, insideScan, inside.body.id as number);

  const outside = await c.request('POST', '/api/3/sites', { body: { name: 'elsewhere', engineId, scanTemplateId: template, scan: { assets: { includedTargets: { addresses: ['127.9.92.6', '127.9.93.1'] } } } } });
  const outsideScan = (await c.request('POST', `/api/3/sites/${outside.body.id as number}/scans`, { body: {} })).body.id as number;
  const failed = await waitForScan(c, outsideScan, ['error']);
  assert.match(String(failed.message), /engine refused the scan: this cloud engine scans only inside 127\.9\.92\.0\/24; target\(s\) 127\.9\.93\.1 are outside/);
});
