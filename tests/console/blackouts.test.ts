// Blackouts: global and site blackouts through the API (rules or one-off periods, RBAC, bad
// input named); with the console's schedule clock injected, a site blackout pauses the site's
// running scan and holds a new one in the queue, both run to the end once it is over; a
// scheduled run due inside a global blackout is skipped and says why.
import assert from 'node:assert/strict';
import { startLabnet } from '@farsight/labnet';
import { scheduleClock } from '../../apps/console/src/services/schedules.ts';
import { runSchedules } from '../../apps/console/src/services/schedules-run.ts';
import { forEachDb, startTestConsole } from './harness/index.ts';
import { labnetSite, labnetTemplate, waitForScan, type Json } from './scan-e2e-helpers.ts';

process.env.FARSIGHT_SCHEDULER_INTERVAL_MS = '600000';

const WEEKDAYS = 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;START=08:00;DURATION=PT10H;TZID=Europe/Berlin';

forEachDb('blackouts: global and site, rules and periods, RBAC and bad input', async (t, db) => {
  scheduleClock.now = () => new Date('2026-11-23T07:30:00Z'); // Monday 08:30 in Berlin
  t.after(() => { scheduleClock.now = () => new Date(); });
  const c = await startTestConsole({ db });
  t.after(() => c.stop());
  const site = (await c.request('POST', '/api/3/sites', { body: { name: 'bo', scan: { assets: { includedTargets: { addresses: ['127.21.5.1'] } } } } })).body.id as number;

  const global = await c.request('POST', '/api/farsight/blackouts', { body: { name: 'freeze', from: '2026-12-20T00:00:00Z', until: '2027-01-04T00:00:00Z' } });
  assert.equal(global.status, 201, global.text);
  const own = await c.request('POST', `/api/farsight/sites/${site}/blackouts`, { body: { name: 'office hours', rule: 'freq=weekly;byday=MO,TU,WE,TH,FR;start=08:00;duration=PT10H;tzid=Europe/Berlin' } });
  assert.equal(own.status, 201, own.text);
  const shown = (await c.request('GET', `/api/farsight/blackouts/${own.body.id}`)).body as Json;
  assert.deepEqual([shown.rule, shown.active, shown.currentEnd, shown.nextStart], [WEEKDAYS, true, '2026-11-23T17:00:00.000Z', '2026-11-24T07:00:00.000Z']);
  const globals = (await c.request('GET', '/api/farsight/blackouts')).body.resources as Json[];
  assert.deepEqual(globals.map((b) => [b.name, b.siteId, b.active, b.nextStart]), [['freeze', null, false, '2026-12-20T00:00:00.000Z']]);
  assert.deepEqual(((await c.request('GET', `/api/farsight/sites/${site}/blackouts`)).body.resources as Json[]).map((b) => b.name), ['office hours']);

  const bad = async (path: string, body: Json, re: RegExp): Promise<void> => {
    const r = await c.request('POST', path, { body });
    assert.equal(r.status, 400, `${JSON.stringify(body)} → ${r.text}`);
    assert.match(String(r.body.message), re);
  };
  await bad('/api/farsight/blackouts', { name: 'x', rule: 'FREQ=YEARLY;START=08:00;DURATION=PT1H' }, /^rule: maintenance rule .*freq/);
  await bad('/api/farsight/blackouts', { name: 'x', rule: 'FREQ=DAILY;START=25:00;DURATION=PT1H' }, /start is HH:MM/);
  await bad('/api/farsight/blackouts', { name: 'x', rule: WEEKDAYS, from: '2026-12-20T00:00:00Z', until: '2026-12-21T00:00:00Z' }, /either a repeating rule .* or a one-off from and until, not both/);
  await bad('/api/farsight/blackouts', { name: 'x' }, /either a repeating rule/);
  await bad('/api/farsight/blackouts', { name: 'x', from: '2026-12-21T00:00:00Z', until: '2026-12-20T00:00:00Z' }, /until .* must be after from/);
  await bad('/api/farsight/blackouts', { name: 'x', from: '2026-01-01T00:00:00Z', until: '2028-01-01T00:00:00Z' }, /at most 366 days/);
  await bad('/api/farsight/blackouts', { name: 'x', from: '2026-12-20T00:00:00Z' }, /must both be ISO-8601/);

  // A site owner manages its own site's blackouts, not global ones nor other sites'.
  const owner = await c.request('POST', '/api/3/users', { body: { login: 'bo-owner', name: 'Owner', password: 'correct-horse-1', role: { id: 'site-owner' } } });
  const other = (await c.request('POST', '/api/3/sites', { body: { name: 'bo-other', scan: { assets: { includedTargets: { addresses: ['127.21.5.2'] } } } } })).body.id as number;
  await c.request('PUT', `/api/3/users/${owner.body.id}/sites`, { body: [other] });
  const asOwner = { auth: { user: 'bo-owner', password: 'correct-horse-1' } };
  assert.equal((await c.request('POST', '/api/farsight/blackouts', { ...asOwner, body: { name: 'mine', rule: WEEKDAYS } })).status, 403);
  assert.equal((await c.request('PUT', `/api/farsight/blackouts/${global.body.id}`, { ...asOwner, body: { name: 'off', rule: WEEKDAYS } })).status, 403);
  assert.equal((await c.request('GET', `/api/farsight/blackouts/${own.body.id}`, asOwner)).status, 404, 'another site\'s blackout is invisible');
  assert.equal((await c.request('POST', `/api/farsight/sites/${other}/blackouts`, { ...asOwner, body: { name: 'mine', rule: WEEKDAYS } })).status, 201);

  // Disable, replace, delete; each change audited.
  assert.equal((await c.request('PUT', `/api/farsight/blackouts/${own.body.id}`, { body: { name: 'office hours', rule: WEEKDAYS, enabled: false } })).status, 200);
  assert.deepEqual(((await c.request('GET', `/api/farsight/blackouts/${own.body.id}`)).body as Json).active, false);
  assert.equal((await c.request('DELETE', `/api/farsight/blackouts/${own.body.id}`)).status, 200);
  assert.equal((await c.request('GET', `/api/farsight/blackouts/${own.body.id}`)).status, 404);
  const audit = await c.db.selectFrom('audit_log').select('action').where('action', 'like', 'blackout.%').execute();
  assert.deepEqual([...new Set(audit.map((a) => a.action))].sort(), ['blackout.create', 'blackout.delete', 'blackout.update']);
});

