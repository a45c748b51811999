// kill -9 the CONSOLE mid-scan while a distributed (network) engine runs the scan, restart it on
// the same data directory: the engine (a `farsight engine` child process, engine → console over
// mutual TLS) keeps its spool, reconnects with backoff to the restarted console, and the scan
// ends with every labnet host ingested exactly once and the ground truth's ports; hosts the
// console had committed before the kill are not scanned again. The engine-kill variant is
// remote-scan-kill9.test.ts, the Local-engine console-kill variant tests/console/resume.test.ts.
// Kill paced by committed progress, never by time. Console engine listener on 127.14.5.1,
// labnet on 127.14.11.x (address block 127.14.0.0/16: hardening-* suites).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLabnet } from '@farsight/labnet';
import { labnetTemplate, siteAssets, waitForScan, type Json } from '../console/scan-e2e-helpers.ts';
import { wildcardListeningPorts } from '../e2e/wildcard-ports.ts';
import { kill9, startConsoleProcess, type ConsoleProc } from './console-process.ts';
import { pairArgs, startEngineProc, waitFor } from './transport-helpers.ts';

const LISTEN = '127.14.5.1';
const foreign = wildcardListeningPorts();

/** A port free on LISTEN now (the console must get the same one after its restart: the engine dials it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, LISTEN, () => { const p = (s.address() as { port: number }).port; s.close(() => resolve(p)); });
  });
}

test('kill -9 the console mid-scan with a network engine: every host exactly once after the restart', { timeout: 900_000 }, async (t) => {
  const net = await startLabnet('standard', { ttlSeconds: 900, relocate: '127.14.11' });
  t.after(() => net.stop());
  const truth = net.groundTruth();
  const dataDir = mkdtempSync(join(tmpdir(), 'farsight-h11-ck9-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const port = await freePort();
  const env = {
    FARSIGHT_REMOTE_ENGINES: '1', FARSIGHT_LOCAL_ENGINE: '0', FARSIGHT_ENGINE_LISTEN_HOST: LISTEN, FARSIGHT_ENGINE_LISTEN_PORT: String(port),
    FARSIGHT_ENGINE_HEARTBEAT_MS: '500', FARSIGHT_ENGINE_UNKNOWN_AFTER_MS: '1500', FARSIGHT_ENGINE_DOWN_AFTER_MS: '60000', FARSIGHT_ENGINE_BATCH_HOSTS: '1',
  };
  const procs: ConsoleProc[] = [];
  t.after(async () => { for (const p of procs) await kill9(p); });
  const first = await startConsoleProcess(dataDir, env);
  procs.push(first);

  const pair = (await first.api.request('POST', '/api/farsight/scan_engines/shared_secret', {})).body as Json;
  const e = startEngineProc(['--name', 'ck9', '--no-listen', ...pairArgs(LISTEN, port, pair.secret as string, pair.caFingerprint as string)], { FARSIGHT_ENGINE_BATCH_HOSTS: '1' });
  t.after(() => e.stop());
  const engineId = Number(/paired as engine (\d+)/.exec(await e.waitLine(/pair-engine: paired as engine \d+/))?.[1]);
  await waitFor('Active', async () => (await first.api.request('GET', `/api/farsight/scan_engines/${engineId}/status`)).body.state === 'active' || undefined, 60_000);

  const template = await labnetTemplate(first.api, net, { performance: { serviceTimeoutMs: 4000, maxParallelHosts: 2 } });
  const site = await first.api.request('POST', '/api/3/sites', { body: { name: 'ck9', engineId, scanTemplateId: template, scan: { assets: { includedTargets: { addresses: net.hosts } } } } });
  assert.equal(site.status, 201, site.text);
  const siteId = site.body.id as number;
  const started = await first.api.request('POST', `/api/3/sites/${siteId}/scans`, { body: { name: 'ck9' } });
  assert.equal(started.status, 201, started.text);
  const scanId = started.body.id as number;

  const reported = async (c: ConsoleProc): Promise<string[]> => ((await c.api.request('GET', `/api/farsight/scans/${scanId}/hosts?size=500`)).body.hosts as Json[]).map((h) => h.address as string);
  const want = Math.max(3, Math.floor(truth.hosts.length / 3));
  const before = await waitFor(`${want} hosts committed`, async () => { const r = await reported(first); return r.length >= want ? r : undefined; }, 300_000, 100);
  assert.ok(before.length < truth.hosts.length, `killed with ${before.length} of ${truth.hosts.length} hosts reported`);
  await kill9(first);
  const connectionsAtKill = new Map(before.map((a) => [a, net.connections(a)]));
  t.diagnostic(`console killed with ${before.length} of ${truth.hosts.length} hosts committed`);
  const connectedBefore = e.lines.filter((l) => /connected to 127\.14\.5\.1/.test(l)).length;

  const second = await startConsoleProcess(dataDir, env);
  procs.push(second);
  await waitFor('the engine reconnected', () => (e.lines.filter((l) => /connected to 127\.14\.5\.1/.test(l)).length > connectedBefore ? true : undefined), 120_000);
  const scan = await waitForScan(second.api, scanId, ['finished'], 600_000);
  assert.equal(scan.assets, truth.hosts.length);

  const addresses = await reported(second);
  assert.equal(new Set(addresses).size, addresses.length, 'no host ingested twice');
  assert.deepEqual([...addresses].sort(), truth.hosts.map((h) => h.address).sort(), 'every host ingested');
  for (const a of before) assert.equal(net.connections(a), connectionsAtKill.get(a), `${a} was committed before the kill and must not be scanned again`);
  const assets = await siteAssets(second.api, siteId);
  assert.equal(assets.length, truth.hosts.length, 'one asset per host');
  const wrong: string[] = [];
  for (const h of truth.hosts) {
    const a = assets.find((x) => x.ip === h.address);
    const ports = h.services.filter((s) => s.protocol === 'tcp').map((s) => s.port).sort((x, y) => x - y);
    const got = a ? (a.services as Json[]).filter((s) => s.protocol === 'tcp' && !foreign.has(s.port as number)).map((s) => s.port as number) : [];
    if (JSON.stringify(got) !== JSON.stringify(ports)) wrong.push(`${h.address}: ${JSON.stringify(got)} want ${JSON.stringify(ports)}`);
  }
  assert.deepEqual(wrong, []);
});
