// kill -9 a DISTRIBUTED engine (`farsight engine`, mutual TLS) 20 times and the console 10 times
// during a 500-host labnet scan: hosts, assets and findings equal labnet's ground truth — 0 lost,
// 0 duplicated. Both are real child processes; the engine is restarted on its data directory
// (paired once, its spool kept), the console on its data directory with its engine listener on
// a fixed port of 127.9.100.1 so the engine can dial it again. Kills are paced by progress.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startLabnet } from '@farsight/labnet';
import { siteAssets, waitForScan, type Json } from '../console/scan-e2e-helpers.ts';
import { kill9, startConsoleProcess, type ConsoleProc } from './console-process.ts';
import { enginesNet, enginesTemplate, SSH_CHECK } from './engines-net.ts';
import { pairArgs, startEngineProc, waitFor, type EngineProc } from './transport-helpers.ts';

const HOSTS = Number(process.env.FARSIGHT_KILL9_HOSTS ?? 500);
const ENGINE_KILLS = Number(process.env.FARSIGHT_KILL9_ENGINE_KILLS ?? 20);
const CONSOLE_KILLS = Number(process.env.FARSIGHT_KILL9_CONSOLE_KILLS ?? 10);
const LISTEN = '127.9.100.1';
const say = (m: string): void => { if (process.env.FARSIGHT_TEST_VERBOSE) process.stderr.write(`[kill9-net] ${m}\n`); };

test(`kill -9 a network engine ${ENGINE_KILLS} times and the console ${CONSOLE_KILLS} times during a ${HOSTS}-host scan: 0 lost, 0 duplicated`, { timeout: 1_500_000 }, async (t) => {
  const net = await startLabnet(enginesNet('kill9-net', 110, HOSTS), { ttlSeconds: 1800 });
  t.after(() => net.stop());
  const consoleDir = mkdtempSync(join(tmpdir(), 'farsight-kill9net-console-'));
  const engineDir = mkdtempSync(join(tmpdir(), 'farsight-kill9net-engine-'));
  t.after(() => { rmSync(consoleDir, { recursive: true, force: true }); rmSync(engineDir, { recursive: true, force: true }); });
  const consoleEnv = {
    FARSIGHT_REMOTE_ENGINES: '1', FARSIGHT_LOCAL_ENGINE: '0', FARSIGHT_ENGINE_LISTEN_HOST: LISTEN, FARSIGHT_ENGINE_LISTEN_PORT: '40815',
    FARSIGHT_ENGINE_HEARTBEAT_MS: '1000', FARSIGHT_ENGINE_DOWN_AFTER_MS: '600000',
  };
  let proc: ConsoleProc = await startConsoleProcess(consoleDir, consoleEnv);
  t.after(() => kill9(proc));
  const engineEnv = { FARSIGHT_ENGINE_RETRY_MS: '200', FARSIGHT_ENGINE_RETRY_MAX_MS: '1000', FARSIGHT_ENGINE_HEARTBEAT_MS: '1000', FARSIGHT_ENGINE_BATCH_HOSTS: '4' };
  const created = await proc.api.request('POST', '/api/farsight/scan_engines/shared_secret', { body: {} });
  assert.equal(created.status, 201, created.text);
  let engine: EngineProc = startEngineProc(['--name', 'kill9-net', '--no-listen', '--force', ...pairArgs(LISTEN, created.body.port as number, created.body.secret as string, created.body.caFingerprint as string)], engineEnv, engineDir);
  t.after(() => engine.stop());
  const engineId = Number(/paired as engine (\d+)/.exec(await engine.waitLine(/pair-engine: paired as engine \d+/))?.[1]);
  await waitFor('engine Active', async () => (await proc.api.request('GET', `/api/farsight/scan_engines/${engineId}/status`)).body.state === 'active' || undefined, 60_000);

  // One host at a time: hosts scanned while the console is down arrive at once after its restart.
  const template = await enginesTemplate(proc.api, 1);
  const site = await proc.api.request('POST', '/api/3/sites', { body: { name: 'kill9-net', engineId, scanTemplateId: template, scan: { assets: { includedTargets: { addresses: net.hosts } } } } });
  assert.equal(site.status, 201, site.text);
  const siteId = site.body.id as number;
  const scanId = (await proc.api.request('POST', `/api/3/sites/${siteId}/scans`, { body: { testCheck: SSH_CHECK } })).body.id as number;
  const reported = async (): Promise<number> => Number((await proc.api.request('GET', `/api/farsight/scans/${scanId}/hosts?size=1`)).body.page?.totalResources ?? 0);

  const STEP = Math.floor(HOSTS / (ENGINE_KILLS + CONSOLE_KILLS + 4));
  let engineKills = 0;
  let consoleKills = 0;
  let last = 0;
  for (let i = 0; i < 40_000 && engineKills + consoleKills < ENGINE_KILLS + CONSOLE_KILLS; i++) {
    await sleep(50);
    const n = await reported();
    assert.ok(n < HOSTS, `the scan ended after only ${engineKills} engine and ${consoleKills} console kills`);
    if (n - last < STEP) continue;
    last = n;
    if ((engineKills + consoleKills) % 3 === 2 && consoleKills < CONSOLE_KILLS) {
      await kill9(proc);
      consoleKills++;
      say(`console kill ${consoleKills} at ${n} hosts`);
      proc = await startConsoleProcess(consoleDir, consoleEnv);
    } else {
      engine.child.kill('SIGKILL');
      await engine.exited;
      engineKills++;
      say(`engine kill ${engineKills} at ${n} hosts`);
      engine = startEngineProc(['--name', 'kill9-net', '--no-listen', '--force'], engineEnv, engineDir);
    }
  }
  assert.equal(engineKills, ENGINE_KILLS);
  assert.equal(consoleKills, CONSOLE_KILLS);

  const scan = await waitForScan(proc.api, scanId, ['finished'], 900_000);
  assert.equal(scan.state, 'finished');
  const hosts = (await proc.api.request('GET', `/api/farsight/scans/${scanId}/hosts?size=${HOSTS}`)).body.hosts as Json[];
  const addresses = hosts.map((h) => h.address as string);
  assert.equal(new Set(addresses).size, addresses.length, 'no host reported twice');
  assert.deepEqual([...addresses].sort(), [...net.hosts].sort(), 'every host reported');
  const assets = await siteAssets(proc.api, siteId);
  assert.equal(assets.length, HOSTS, 'one asset per host');
  const ssh = new Set(net.spec.hosts.filter((h) => (h.services ?? []).some((s) => s.port === 22)).map((h) => h.address));
  const wrong: string[] = [];
  for (const a of assets) {
    const f = (await proc.api.request('GET', `/api/farsight/assets/${a.id}/findings`)).body.resources as Json[];
    const want = ssh.has(a.ip as string) ? 1 : 0;
    if (f.length !== want) wrong.push(`${String(a.ip)}: ${f.length} findings, want ${want}`);
  }
  assert.deepEqual(wrong, [], '0 findings lost, 0 duplicated');
});
