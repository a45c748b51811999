// kill -9 the engine 20 times and the console 10 times during a 500-host labnet scan: the
// final hosts, assets and findings equal labnet's ground truth — 0 lost, 0 duplicated.
// The console is a real `farsight console` process; the engine is its Local engine (a child
// process speaking engine-protocol over IPC — the same EngineRunner and spool a network engine
// uses). Kills are paced by progress (a number of newly committed hosts), never by time.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startLabnet } from '@farsight/labnet';
import { siteAssets, waitForScan, type Json } from '../console/scan-e2e-helpers.ts';
import { kill9, localEnginePid, startConsoleProcess, type ConsoleProc } from './console-process.ts';
import { enginesNet, enginesTemplate, SSH_CHECK } from './engines-net.ts';

// The numbers; smaller ones (for a quick local run) through the environment.
const HOSTS = Number(process.env.FARSIGHT_KILL9_HOSTS ?? 500);
const ENGINE_KILLS = Number(process.env.FARSIGHT_KILL9_ENGINE_KILLS ?? 20);
const CONSOLE_KILLS = Number(process.env.FARSIGHT_KILL9_CONSOLE_KILLS ?? 10);
const say = (m: string): void => { if (process.env.FARSIGHT_TEST_VERBOSE) process.stderr.write(`[kill9] ${m}\n`); };

test(`kill -9 the engine ${ENGINE_KILLS} times and the console ${CONSOLE_KILLS} times during a ${HOSTS}-host scan: 0 lost, 0 duplicated`, { timeout: 1_200_000 }, async (t) => {
  const net = await startLabnet(enginesNet('kill9', 40, HOSTS), { ttlSeconds: 1500 });
  t.after(() => net.stop());
  const dataDir = mkdtempSync(join(tmpdir(), 'farsight-kill9-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const env = { FARSIGHT_ENGINE_BATCH_HOSTS: '4' };
  let proc: ConsoleProc = await startConsoleProcess(dataDir, env);
  t.after(() => kill9(proc));

  const template = await enginesTemplate(proc.api, 4);
  const site = await proc.api.request('POST', '/api/3/sites', { body: { name: 'kill9', scanTemplateId: template, scan: { assets: { includedTargets: { addresses: net.hosts } } } } });
  assert.equal(site.status, 201, site.text);
  const siteId = site.body.id as number;
  const started = await proc.api.request('POST', `/api/3/sites/${siteId}/scans`, { body: { testCheck: SSH_CHECK } });
  assert.equal(started.status, 201, started.text);
  const scanId = started.body.id as number;

  const reported = async (): Promise<number> => Number((await proc.api.request('GET', `/api/farsight/scans/${scanId}/hosts?size=1`)).body.page?.totalResources ?? 0);
  // Pace: a kill after every STEP newly committed hosts, so all 30 fall inside the scan.
  const STEP = Math.floor(HOSTS / (ENGINE_KILLS + CONSOLE_KILLS + 4));
  let engineKills = 0;
  let consoleKills = 0;
  let last = 0;
  for (let i = 0; i < 20_000 && engineKills + consoleKills < ENGINE_KILLS + CONSOLE_KILLS; i++) {
    await sleep(50);
    const n = await reported();
    if (i % 100 === 0) say(`${n} hosts reported`);
    assert.ok(n < HOSTS, `the scan ended after only ${engineKills} engine and ${consoleKills} console kills`);
    if (n - last < STEP) continue;
    last = n;
    // Every third kill is the console's (E E C E E C …): 20 engine kills, 10 console kills.
    if ((engineKills + consoleKills) % 3 === 2 && consoleKills < CONSOLE_KILLS) {
      await kill9(proc);
      consoleKills++;
      say(`console kill ${consoleKills} at ${n} hosts`);
      proc = await startConsoleProcess(dataDir, env);
      say('console restarted');
    } else {
      const pid = localEnginePid(proc.child.pid as number);
      if (pid === undefined) { last = n - STEP; continue; } // restarting: try again on the next poll
      process.kill(pid, 'SIGKILL');
      engineKills++;
      say(`engine kill ${engineKills} (pid ${pid}) at ${n} hosts`);
    }
  }
  assert.equal(engineKills, ENGINE_KILLS);
  assert.equal(consoleKills, CONSOLE_KILLS);

  const scan = await waitForScan(proc.api, scanId, ['finished'], 600_000);
  assert.equal(scan.state, 'finished');
  const hosts = (await proc.api.request('GET', `/api/farsight/scans/${scanId}/hosts?size=${HOSTS}`)).body.hosts as Json[];
  const addresses = hosts.map((h) => h.address as string);
  assert.equal(new Set(addresses).size, addresses.length, 'no host reported twice');
  assert.deepEqual([...addresses].sort(), [...net.hosts].sort(), 'every host reported');
  const assets = await siteAssets(proc.api, siteId);
  assert.equal(assets.length, HOSTS, 'one asset per host');
  const ssh = new Set(net.spec.hosts.filter((h) => (h.services ?? []).some((s) => s.port === 22)).map((h) => h.address));
  const wrong: string[] = [];
  let findings = 0;
  for (const a of assets) {
    const f = (await proc.api.request('GET', `/api/farsight/assets/${a.id}/findings`)).body.resources as Json[];
    const want = ssh.has(a.ip as string) ? 1 : 0;
    if (f.length !== want) wrong.push(`${String(a.ip)}: ${f.length} findings, want ${want}`);
    findings += f.length;
  }
  assert.deepEqual(wrong, [], '0 findings lost, 0 duplicated');
  assert.equal(findings, ssh.size);
  const log = (await proc.api.request('GET', `/api/farsight/scans/${scanId}/log`)).text;
  assert.ok((log.match(/resuming: \d+ host\(s\) already reported are skipped/g) ?? []).length >= ENGINE_KILLS, 'the engine resumed after every kill');
});
