// kill -9 the console in the middle of a scan, start it again on the same data directory
// (SQLite) or database (PostgreSQL): the scan resumes and finishes with nothing lost or
// duplicated — every host once, one asset per host with exactly its services, one finding
// per (asset, check, port), and hosts reported before the kill are not scanned again.
// The console runs as a real child process (`farsight console`), so the kill is real.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startLabnet } from '@farsight/labnet';
import { forEachDb, startPostgres } from './harness/index.ts';
import { labnetSite, labnetTemplate, siteAssets, waitForScan, type Json } from './scan-e2e-helpers.ts';
import { wildcardListeningPorts } from '../e2e/wildcard-ports.ts';
import { kill9, startConsoleProcess, type ConsoleProc } from '../engines/console-process.ts';

const foreign = wildcardListeningPorts();

/** Starts `farsight console` (tests/engines/console-process.ts) with one host per result batch. */
function startConsole(dataDir: string, databaseUrl: string | undefined): Promise<ConsoleProc> {
  return startConsoleProcess(dataDir, { FARSIGHT_ENGINE_BATCH_HOSTS: '1', DATABASE_URL: databaseUrl ?? '' });
}

forEachDb('kill -9 the console mid-scan; restarted, the scan resumes with nothing lost or duplicated', async (t, db) => {
  const net = await startLabnet('standard', { ttlSeconds: 900, relocate: '127.0.96' });
  t.after(() => net.stop());
  const dataDir = mkdtempSync(join(tmpdir(), 'farsight-resume-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const databaseUrl = db === 'postgres' ? await (await startPostgres()).createDatabase() : undefined;
  const procs: ConsoleProc[] = [];
  t.after(async () => { for (const p of procs) await kill9(p); });

  const first = await startConsole(dataDir, databaseUrl);
  procs.push(first);
  const truth = net.groundTruth();
  // Four hosts at a time: the scan lasts long enough to be killed in the middle.
  const template = await labnetTemplate(first.api, net, { performance: { serviceTimeoutMs: 4000, maxParallelHosts: 4 } });
  const siteId = await labnetSite(first.api, net, template, 'resume');
  const started = await first.api.request('POST', `/api/3/sites/${siteId}/scans`, { body: { name: 'resume', testCheck: { checkId: 'farsight-test-open-port', port: 22 } } });
  assert.equal(started.status, 201, started.text);
  const scanId = started.body.id as number;

  let before: string[] = [];
  for (let i = 0; i < 1200 && before.length < 8; i++) {
    await sleep(100);
    const r = await first.api.request('GET', `/api/farsight/scans/${scanId}/hosts?size=500`);
    before = (r.body.hosts as Json[]).map((h) => h.address as string);
  }
  assert.ok(before.length >= 8 && before.length < truth.hosts.length, `killed with ${before.length} of ${truth.hosts.length} hosts reported`);
  await kill9(first);
  const connectionsAtKill = new Map(before.map((a) => [a, net.connections(a)]));

  const second = await startConsole(dataDir, databaseUrl);
  procs.push(second);
  const scan = await waitForScan(second.api, scanId, ['finished'], 300_000);
  assert.equal(scan.assets, truth.hosts.length);

  const hosts = (await second.api.request('GET', `/api/farsight/scans/${scanId}/hosts?size=500`)).body.hosts as Json[];
  const addresses = hosts.map((h) => h.address as string);
  assert.equal(new Set(addresses).size, addresses.length, 'no host reported twice');
  assert.deepEqual([...addresses].sort(), [...truth.hosts.map((h) => h.address)].sort(), 'every host reported');
  for (const a of before) assert.equal(net.connections(a), connectionsAtKill.get(a), `${a} was reported before the kill and must not be scanned again`);

  const assets = await siteAssets(second.api, siteId);
  assert.equal(assets.length, truth.hosts.length, 'one asset per host');
  const wrong: string[] = [];
  let findings = 0;
  for (const h of truth.hosts) {
    const a = assets.find((x) => x.ip === h.address);
    if (!a) { wrong.push(`${h.address}: no asset`); continue; }
    const want = h.services.filter((s) => s.protocol === 'tcp').map((s) => s.port).sort((x, y) => x - y);
    const got = (a.services as Json[]).filter((s) => s.protocol === 'tcp' && !foreign.has(s.port as number)).map((s) => s.port as number);
    if (JSON.stringify(got) !== JSON.stringify(want)) wrong.push(`${h.address}: tcp ports ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
    const f = (await second.api.request('GET', `/api/farsight/assets/${a.id}/findings`)).body.resources as Json[];
    const wantFindings = want.includes(22) ? 1 : 0;
    if (f.length !== wantFindings) wrong.push(`${h.address}: ${f.length} findings, want ${wantFindings}`);
    findings += f.length;
  }
  assert.deepEqual(wrong, []);
  assert.ok(findings > 5, `${findings} findings`);
  const log = (await second.api.request('GET', `/api/farsight/scans/${scanId}/log`)).text;
  const skipped = /resuming: (\d+) host\(s\) already reported are skipped/.exec(log);
  assert.ok(skipped, `the engine resumed the scan:\n${log.slice(-2000)}`);
  assert.ok(Number(skipped[1]) >= before.length, `skipped ${skipped[1]}, ${before.length} were reported before the kill`);
}, { timeout: 600_000 });
