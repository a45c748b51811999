// A distributed engine (a `farsight engine` child process over mutual TLS) is killed -9 three
// times during a labnet scan and restarted from its data directory each time: it reconnects
// with its certificate, resumes from its spool, and the scan ends with every labnet host exactly
// once and the ground truth's ports — nothing lost, nothing duplicated. Kills are paced by
// committed progress, never by time. Labnet on 127.8.11.x, console listener on 127.8.1.12.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startLabnet } from '@farsight/labnet';
import { labnetTemplate, siteAssets, waitForScan } from '../console/scan-e2e-helpers.ts';
import { wildcardListeningPorts } from '../e2e/wildcard-ports.ts';
import { pairArgs, startEngineConsole, startEngineProc, waitFor } from './transport-helpers.ts';

const foreign = wildcardListeningPorts();

test('kill -9 a distributed engine three times mid-scan: every host exactly once, ground truth kept', { timeout: 600_000 }, async (t) => {
  const net = await startLabnet('standard', { ttlSeconds: 900, relocate: '127.8.11' });
  t.after(() => net.stop());
  const truth = net.groundTruth();
  const { c, port, fingerprint } = await startEngineConsole('127.8.1.12', { heartbeatMs: 500, downAfterMs: 60_000 });
  t.after(() => c.stop());
  const secret = (await c.request('POST', '/api/farsight/scan_engines/shared_secret', {})).body.secret as string;
  const env = { FARSIGHT_ENGINE_BATCH_HOSTS: '1' };
  let e = startEngineProc(['--name', 'kill9', '--no-listen', ...pairArgs('127.8.1.12', port, secret, fingerprint)], env);
  const dataDir = e.dataDir;
  const procs = [e];
  t.after(() => Promise.all(procs.map((p) => p.stop())));
  const engineId = Number(/paired as engine (\d+)/.exec(await e.waitLine(/pair-engine: paired as engine \d+/))?.[1]);
  await waitFor('Active', async () => (await c.request('GET', `/api/farsight/scan_engines/${engineId}/status`)).body.state === 'active' || undefined);
  // Slow the scan enough to kill it mid-way: one host at a time, patient service probes.
  const template = await labnetTemplate(c, net, { performance: { serviceTimeoutMs: 4000, maxParallelHosts: 2 } });
  const site = await c.request('POST', '/api/3/sites', { body: { name: 'kill9', engineId, scanTemplateId: template, scan: { assets: { includedTargets: { addresses: net.hosts } } } } });
  assert.equal(site.status, 201, site.text);
  const started = await c.request('POST', `/api/3/sites/${site.body.id as number}/scans`, { body: { name: 'kill9' } });
  assert.equal(started.status, 201, started.text);
  const scanId = started.body.id as number;
  const done = async (): Promise<number> => (await c.db.selectFrom('scan_hosts').select('address').where('scan_id', '=', scanId).execute()).length;
  let kills = 0;
  for (let k = 1; k <= 3; k++) {
    const target = Math.floor((truth.hosts.length * k) / 5);
    const reached = await waitFor(`${target} hosts committed`, async () => {
      const s = await c.db.selectFrom('scans').select('status').where('id', '=', scanId).executeTakeFirstOrThrow();
      if (s.status === 'finished' || s.status === 'integrating') return 'ended';
      return (await done()) >= target ? 'reached' : undefined;
    }, 240_000, 50);
    if (reached === 'ended') break;
    e.child.kill('SIGKILL');
    await e.exited;
    kills++;
    e = startEngineProc(['--name', 'kill9', '--no-listen'], env, dataDir);
    procs.push(e);
    await e.waitLine(/connected to 127\.8\.1\.12/);
  }
  t.diagnostic(`killed the engine ${kills} time(s) mid-scan`);
  assert.ok(kills >= 1, 'at least one kill landed mid-scan');
  const scan = await waitForScan(c, scanId);
  assert.equal(scan.assets, truth.hosts.length);
  const rows = await c.db.selectFrom('scan_hosts').select('address').where('scan_id', '=', scanId).execute();
  assert.equal(rows.length, truth.hosts.length, 'every host exactly once');
  assert.equal(new Set(rows.map((r) => r.address)).size, truth.hosts.length, 'no host twice');
  const assets = await siteAssets(c, site.body.id as number);
  const wrong: string[] = [];
  for (const h of truth.hosts) {
    const a = assets.find((x) => x.ip === h.address);
    const want = h.services.filter((s) => s.protocol === 'tcp').map((s) => s.port).sort((x, y) => x - y);
    const got = a ? (a.services as Array<{ port: number; protocol: string }>).filter((s) => s.protocol === 'tcp' && !foreign.has(s.port)).map((s) => s.port) : [];
    if (JSON.stringify(got) !== JSON.stringify(want)) wrong.push(`${h.address}: ${JSON.stringify(got)} want ${JSON.stringify(want)}`);
  }
  assert.deepEqual(wrong, []);
});
