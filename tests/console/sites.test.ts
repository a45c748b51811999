// Sites over the v3 API: CRUD, targets and their validation errors, engine/template links,
// site access by role, global exclusions and the scan plan other services read.
import assert from 'node:assert/strict';
import { forEachDb, startTestConsole, assertMatchesV3, type TestConsole } from './harness/index.ts';
import { getSiteScanPlan } from '../../apps/console/src/services/sites.ts';

async function audits(c: TestConsole, action: string): Promise<number> {
  return (await c.db.selectFrom('audit_log').select('id').where('action', '=', action).execute()).length;
}

forEachDb('sites: create, read, update, targets, delete (v3 shapes)', async (t, db) => {
  const c = await startTestConsole({ db });
  t.after(() => c.stop());
  const created = await c.request('POST', '/api/3/sites', {
    body: { name: 'Lab', description: 'the lab', importance: 'high', scan: { assets: { includedTargets: { addresses: ['127.0.97.1', '127.0.97.0/30, 127.0.98.1-127.0.98.9', 'db.lab.example', '::1'] }, excludedTargets: { addresses: ['127.0.97.2'] } } } },
  });
  assert.equal(created.status, 201, created.text);
  assertMatchesV3(created, 'ReferenceWith«SiteID,Link»');
  const id = created.body.id as number;

  const one = await c.request('GET', `/api/3/sites/${id}`);
  assert.equal(one.status, 200);
  assertMatchesV3(one, 'Site');
  assert.deepEqual({ ...one.body, links: undefined }, { id, name: 'Lab', description: 'the lab', importance: 'high', scanEngine: 1, scanTemplate: 'full-audit', type: 'static', links: undefined });

  const list = await c.request('GET', '/api/3/sites?size=1&sort=name,DESC');
  assert.equal(list.status, 200);
  assertMatchesV3(list, 'PageOf«Site»');
  assert.equal(list.body.page.totalResources, 1);

  const inc = await c.request('GET', `/api/3/sites/${id}/included_targets`);
  assertMatchesV3(inc, 'ScanTargetsResource');
  assert.deepEqual(inc.body.addresses, ['127.0.97.1', '127.0.97.0/30', '127.0.98.1-127.0.98.9', 'db.lab.example', '::1']);
  assert.deepEqual((await c.request('GET', `/api/3/sites/${id}/excluded_targets`)).body.addresses, ['127.0.97.2']);

  assert.equal((await c.request('PUT', `/api/3/sites/${id}/included_targets`, { body: ['127.0.97.10', '127.0.97.11'] })).status, 200);
  assert.equal((await c.request('POST', `/api/3/sites/${id}/included_targets`, { body: ['127.0.97.12'] })).status, 201);
  assert.equal((await c.request('DELETE', `/api/3/sites/${id}/included_targets`, { body: ['127.0.97.11'] })).status, 200);
  assert.deepEqual((await c.request('GET', `/api/3/sites/${id}/included_targets`)).body.addresses, ['127.0.97.10', '127.0.97.12']);
  assert.equal((await c.request('PUT', `/api/3/sites/${id}/excluded_targets`, { body: [] })).status, 200);
  assert.deepEqual((await c.request('GET', `/api/3/sites/${id}/excluded_targets`)).body.addresses, []);

  const upd = await c.request('PUT', `/api/3/sites/${id}`, { body: { name: 'Lab 2', importance: 'very_low', engineId: 1, scanTemplateId: 'discovery' } });
  assert.equal(upd.status, 200, upd.text);
  const after = (await c.request('GET', `/api/3/sites/${id}`)).body;
  assert.equal(after.name, 'Lab 2');
  assert.equal(after.importance, 'very_low');
  assert.equal(after.scanTemplate, 'discovery');
  assert.equal(after.description, 'the lab', 'omitted fields keep their value');

  const tpl = await c.request('GET', `/api/3/sites/${id}/scan_template`);
  assertMatchesV3(tpl, 'ScanTemplate');
  assert.equal(tpl.body.id, 'discovery');
  assert.equal((await c.request('PUT', `/api/3/sites/${id}/scan_template`, { body: JSON.stringify('exhaustive') })).status, 200);
  const badTpl = await c.request('PUT', `/api/3/sites/${id}/scan_template`, { body: JSON.stringify('no-such-template') });
  assert.equal(badTpl.status, 400);
  assert.equal(badTpl.body.code, 'TEMPLATE_UNKNOWN');
  assertMatchesV3(badTpl, 'Error');

  const eng = await c.request('GET', `/api/3/sites/${id}/scan_engine`);
  assertMatchesV3(eng, 'ScanEngine');
  assert.equal(eng.body.id, 1);
  assert.deepEqual(eng.body.sites, [id]);
  const badEng = await c.request('PUT', `/api/3/sites/${id}/scan_engine`, { body: 999 });
  assert.equal(badEng.status, 400);
  assert.match(badEng.body.message, /999/);

  const dup = await c.request('POST', '/api/3/sites', { body: { name: 'Lab 2' } });
  assert.equal(dup.status, 409);
  assert.equal(dup.body.code, 'CONFLICT');

  assert.equal(await audits(c, 'site.create'), 1);
  assert.ok(await audits(c, 'site.update') >= 6);
  assert.equal((await c.request('DELETE', `/api/3/sites/${id}`)).status, 200);
  const gone = await c.request('GET', `/api/3/sites/${id}`);
  assert.equal(gone.status, 404);
  assertMatchesV3(gone, 'NotFoundError');
  assert.equal(await audits(c, 'site.delete'), 1);
  assert.equal((await c.db.selectFrom('site_targets').select('site_id').where('site_id', '=', id).execute()).length, 0);
});

