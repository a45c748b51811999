// A labnet network (relocated to 127.8.10.x) scanned by a DISTRIBUTED engine: a `farsight engine`
// child process paired over mutual TLS runs the scan with the same runner as the Local engine,
// and the console's assets and services equal labnet's ground truth. The Local engine is off, so
// nothing else can have scanned it. Console engine listener on 127.8.1.9.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startLabnet } from '@farsight/labnet';
import { labnetTemplate, siteAssets, waitForScan } from '../console/scan-e2e-helpers.ts';
import { wildcardListeningPorts } from '../e2e/wildcard-ports.ts';
import { pairArgs, startEngineConsole, startEngineProc, waitFor } from './transport-helpers.ts';

const foreign = wildcardListeningPorts();

test('a distributed engine scans a labnet site: assets and services equal the ground truth', { timeout: 600_000 }, async (t) => {
  const net = await startLabnet('standard', { ttlSeconds: 900, relocate: '127.8.10' });
  t.after(() => net.stop());
  const { c, port, fingerprint } = await startEngineConsole('127.8.1.9', { heartbeatMs: 1000, downAfterMs: 60_000 });
  t.after(() => c.stop());
  const secret = (await c.request('POST', '/api/farsight/scan_engines/shared_secret', {})).body.secret as string;
  const e = startEngineProc(['--name', 'remote-scanner', '--no-listen', ...pairArgs('127.8.1.9', port, secret, fingerprint)], { FARSIGHT_ENGINE_HEARTBEAT_MS: '1000' });
  t.after(() => e.stop());
  const engineId = Number(/paired as engine (\d+)/.exec(await e.waitLine(/pair-engine: paired as engine \d+/))?.[1]);
  await waitFor('engine Active', async () => (await c.request('GET', `/api/farsight/scan_engines/${engineId}/status`)).body.state === 'active' || undefined);

  const site = await c.request('POST', '/api/3/sites', { body: { name: 'remote labnet', engineId, scanTemplateId: await labnetTemplate(c, net), scan: { assets: { includedTargets: { addresses: net.hosts } } } } });
  assert.equal(site.status, 201, site.text);
  const siteId = site.body.id as number;
  const started = await c.request('POST', `/api/3/sites/${siteId}/scans`, { body: { name: 'remote ground truth' } });
  assert.equal(started.status, 201, started.text);
  const scan = await waitForScan(c, started.body.id as number);
  const row = await c.db.selectFrom('scans').select('engine_id').where('id', '=', started.body.id as number).executeTakeFirstOrThrow();
  assert.equal(row.engine_id, engineId, 'the distributed engine ran it');

  const truth = net.groundTruth();
  assert.equal(scan.assets, truth.hosts.length, 'every labnet host is an asset');
  const assets = await siteAssets(c, siteId);
  const wrong: string[] = [];
  let checked = 0;
  for (const h of truth.hosts) {
    const a = assets.find((x) => x.ip === h.address);
    if (!a) { wrong.push(`${h.address}: no asset`); continue; }
    const want = h.services.filter((s) => s.protocol === 'tcp').map((s) => s.port).sort((x, y) => x - y);
    const got = (a.services as Array<{ port: number; protocol: string }>).filter((s) => s.protocol === 'tcp' && !foreign.has(s.port)).map((s) => s.port);
    if (JSON.stringify(got) !== JSON.stringify(want)) wrong.push(`${h.address}: tcp ports ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
    for (const s of h.services) {
      const svc = (a.services as Array<Record<string, unknown>>).find((x) => x.port === s.port && x.protocol === s.protocol);
      if (!svc) { wrong.push(`${h.address}:${s.port}/${s.protocol} missing`); continue; }
      checked++;
      for (const f of ['name', 'product', 'version'] as const) if (s[f] !== undefined && svc[f] !== s[f]) wrong.push(`${h.address}:${s.port}/${s.protocol} ${f}: ${String(svc[f])}, want ${s[f]}`);
    }
  }
  assert.ok(checked > 100, `checked ${checked} services`);
  assert.deepEqual(wrong, []);
  const log = await c.request('GET', `/api/farsight/scans/${started.body.id as number}/log`);
  assert.match(log.text, /engine: host 127\.8\.10\.\d+ up/);
});
