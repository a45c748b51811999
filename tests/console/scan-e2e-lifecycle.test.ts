// The finding lifecycle across scans of a real (labnet) network, driven by the test check
// (a finding per open 8081/tcp): scan 1 → new; stop the service and scan 2 → remediated (the
// other host's finding → active); restart it and scan 3 → reopened; scan 4 → active again.
import assert from 'node:assert/strict';
import { startLabnet, type Labnet, type LabnetSpec } from '@farsight/labnet';
import { forEachDb, startTestConsole, type TestConsole } from './harness/index.ts';
import { labnetSite, labnetTemplate, siteAssets, waitForScan, type Json } from './scan-e2e-helpers.ts';

process.env.FARSIGHT_TEST_CHECKS = '1';

const CHECK = { checkId: 'farsight-test-open-port', port: 8081 };

function network(prefix: string, withA8081: boolean): LabnetSpec {
  return {
    name: 'lifecycle',
    hosts: [
      { address: `${prefix}.1`, services: [{ port: 22, profile: 'openssh-8.9p1-ubuntu-3ubuntu0.10' }, ...(withA8081 ? [{ port: 8081, profile: 'jetty-9.4.53' }] : [])] },
      { address: `${prefix}.2`, services: [{ port: 8081, profile: 'jetty-9.4.53' }] },
      { address: `${prefix}.3`, services: [{ port: 22, profile: 'openssh-8.9p1-ubuntu-3ubuntu0.10' }] },
    ],
  };
}

async function scan(c: TestConsole, siteId: number): Promise<number> {
  const r = await c.request('POST', `/api/3/sites/${siteId}/scans`, { body: { testCheck: CHECK } });
  assert.equal(r.status, 201, r.text);
  await waitForScan(c, r.body.id as number);
  return r.body.id as number;
}

async function findings(c: TestConsole, siteId: number): Promise<Map<string, Json[]>> {
  const out = new Map<string, Json[]>();
  for (const a of await siteAssets(c, siteId)) out.set(a.ip as string, (await c.request('GET', `/api/farsight/assets/${a.id}/findings`)).body.resources as Json[]);
  return out;
}

const states = (m: Map<string, Json[]>, ip: string): string[] => (m.get(ip) ?? []).map((f) => `${f.checkId}:${f.port}:${f.state}`);

forEachDb('finding lifecycle across scans: new → remediated → reopened → active', async (t, db) => {
  const prefix = '127.0.95';
  const [a, b, c3] = [`${prefix}.1`, `${prefix}.2`, `${prefix}.3`];
  let net: Labnet = await startLabnet(network(prefix, true), { ttlSeconds: 600 });
  t.after(() => net.stop());
  const c = await startTestConsole({ db });
  t.after(() => c.stop());
  // No version or active checks (issue 5): the lifecycle is judged on the test check's findings alone.
  const siteId = await labnetSite(c, net, await labnetTemplate(c, net, { tcpPorts: '22,80,8081', udpPorts: '', checkCategories: [] }), 'lifecycle');

  const s1 = await scan(c, siteId);
  let f = await findings(c, siteId);
  assert.deepEqual(states(f, a), ['farsight-test-open-port:8081:new']);
  assert.deepEqual(states(f, b), ['farsight-test-open-port:8081:new']);
  assert.deepEqual(states(f, c3), []);
  const first = (await c.request('GET', `/api/3/scans/${s1}`)).body;
  assert.match(first.message, /integrated: 2 new, 0 active, 0 reopened, 0 remediated/);

  // The service on host A goes away.
  await net.stop();
  net = await startLabnet(network(prefix, false), { ttlSeconds: 600 });
  const s2 = await scan(c, siteId);
  f = await findings(c, siteId);
  assert.deepEqual(states(f, a), ['farsight-test-open-port:8081:remediated']);
  assert.deepEqual(states(f, b), ['farsight-test-open-port:8081:active']);
  const assetA = (await siteAssets(c, siteId)).find((x) => x.ip === a) as Json;
  assert.deepEqual((assetA.services as Json[]).map((s) => s.port), [22], 'the closed port is no longer a service');
  assert.equal(assetA.vulnerabilities.total, 0, 'a remediated finding is not counted');
  const vulnsA = await c.request('GET', `/api/3/assets/${assetA.id}/vulnerabilities`);
  assert.equal(vulnsA.body.resources.length, 0);
  assert.match((await c.request('GET', `/api/3/scans/${s2}`)).body.message, /0 new, 1 active, 0 reopened, 1 remediated/);

  // It comes back.
  await net.stop();
  net = await startLabnet(network(prefix, true), { ttlSeconds: 600 });
  await scan(c, siteId);
  f = await findings(c, siteId);
  assert.deepEqual(states(f, a), ['farsight-test-open-port:8081:reopened']);
  assert.deepEqual(states(f, b), ['farsight-test-open-port:8081:active']);
  const vulns = await c.request('GET', `/api/3/assets/${assetA.id}/vulnerabilities`);
  assert.equal(vulns.body.resources[0].id, 'farsight-test-open-port');
  assert.equal(vulns.body.resources[0].state, 'reopened');
  const history = (f.get(a)?.[0]?.history as Json[]).map((h) => `${h.from ?? '-'}→${h.to}`);
  assert.deepEqual(history, ['-→new', 'new→remediated', 'remediated→reopened']);

  await scan(c, siteId);
  f = await findings(c, siteId);
  assert.deepEqual(states(f, a), ['farsight-test-open-port:8081:active']);

  // The test check has a definition, so an exception can name it; an approved one shows on the finding.
  assert.equal((await c.request('GET', '/api/3/vulnerabilities/farsight-test-open-port')).status, 200);
  const assetB = (await siteAssets(c, siteId)).find((x) => x.ip === b) as Json;
  const ex = await c.request('POST', '/api/3/vulnerability_exceptions', { body: {
    scope: { type: 'Asset', id: assetB.id, vulnerability: 'farsight-test-open-port' }, submit: { reason: 'Acceptable Use', comment: 'lab host' },
  } });
  assert.equal(ex.status, 201, ex.text);
  assert.equal((await c.request('POST', `/api/3/vulnerability_exceptions/${ex.body.id}/approve`)).status, 200);
  const vb = (await c.request('GET', `/api/3/assets/${assetB.id}/vulnerabilities`)).body.resources[0];
  assert.equal(vb.results[0].status, 'vulnerable-with-exception-applied');
  assert.deepEqual(vb.results[0].exceptions, [ex.body.id]);
  assert.equal((await c.request('GET', `/api/3/assets/${assetA.id}/vulnerabilities`)).body.resources[0].results[0].status, 'vulnerable');
  assert.equal((await siteAssets(c, siteId)).length, 3, 'still one asset per host after four scans');
}, { timeout: 600_000 });