forEachDb('a site blackout pauses its running scan and holds new ones; after it both finish; scheduled runs in a global blackout are skipped', async (t, db) => {
  const prefix = db === 'sqlite' ? '127.21.6' : '127.21.7';
  const net = await startLabnet({ name: 'blackouts', hosts: [
    { address: `${prefix}.1`, services: [{ port: 22, profile: 'openssh-8.9p1-ubuntu-3ubuntu0.10' }] },
    { address: `${prefix}.2`, hostile: 'silent', ports: [9, 10] },
  ] }, { ttlSeconds: 900 });
  t.after(() => net.stop());
  let clock = new Date('2026-11-23T06:00:00Z'); // Monday 07:00 in Berlin: before office hours
  scheduleClock.now = () => clock;
  t.after(() => { scheduleClock.now = () => new Date(); });
  const c = await startTestConsole({ db });
  t.after(() => c.stop());
  const siteId = await labnetSite(c, net, await labnetTemplate(c, net, { tcpPorts: '9,10,22', udpPorts: '', performance: { serviceTimeoutMs: 8000 } }), 'blackout site');
  const scan = async (id: number): Promise<Json> => (await c.request('GET', `/api/3/scans/${id}`)).body as Json;
  const until = async (what: string, ok: () => Promise<boolean>): Promise<void> => {
    for (let i = 0; i < 600; i++) { if (await ok()) return; await new Promise((r) => setTimeout(r, 50)); }
    assert.fail(`timed out waiting until ${what}`);
  };

  const first = (await c.request('POST', `/api/3/sites/${siteId}/scans`, { body: {} })).body.id as number;
  await until('the scan runs', async () => (await scan(first)).state === 'running');
  assert.equal((await c.request('POST', `/api/farsight/sites/${siteId}/blackouts`, { body: { name: 'office hours', rule: WEEKDAYS } })).status, 201);
  clock = new Date('2026-11-23T07:30:00Z'); // 08:30 in Berlin: inside
  await until('the blackout pauses the running scan', async () => (await scan(first)).state === 'paused');
  assert.equal((await scan(first)).message, `blackout: blackout of site ${siteId} 'office hours' until 2026-11-23T17:00:00.000Z; resumes when it ends`);
  const second = (await c.request('POST', `/api/3/sites/${siteId}/scans`, { body: {} })).body.id as number;
  await until('the new scan waits for the blackout', async () => /^queued: blackout of site \d+ 'office hours'/.test(String((await scan(second)).message)));
  await new Promise((r) => setTimeout(r, 1500));
  assert.deepEqual([(await scan(second)).state, (await scan(first)).state], ['queued', 'paused'], 'nothing runs inside the blackout');

  clock = new Date('2026-11-23T17:00:00Z'); // 18:00: over
  await waitForScan(c, first, ['finished']);
  await waitForScan(c, second, ['finished']);
  assert.match((await c.request('GET', `/api/farsight/scans/${first}/log`)).text, /blackout ended; resuming/);

  // A scheduled run due in a global blackout is skipped, naming it; the next one runs.
  assert.equal((await c.request('POST', '/api/farsight/blackouts', { body: { name: 'freeze', from: '2026-12-20T00:00:00Z', until: '2027-01-04T00:00:00Z' } })).status, 201);
  const sched = await c.request('POST', `/api/3/sites/${siteId}/scan_schedules`, { body: { enabled: true, onScanRepeat: 'restart-scan', start: '2026-12-21T02:00:00Z', timeZone: 'UTC', repeat: { every: 'week', interval: 2 } } });
  assert.equal(sched.status, 201, sched.text);
  // Saving it warned: its first run falls in the freeze (and no run meets office hours, 03:00 Berlin).
  assert.deepEqual(sched.body.warnings.map((w: Json) => [w.kind, w.blackoutName, w.runStart]), [['blackout', 'freeze', '2026-12-21T02:00:00.000Z']]);
  assert.match(sched.body.warnings[0].message, /meets global blackout 'freeze' \(2026-12-20T00:00:00.000Z–2027-01-04T00:00:00.000Z\): the run is skipped/);
  clock = new Date('2026-12-21T02:00:01Z');
  const skipped = await runSchedules(c.db, clock);
  assert.deepEqual([skipped.started, skipped.skipped], [[], 1]);
  const view = (await c.request('GET', `/api/3/sites/${siteId}/scan_schedules/${sched.body.id}`)).body as Json;
  assert.equal(view.lastOutcome, "skipped the run due 2026-12-21T02:00:00.000Z: global blackout 'freeze' until 2027-01-04T00:00:00.000Z");
  clock = new Date('2027-01-04T02:00:01Z');
  const ran = await runSchedules(c.db, clock);
  assert.equal(ran.started.length, 1);
  await waitForScan(c, ran.started[0] as number, ['finished']);
}, { timeout: 600_000 });