forEachDb('sites: target validation errors name the bad token', async (t, db) => {
  const c = await startTestConsole({ db });
  t.after(() => c.stop());
  const rows: Array<[string[], string, string[]]> = [
    [['127.0.97.300'], 'TARGET_INVALID', ['127.0.97.300']],
    [['127.1'], 'TARGET_AMBIGUOUS', ['127.1']],
    [['0x7f.0.0.1'], 'TARGET_AMBIGUOUS', ['0x7f.0.0.1']],
    [['127.0.97.9-127.0.97.1'], 'TARGET_RANGE_REVERSED', ['127.0.97.9-127.0.97.1']],
    [['10.0.0.0/7'], 'TARGET_RANGE_TOO_LARGE', ['10.0.0.0/7']],
    [['ok.example', 'bad_name!', '127.0.97.1', 'x..y'], 'TARGET_INVALID', ['bad_name!', 'x..y']],
  ];
  for (const [addresses, code, named] of rows) {
    const r = await c.request('POST', '/api/3/sites', { body: { name: `s-${code}`, scan: { assets: { includedTargets: { addresses } } } } });
    assert.equal(r.status, 400, `${addresses.join(' ')}: ${r.text}`);
    assert.equal(r.body.code, code);
    assertMatchesV3(r, 'BadRequestError');
    for (const n of named) assert.ok(r.body.message.includes(`'${n}'`), `${r.body.message} names ${n}`);
    assert.ok(!r.body.message.includes("'ok.example'"), 'valid tokens are not named');
  }
  assert.equal((await c.request('GET', '/api/3/sites')).body.page.totalResources, 0, 'nothing was created');
  const site = (await c.request('POST', '/api/3/sites', { body: { name: 'ok' } })).body.id as number;
  const badEx = await c.request('PUT', `/api/3/sites/${site}/excluded_targets`, { body: ['127.0.97.1', '256.1.1.1'] });
  assert.equal(badEx.status, 400);
  assert.match(badEx.body.message, /^excluded targets: 1 invalid: .*'256\.1\.1\.1'/);
  // Exclusions may be as wide as you like; included targets are bounded like scan targets.
  assert.equal((await c.request('PUT', `/api/3/sites/${site}/excluded_targets`, { body: ['0.0.0.0/0'] })).status, 200);
  const empty = await c.request('PUT', `/api/3/sites/${site}/included_targets`, { body: [''] });
  assert.equal(empty.status, 200, 'blank entries are dropped');
});

