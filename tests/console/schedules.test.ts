// Scan schedules (v3 /api/3/sites/{id}/scan_schedules) and the scheduler: CRUD in the v3 shape,
// every bad input refused with a message naming it, RBAC by site; the scheduler (driven with an
// injected clock) starts due runs once, pauses a scan at its maximum duration, resumes or
// restarts it at the next run, skips a run while the previous scan is busy and reports a run
// missed while no console was up; the background scheduler starts a due scan by itself.
import assert from 'node:assert/strict';
import { startLabnet, type LabnetSpec } from '@farsight/labnet';
import { scheduleClock } from '../../apps/console/src/services/schedules.ts';
import { runSchedules } from '../../apps/console/src/services/schedules-run.ts';
import { assertMatchesV3, forEachDb, startTestConsole, type TestConsole } from './harness/index.ts';
import { labnetSite, labnetTemplate, waitForScan, type Json } from './scan-e2e-helpers.ts';

// The background scheduler ticks rarely here: these tests drive runSchedules themselves.
process.env.FARSIGHT_SCHEDULER_INTERVAL_MS = '600000';

const MONTHLY = {
  enabled: true, onScanRepeat: 'restart-scan', start: '2030-01-01T03:04:00Z', duration: 'PT4H', timeZone: 'America/New_York', scanName: 'monthly',
  repeat: { every: 'day-of-month', interval: 1, dayOfWeek: 'Wednesday', weekOfMonth: 1 },
};

async function site(c: TestConsole, name: string, addresses: string[]): Promise<number> {
  const r = await c.request('POST', '/api/3/sites', { body: { name, scan: { assets: { includedTargets: { addresses } } } } });
  assert.equal(r.status, 201, r.text);
  return r.body.id as number;
}

