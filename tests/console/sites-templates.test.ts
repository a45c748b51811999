// Scan templates: the four read-only built-ins and custom copies (v3 shapes), validation,
// and that a site's scan plan carries the custom template's settings.
import assert from 'node:assert/strict';
import { forEachDb, startTestConsole, assertMatchesV3 } from './harness/index.ts';
import { getSiteScanPlan } from '../../apps/console/src/services/sites.ts';

forEachDb('scan templates: built-ins are listed and read-only; custom copies are CRUD', async (t, db) => {
  const c = await startTestConsole({ db });
  t.after(() => c.stop());
  const list = await c.request('GET', '/api/3/scan_templates');
  assert.equal(list.status, 200);
  assertMatchesV3(list, 'Resources«ScanTemplate»');
  assert.deepEqual(list.body.resources.map((x: { id: string }) => x.id), ['discovery', 'full-audit', 'exhaustive', 'endpoint']);
  for (const id of ['discovery', 'full-audit', 'exhaustive', 'endpoint']) {
    const r = await c.request('GET', `/api/3/scan_templates/${id}`);
    assertMatchesV3(r, 'ScanTemplate');
    assert.equal(r.body.farsight.builtIn, true);
  }
  const full = (await c.request('GET', '/api/3/scan_templates/full-audit')).body;
  assert.equal(full.discoveryOnly, false);
  assert.equal(full.discovery.service.tcp.ports, 'well-known');
  assert.equal(full.discovery.performance.timeout.initial, 'PT1S');

  for (const [m, body] of [['PUT', { name: 'x' }], ['DELETE', undefined]] as const) {
    const r = await c.request(m, '/api/3/scan_templates/full-audit', { body });
    assert.equal(r.status, 409);
    assert.equal(r.body.code, 'BUILTIN_READONLY');
    assert.match(r.body.message, /copyOf/);
  }

  const created = await c.request('POST', '/api/3/scan_templates', {
    body: { name: 'Web quick', copyOf: 'discovery', maxParallelAssets: 32, discovery: { performance: { retryLimit: 3, timeout: { initial: 'PT0.5S', minimum: 'PT0.2S' } } }, farsight: { tcpPorts: '22,80,443,8000-8100', serviceDetection: true } },
  });
  assert.equal(created.status, 201, created.text);
  assertMatchesV3(created, 'CreatedReference«ScanTemplateID,Link»');
  assert.equal(created.body.id, 'web-quick');
  const t1 = await c.request('GET', '/api/3/scan_templates/web-quick');
  assertMatchesV3(t1, 'ScanTemplate');
  assert.equal(t1.body.name, 'Web quick');
  assert.equal(t1.body.maxParallelAssets, 32);
  assert.equal(t1.body.discovery.performance.retryLimit, 3);
  assert.deepEqual([t1.body.farsight.copyOf, t1.body.farsight.builtIn, t1.body.farsight.tcpPorts, t1.body.farsight.performance.initialTimeoutMs], ['discovery', false, '22,80,443,8000-8100', 500]);
  assert.equal((await c.request('POST', '/api/3/scan_templates', { body: { name: 'Web quick' } })).body.id, 'web-quick-2', 'ids never collide');
  assert.equal((await c.request('POST', '/api/3/scan_templates', { body: { name: 'Full audit' } })).body.id, 'full-audit-2', 'custom ids never shadow built-ins');

  const bad: Array<[unknown, string, RegExp]> = [
    [{ name: 'b', farsight: { tcpPorts: '22,70000' } }, 'PORT_SPEC_INVALID', /70000/],
    [{ name: 'b', copyOf: 'nope' }, 'TEMPLATE_UNKNOWN', /'nope'/],
    [{ name: 'b', discovery: { performance: { timeout: { initial: 'soon' } } } }, 'INVALID_ARGUMENT', /'soon'/],
    [{ name: 'b', farsight: { performance: { maxParallelHosts: 0 } } }, 'INVALID_ARGUMENT', /maxParallelHosts/],
  ];
  for (const [body, code, re] of bad) {
    const r = await c.request('POST', '/api/3/scan_templates', { body });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.body.code, code);
    assert.match(r.body.message, re);
  }

  assert.equal((await c.request('PUT', '/api/3/scan_templates/web-quick', { body: { description: 'ports 22-443', farsight: { udpPorts: 'U:53' } } })).status, 200);
  const t2 = (await c.request('GET', '/api/3/scan_templates/web-quick')).body;
  assert.deepEqual([t2.description, t2.farsight.udpPorts, t2.farsight.tcpPorts], ['ports 22-443', 'U:53', '22,80,443,8000-8100']);

  const site = (await c.request('POST', '/api/3/sites', { body: { name: 'W', scanTemplateId: 'web-quick' } })).body.id as number;
  const plan = await getSiteScanPlan(c.db, site);
  assert.equal(plan.template.tcpPorts, '22,80,443,8000-8100');
  assert.equal(plan.template.performance.maxParallelHosts, 32);
  const inUse = await c.request('DELETE', '/api/3/scan_templates/web-quick');
  assert.equal(inUse.status, 409);
  assert.match(inUse.body.message, new RegExp(`site\\(s\\) ${site}`));
  assert.equal((await c.request('PUT', `/api/3/sites/${site}/scan_template`, { body: JSON.stringify('full-audit') })).status, 200);
  assert.equal((await c.request('DELETE', '/api/3/scan_templates/web-quick')).status, 200);
  assert.equal((await c.request('GET', '/api/3/scan_templates/web-quick')).status, 404);
  const user = await c.createUser('user');
  assert.equal((await c.request('GET', '/api/3/scan_templates', { auth: user })).status, 200);
  assert.equal((await c.request('POST', '/api/3/scan_templates', { auth: user, body: { name: 'mine' } })).status, 403);
  const acts = (await c.db.selectFrom('audit_log').select('action').where('action', 'like', 'scan-template.%').execute()).map((r) => r.action);
  assert.deepEqual(acts, ['scan-template.create', 'scan-template.create', 'scan-template.create', 'scan-template.update', 'scan-template.delete']);
});
