// End to end: a console on loopback, a site over a relocated labnet created through the API,
// scanned by the built-in Local scan engine (a child process speaking engine-protocol), and
// the assets and services the API then shows equal labnet's ground truth — on SQLite and
// PostgreSQL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startLabnet } from '@farsight/labnet';
import { forEachDb, startTestConsole, assertMatchesV3 } from './harness/index.ts';
import { labnetSite, labnetTemplate, siteAssets, waitForScan, type Json } from './scan-e2e-helpers.ts';
import { wildcardListeningPorts } from '../e2e/wildcard-ports.ts';

const foreign = wildcardListeningPorts();

forEachDb('scan a labnet site with the Local engine: assets and services equal the ground truth', async (t, db) => {
  const net = await startLabnet('standard', { ttlSeconds: 900, relocate: '127.0.93' });
  t.after(() => net.stop());
  const c = await startTestConsole({ db });
  t.after(() => c.stop());
  const siteId = await labnetSite(c, net, await labnetTemplate(c, net));
  const started = await c.request('POST', `/api/3/sites/${siteId}/scans`, { body: { name: 'ground truth' } });
  assert.equal(started.status, 201, started.text);
  const scanId = started.body.id as number;
  const scan = await waitForScan(c, scanId);
  assertMatchesV3(scan, 'GlobalScan');
  const truth = net.groundTruth();
  assert.equal(scan.assets, truth.hosts.length, 'every labnet host is up and an asset');

  const assets = await siteAssets(c, siteId);
  assert.equal(assets.length, truth.hosts.length, 'one asset per host');
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
      for (const f of ['name', 'vendor', 'product', 'version'] as const) {
        if (s[f] !== undefined && svc[f] !== s[f]) wrong.push(`${h.address}:${s.port}/${s.protocol} ${f}: ${String(svc[f])}, want ${s[f]}`);
      }
    }
  }
  assert.ok(checked > 100, `checked ${checked} services`);
  assert.deepEqual(wrong, []);

  // v3 shapes of the asset routes, on a host with identified services.
  const rich = assets.find((a) => (a.services as unknown[]).length >= 2) as Json;
  assertMatchesV3(await c.request('GET', `/api/3/assets/${rich.id}`), 'Asset');
  assertMatchesV3(await c.request('GET', '/api/3/assets?size=5'), 'PageOf«Asset»');
  assertMatchesV3(await c.request('GET', `/api/3/assets/${rich.id}/software`), 'Resources«Software»');
  assertMatchesV3(await c.request('GET', `/api/3/assets/${rich.id}/services`), 'ReferencesWith«ReferenceWithEndpointIDLink,ServiceLink»');
  const svc = await c.request('GET', `/api/3/assets/${rich.id}/services/${rich.services[0].protocol}/${rich.services[0].port}`);
  assertMatchesV3(svc, 'Service');
  assertMatchesV3(await c.request('GET', `/api/3/assets/${rich.id}/vulnerabilities`), 'PageOf«VulnerabilityFinding»');
  assertMatchesV3(await c.request('GET', `/api/3/sites/${siteId}/scans`), 'PageOf«Scan»');
  assertMatchesV3(await c.request('GET', '/api/3/scans?active=false'), 'PageOf«GlobalScan»');
  assert.ok(rich.identifiers.every((i: { reason: string }) => i.reason.length > 0), 'each identifier says why it belongs to the asset');

  // Per-host progress and the downloadable log.
  const hosts = await c.request('GET', `/api/farsight/scans/${scanId}/hosts?size=500`);
  assert.equal(hosts.body.hosts.length, truth.hosts.length);
  assert.ok(hosts.body.hosts.every((h: { status: string; assetId: number | null }) => h.status === 'up' && h.assetId !== null));
  const log = await c.request('GET', `/api/farsight/scans/${scanId}/log`);
  assert.equal(log.status, 200);
  assert.match(String(log.headers['content-disposition']), /attachment; filename="scan-\d+\.log"/);
  assert.match(log.text, /status queued → dispatched/);
  assert.match(log.text, /status integrating → finished/);
  assert.match(log.text, /engine: host 127\.0\.9\d\.\d+ up/);

  // Scanning again changes no asset count: one asset per host across scans.
  const again = await c.request('POST', `/api/3/sites/${siteId}/scans`, { body: { hosts: [truth.hosts[0]?.address ?? ''] } });
  assert.equal(again.status, 201, again.text);
  await waitForScan(c, again.body.id as number);
  assert.equal((await siteAssets(c, siteId)).length, truth.hosts.length);
}, { timeout: 600_000 });

test('scan start is refused for hosts outside the site and for unknown sites', async (t) => {
  const c = await startTestConsole({ db: 'sqlite' });
  t.after(() => c.stop());
  const site = await c.request('POST', '/api/3/sites', { body: { name: 's', scan: { assets: { includedTargets: { addresses: ['127.0.95.0/28'] } } } } });
  const outside = await c.request('POST', `/api/3/sites/${site.body.id}/scans`, { body: { hosts: ['127.0.95.77'] } });
  assert.equal(outside.status, 400);
  assert.match(outside.body.message, /127\.0\.95\.77 are not in the site/);
  assert.equal((await c.request('POST', '/api/3/sites/999/scans', { body: {} })).status, 404);
  const noTest = await c.request('POST', `/api/3/sites/${site.body.id}/scans`, { body: { testCheck: { checkId: 'x', port: 1 } } });
  assert.equal(noTest.status, 400);
  assert.equal((await c.request('GET', '/api/3/scans/12345')).status, 404);
  assert.equal((await c.request('POST', '/api/3/scans/12345/pause')).status, 404);
  assert.equal((await c.request('POST', '/api/3/scans/1/explode')).status, 400);
});