forEachDb('scan schedules: v3 CRUD, next runs, and every bad input named', async (t, db) => {
  const c = await startTestConsole({ db });
  t.after(() => c.stop());
  const siteId = await site(c, 'sched', ['127.21.0.1-127.21.0.4']);
  const base = `/api/3/sites/${siteId}/scan_schedules`;

  const created = await c.request('POST', base, { body: MONTHLY });
  assert.equal(created.status, 201, created.text);
  assertMatchesV3(created, 'ReferenceWith«ScanScheduleID,Link»');
  assert.deepEqual(created.body.warnings, []);
  const id = created.body.id as number;
  const one = await c.request('GET', `${base}/${id}`);
  assertMatchesV3(one, 'ScanSchedule');
  // 1 Jan 2030 03:04Z is 31 Dec 22:04 in New York; first Wednesdays: 2 Jan, 6 Feb 2030 (EST, UTC-5).
  assert.deepEqual(one.body.nextRuntimes.slice(0, 2), ['2030-01-03T03:04:00.000Z', '2030-02-07T03:04:00.000Z']);
  assert.equal(one.body.nextRuntimes.length, 10);
  assert.equal(one.body.duration, 'PT4H');
  assert.deepEqual(one.body.repeat, { every: 'day-of-month', interval: 1, dayOfWeek: 'wednesday', weekOfMonth: 1 });
  const list = await c.request('GET', base);
  assertMatchesV3(list, 'Resources«ScanSchedule»');
  assert.deepEqual(list.body.resources.map((s: Json) => s.id), [id]);

  const off = await c.request('PUT', `${base}/${id}`, { body: { ...MONTHLY, enabled: false, assets: { includedTargets: { addresses: ['127.21.0.2'] } } } });
  assert.equal(off.status, 200, off.text);
  assertMatchesV3(off, 'Links');
  const offView = (await c.request('GET', `${base}/${id}`)).body;
  assert.deepEqual([offView.enabled, offView.nextRuntimes, offView.assets], [false, [], { includedTargets: { addresses: ['127.21.0.2'] } }]);

  const bad = async (body: Json, status: number, re: RegExp): Promise<void> => {
    const r = await c.request('POST', base, { body });
    assert.equal(r.status, status, `${JSON.stringify(body)} → ${r.text}`);
    assert.match(String(r.body.message), re, r.text);
  };
  await bad({ ...MONTHLY }, 409, /scanName 'monthly' is already used by schedule/);
  await bad({ ...MONTHLY, scanName: 'x', duration: 'PT' }, 400, /duration 'PT' is not a v3 duration/);
  await bad({ ...MONTHLY, scanName: 'x', repeat: { every: 'day-of-month', interval: 1, dayOfWeek: 'monday' } }, 400, /needs dayOfWeek .* and weekOfMonth/);
  await bad({ ...MONTHLY, scanName: 'x', repeat: { every: 'day-of-month', interval: 1, dayOfWeek: 'monday', weekOfMonth: 6 } }, 400, /weekOfMonth 6 never occurs/);
  await bad({ ...MONTHLY, scanName: 'x', repeat: { every: 'fortnight', interval: 1 } }, 400, /every/);
  await bad({ ...MONTHLY, scanName: 'x', timeZone: 'Mars/Olympus_Mons' }, 400, /timeZone 'Mars\/Olympus_Mons' is not an IANA time zone/);
  await bad({ ...MONTHLY, scanName: 'x', start: 'tomorrow' }, 400, /start/);
  await bad({ ...MONTHLY, scanName: 'x', assets: { includedTargets: { addresses: ['127.21.9.9'] } } }, 400, /127\.21\.9\.9 .*not in the site's included targets/);
  await bad({ ...MONTHLY, scanName: 'x', assets: { excludedTargets: { addresses: ['127.21.0.1'] } } }, 400, /excludedTargets is not supported in schedules/);
  await bad({ ...MONTHLY, scanName: 'x', scanTemplateId: 'no-such-template' }, 400, /scanTemplateId: .*no-such-template/);
  await bad({ ...MONTHLY, scanName: 'x', scanEngineId: 9999 }, 400, /scanEngineId: scan engine or pool 9999 does not exist/);
  await bad({ ...MONTHLY, scanName: 'x', onScanRepeat: 'sometimes' }, 400, /onScanRepeat/);
  await bad({ enabled: true, onScanRepeat: 'resume-scan' }, 400, /start/);
  assert.equal((await c.request('GET', `/api/3/sites/${siteId + 100}/scan_schedules`)).status, 404);
  assert.equal((await c.request('GET', `${base}/${id + 100}`)).status, 404);

  // A site owner of another site sees none of this site's schedules.
  const other = await site(c, 'other', ['127.21.0.9']);
  const owner = await c.request('POST', '/api/3/users', { body: { login: 'owner', name: 'Owner', password: 'correct-horse-1', role: { id: 'site-owner' } } });
  assert.equal((await c.request('PUT', `/api/3/users/${owner.body.id}/sites`, { body: [other] })).status, 200);
  const asOwner = { auth: { user: 'owner', password: 'correct-horse-1' } };
  assert.equal((await c.request('GET', base, asOwner)).status, 403);
  assert.equal((await c.request('POST', `/api/3/sites/${other}/scan_schedules`, { ...asOwner, body: { ...MONTHLY, scanName: undefined } })).status, 201);

  // Replace all, then delete one and all; every change is audited.
  const replaced = await c.request('PUT', base, { body: [{ ...MONTHLY, scanName: 'a' }, { ...MONTHLY, scanName: 'b', repeat: { every: 'week', interval: 2 } }] });
  assert.equal(replaced.status, 200, replaced.text);
  const after = (await c.request('GET', base)).body.resources as Json[];
  assert.deepEqual(after.map((s) => s.scanName), ['a', 'b']);
  assert.equal((await c.request('PUT', base, { body: [{ ...MONTHLY, scanName: 'a' }, { ...MONTHLY, scanName: 'a' }] })).status, 409);
  assert.equal((await c.request('DELETE', `${base}/${after[0]?.id}`)).status, 200);
  assert.equal((await c.request('GET', `${base}/${after[0]?.id}`)).status, 404);
  assert.equal((await c.request('DELETE', base)).status, 200);
  assert.deepEqual((await c.request('GET', base)).body.resources, []);
  const audit = await c.db.selectFrom('audit_log').select('action').where('action', 'like', 'schedule.%').execute();
  assert.deepEqual([...new Set(audit.map((a) => a.action))].sort(), ['schedule.create', 'schedule.delete', 'schedule.delete-all', 'schedule.replace-all', 'schedule.update']);
});

function slowNet(prefix: string): LabnetSpec {
  return {
    name: 'schedules',
    hosts: [
      { address: `${prefix}.1`, services: [{ port: 22, profile: 'openssh-8.9p1-ubuntu-3ubuntu0.10' }] },
      // A silent host keeps each scan running for its service timeout, so a deadline finds it running.
      { address: `${prefix}.2`, hostile: 'silent', ports: [9, 10] },
    ],
  };
}

forEachDb('the scheduler: runs once, pauses at the maximum duration, resumes or restarts, skips and reports misses', async (t, db) => {
  const prefix = db === 'sqlite' ? '127.21.1' : '127.21.2';
  const net = await startLabnet(slowNet(prefix), { ttlSeconds: 900 });
  t.after(() => net.stop());
  let clock = new Date('2029-12-31T23:59:00Z');
  scheduleClock.now = () => clock;
  t.after(() => { scheduleClock.now = () => new Date(); });
  const c = await startTestConsole({ db });
  t.after(() => c.stop());
  const siteId = await labnetSite(c, net, await labnetTemplate(c, net, { tcpPorts: '9,10,22', udpPorts: '', performance: { serviceTimeoutMs: 8000 } }), 'scheduled');
  const base = `/api/3/sites/${siteId}/scan_schedules`;
  const created = await c.request('POST', base, { body: { enabled: true, onScanRepeat: 'resume-scan', start: '2030-01-01T00:00:00Z', duration: 'PT30M', timeZone: 'UTC', repeat: { every: 'hour', interval: 1 } } });
  assert.equal(created.status, 201, created.text);
  const scheduleId = created.body.id as number;
  const view = async (): Promise<Json> => (await c.request('GET', `${base}/${scheduleId}`)).body as Json;
  const scan = async (id: number): Promise<Json> => (await c.request('GET', `/api/3/scans/${id}`)).body as Json;
  const untilRunning = async (id: number): Promise<void> => {
    for (let i = 0; i < 400 && (await scan(id)).state !== 'running'; i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal((await scan(id)).state, 'running');
  };

  assert.deepEqual((await runSchedules(c.db, clock)).started, [], 'nothing is due before the start');
  // Two schedulers ticking at once (two consoles) start the due run exactly once.
  clock = new Date('2030-01-01T00:00:05Z');
  const ticks = await Promise.all([runSchedules(c.db, clock), runSchedules(c.db, clock)]);
  const started = ticks.flatMap((r) => r.started);
  assert.equal(started.length, 1, JSON.stringify(ticks));
  const first = started[0] as number;
  const s1 = await scan(first);
  assert.deepEqual([s1.scanType, s1.startedBy], ['scheduled', 'scheduler']);
  assert.deepEqual([(await view()).lastScanId, (await view()).lastOutcome], [first, `started scan ${first}`]);
  assert.equal((await view()).nextRuntimes[0], '2030-01-01T01:00:00.000Z');

  // At the maximum duration the running scan is paused, with the reason.
  await untilRunning(first);
  clock = new Date('2030-01-01T00:30:06Z');
  const atDeadline = await runSchedules(c.db, clock);
  assert.deepEqual(atDeadline.paused, [first]);
  assert.deepEqual([(await scan(first)).state, (await scan(first)).message], ['paused', `paused: reached schedule ${scheduleId}'s maximum duration (PT30M); the next run resumes it`]);

  // resume-scan: the next run resumes the paused scan instead of starting another.
  clock = new Date('2030-01-01T01:00:02Z');
  const resumed = await runSchedules(c.db, clock);
  assert.deepEqual([resumed.resumed, resumed.started], [[first], []]);
  await waitForScan(c, first, ['finished']);

  // A finished previous scan: the next run starts a new one. While it runs, a further run is skipped.
  clock = new Date('2030-01-01T02:00:01Z');
  const second = (await runSchedules(c.db, clock)).started[0] as number;
  assert.ok(second > first);
  await untilRunning(second);
  clock = new Date('2030-01-01T02:15:00Z');
  await c.request('PUT', `${base}/${scheduleId}`, { body: { enabled: true, onScanRepeat: 'restart-scan', start: '2030-01-01T02:15:00Z', duration: 'PT10M', timeZone: 'UTC', repeat: { every: 'hour', interval: 1 } } });
  const skipped = await runSchedules(c.db, clock);
  assert.deepEqual([skipped.started, skipped.skipped], [[], 1]);
  assert.match((await view()).lastOutcome, new RegExp(`^skipped the run due 2030-01-01T02:15:00.000Z: scan ${second} of the previous run is still (running|dispatched)`));

  // restart-scan: a scan paused at its deadline (fixed when it started: 02:00:01 + 30 min) is
  // stopped by the next run and a new one starts.
  clock = new Date('2030-01-01T02:30:02Z');
  assert.deepEqual((await runSchedules(c.db, clock)).paused, [second]);
  clock = new Date('2030-01-01T03:15:01Z');
  const restart = await runSchedules(c.db, clock);
  assert.equal(restart.started.length, 1);
  const third = restart.started[0] as number;
  assert.deepEqual([(await scan(second)).state, (await scan(second)).message], ['stopped', `stopped by schedule ${scheduleId}: restarted by the run due 2030-01-01T03:15:00.000Z`]);
  assert.equal((await view()).lastOutcome, `started scan ${third} (stopped scan ${second}, paused at the end of the previous run)`);
  await waitForScan(c, third, ['finished']);

  // A run missed by more than its maximum duration (no console was running) is skipped and said so.
  clock = new Date('2030-01-01T05:00:00Z');
  const missed = await runSchedules(c.db, clock);
  assert.deepEqual([missed.started, missed.skipped], [[], 1]);
  assert.match((await view()).lastOutcome, /^missed: the run due 2030-01-01T04:15:00.000Z was more than 10 min late/);
  assert.equal((await view()).nextRuntimes[0], '2030-01-01T05:15:00.000Z');
}, { timeout: 600_000 });

forEachDb('the background scheduler starts a due scan by itself (leader only)', async (t, db) => {
  process.env.FARSIGHT_SCHEDULER_INTERVAL_MS = '200';
  t.after(() => { process.env.FARSIGHT_SCHEDULER_INTERVAL_MS = '600000'; });
  const prefix = db === 'sqlite' ? '127.21.3' : '127.21.4';
  const net = await startLabnet({ name: 'sched-bg', hosts: [{ address: `${prefix}.1`, services: [{ port: 22, profile: 'openssh-8.9p1-ubuntu-3ubuntu0.10' }] }] }, { ttlSeconds: 600 });
  t.after(() => net.stop());
  const c = await startTestConsole({ db });
  t.after(() => c.stop());
  const siteId = await labnetSite(c, net, await labnetTemplate(c, net, { tcpPorts: '22', udpPorts: '' }), 'bg');
  const start = new Date(Date.now() + 1500).toISOString();
  const r = await c.request('POST', `/api/3/sites/${siteId}/scan_schedules`, { body: { enabled: true, onScanRepeat: 'restart-scan', start, scanName: 'nightly' } });
  assert.equal(r.status, 201, r.text);
  let scanId: number | undefined;
  for (let i = 0; i < 300 && scanId === undefined; i++) {
    await new Promise((res) => setTimeout(res, 100));
    scanId = (await c.request('GET', `/api/3/sites/${siteId}/scan_schedules/${r.body.id}`)).body.lastScanId as number | undefined;
  }
  assert.ok(scanId, 'the scheduler started the scan');
  const done = await waitForScan(c, scanId, ['finished']);
  assert.deepEqual([done.scanName, done.scanType], ['nightly', 'scheduled']);
  assert.deepEqual((await c.request('GET', `/api/3/sites/${siteId}/scan_schedules/${r.body.id}`)).body.nextRuntimes, [], 'a one-off schedule has no further runs');
}, { timeout: 300_000 });