forEachDb('sites: site owners and users see and change only their sites', async (t, db) => {
  const c = await startTestConsole({ db });
  t.after(() => c.stop());
  const a = (await c.request('POST', '/api/3/sites', { body: { name: 'A' } })).body.id as number;
  const b = (await c.request('POST', '/api/3/sites', { body: { name: 'B' } })).body.id as number;
  const owner = await c.createUser('site-owner', [a]);
  const reader = await c.createUser('user', [b]);
  const ownerList = await c.request('GET', '/api/3/sites', { auth: owner });
  assert.deepEqual(ownerList.body.resources.map((s: { id: number }) => s.id), [a]);
  assert.equal((await c.request('GET', `/api/3/sites/${b}`, { auth: owner })).status, 403);
  assert.equal((await c.request('PUT', `/api/3/sites/${a}`, { auth: owner, body: { description: 'mine' } })).status, 200);
  const other = await c.request('PUT', `/api/3/sites/${b}`, { auth: owner, body: { description: 'not mine' } });
  assert.equal(other.status, 403);
  assert.equal(other.body.code, 'RESOURCE_FORBIDDEN');
  assert.equal((await c.request('POST', '/api/3/sites', { auth: owner, body: { name: 'C' } })).status, 403, 'creating sites is for global admins');
  assert.equal((await c.request('DELETE', `/api/3/sites/${a}`, { auth: owner })).status, 403);
  assert.equal((await c.request('GET', `/api/3/sites/${b}/included_targets`, { auth: reader })).status, 200);
  assert.equal((await c.request('PUT', `/api/3/sites/${b}/included_targets`, { auth: reader, body: ['127.0.97.1'] })).status, 403);
});

forEachDb('sites: global exclusions and the scan plan', async (t, db) => {
  const c = await startTestConsole({ db });
  t.after(() => c.stop());
  const id = (await c.request('POST', '/api/3/sites', { body: { name: 'P', scanTemplateId: 'discovery', scan: { assets: { includedTargets: { addresses: ['127.0.97.0/29'] }, excludedTargets: { addresses: ['127.0.97.3'] } } } } })).body.id as number;
  const put = await c.request('PUT', '/api/farsight/exclusions', { body: { addresses: ['127.0.97.5', 'printer.lab.example'] } });
  assert.equal(put.status, 200, put.text);
  assert.deepEqual((await c.request('GET', '/api/farsight/exclusions')).body.addresses, ['127.0.97.5', 'printer.lab.example']);
  const bad = await c.request('PUT', '/api/farsight/exclusions', { body: ['127.0.97.5', '1.2.3.4.5'] });
  assert.equal(bad.status, 400);
  assert.match(bad.body.message, /'1\.2\.3\.4\.5'/);
  const owner = await c.createUser('site-owner', [id]);
  assert.equal((await c.request('PUT', '/api/farsight/exclusions', { auth: owner, body: [] })).status, 403);

  const plan = await getSiteScanPlan(c.db, id);
  assert.deepEqual({ ...plan, template: undefined }, {
    siteId: id, siteName: 'P', targets: ['127.0.97.0/29'], exclusions: ['127.0.97.3', '127.0.97.5', 'printer.lab.example'],
    templateId: 'discovery', template: undefined, engineId: 1, poolId: null,
  });
  assert.equal(plan.template.id, 'discovery');
  assert.equal(plan.template.serviceDetection, false);
  await assert.rejects(getSiteScanPlan(c.db, 9999), /site 9999 does not exist/);
});
