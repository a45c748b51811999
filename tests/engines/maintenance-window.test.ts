// Maintenance windows end to end, with the console's clock injected: an engine process
// publishes "first Wednesday 10:00-14:00 America/New_York"; inside the window its running scan
// is paused (hosts stop arriving) and a new scan waits with the reason; after the window both
// run to the end and the result equals labnet's ground truth. The console lists the published
// window and warns before a schedule that would run into it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startLabnet } from '@farsight/labnet';
import { engineLinks, LocalEngineSupervisor } from '../../apps/console/src/engines/index.ts';
import { maintenanceClock } from '../../apps/console/src/engines/maintenance-gate.ts';
import { scheduleClock } from '../../apps/console/src/services/schedules.ts';
import { forEachDb, startTestConsole } from '../console/harness/index.ts';
import { waitForScan } from '../console/scan-e2e-helpers.ts';
import { assertOracle, enginesNet, enginesTemplate, SSH_CHECK, until } from './engines-net.ts';

process.env.FARSIGHT_TEST_CHECKS = '1';
process.env.FARSIGHT_LOCAL_ENGINE = '0';
process.env.FARSIGHT_REMOTE_ENGINES = '0';

const RULE = 'FREQ=MONTHLY;BYDAY=1WE;START=10:00;DURATION=PT4H;TZID=America/New_York';
const quiet = { info: () => undefined, warn: () => undefined, error: (m: string) => console.error(m) };

forEachDb('maintenance window: no scan starts in it, running scans pause and resume after', async (t, db) => {
  const net = await startLabnet(enginesNet('maint', 8, 40), { ttlSeconds: 900 });
  t.after(() => net.stop());
  let clock = new Date('2026-11-04T14:00:00Z'); // 09:00 in New York: an hour before the window
  maintenanceClock.now = () => clock;
  scheduleClock.now = () => clock;
  t.after(() => { maintenanceClock.now = () => new Date(); scheduleClock.now = () => new Date(); });
  const c = await startTestConsole({ db });
  t.after(() => c.stop());
  const dir = mkdtempSync(join(tmpdir(), 'farsight-maint-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const engine = await c.request('POST', '/api/3/scan_engines', { body: { name: 'hosted', address: '127.9.0.30', port: 40814 } });
  const engineId = engine.body.id as number;
  const sup = new LocalEngineSupervisor({ db: c.db, dataDir: dir, spoolDir: join(dir, 'spool'), engineId, links: engineLinks, log: quiet, env: { FARSIGHT_ENGINE_MAINTENANCE: RULE } });
  sup.start();
  t.after(() => sup.stop());
  await until('engine connected with its windows', () => Promise.resolve((engineLinks.get(engineId)?.maintenance ?? []).length === 1), 60_000);

  const site = await c.request('POST', '/api/3/sites', { body: { name: 'maint', engineId, scanTemplateId: await enginesTemplate(c, 1), scan: { assets: { includedTargets: { addresses: net.hosts } } } } });
  const siteId = site.body.id as number;
  // The console shows the published window, and warns before a schedule that runs into it.
  const published = await c.request('GET', `/api/farsight/scan_engines/${engineId}/maintenance`);
  assert.equal(published.status, 200, published.text);
  assert.deepEqual(published.body.windows.map((w: { id: string; nextStart: string }) => [w.id, w.nextStart]), [['m1', '2026-11-04T15:00:00.000Z']]);
  const clash = await c.request('POST', `/api/farsight/sites/${siteId}/check-schedule`, { body: { start: '2026-11-25T15:30:00Z', durationMinutes: 60, repeat: 'weekly', occurrences: 3 } });
  assert.equal(clash.status, 200, clash.text);
  assert.equal(clash.body.ok, false);
  assert.deepEqual(clash.body.warnings.map((w: { runStart: string }) => w.runStart), ['2026-12-02T15:30:00.000Z']);
  assert.match(clash.body.warnings[0].message, /overlaps maintenance window 'm1' of engine 'hosted'/);
  const fine = await c.request('POST', `/api/farsight/sites/${siteId}/check-schedule`, { body: { start: '2026-11-26T15:30:00Z', durationMinutes: 60 } });
  assert.deepEqual([fine.body.ok, fine.body.warnings], [true, []]);
  assert.equal((await c.request('POST', `/api/farsight/sites/${siteId}/check-schedule`, { body: { start: 'tomorrow', durationMinutes: 60 } })).status, 400);
  // Saving a v3 schedule whose runs overlap the window warns (and saves it): weekly Wednesdays
  // 15:30Z for an hour hit the first Wednesdays, 10:30 EST / 11:30 EDT, of its next 24 runs.
  const weekly = { enabled: true, onScanRepeat: 'restart-scan', start: '2026-11-25T15:30:00Z', duration: 'PT1H', timeZone: 'UTC', repeat: { every: 'week', interval: 1 } };
  const saved = await c.request('POST', `/api/3/sites/${siteId}/scan_schedules`, { body: weekly });
  assert.equal(saved.status, 201, saved.text);
  const expectWarned = ['2026-12-02T15:30:00.000Z', '2027-01-06T15:30:00.000Z', '2027-02-03T15:30:00.000Z', '2027-03-03T15:30:00.000Z', '2027-04-07T15:30:00.000Z', '2027-05-05T15:30:00.000Z'];
  assert.deepEqual(saved.body.warnings.map((w: { runStart: string }) => w.runStart), expectWarned);
  const calm = await c.request('PUT', `/api/3/sites/${siteId}/scan_schedules/${saved.body.id}`, { body: { ...weekly, start: '2026-11-26T15:30:00Z' } });
  assert.deepEqual([calm.status, calm.body.warnings], [200, []], 'Thursdays never meet the window');
  assert.equal((await c.request('DELETE', `/api/3/sites/${siteId}/scan_schedules/${saved.body.id}`)).status, 200);

  const first = (await c.request('POST', `/api/3/sites/${siteId}/scans`, { body: { testCheck: SSH_CHECK } })).body.id as number;
  const hostsDone = async (id: number): Promise<number> => (await c.request('GET', `/api/3/scans/${id}`)).body.assets as number;
  await until('the first scan reports hosts', async () => (await hostsDone(first)) >= 2);

  clock = new Date('2026-11-04T15:30:00Z'); // 10:30 in New York: inside
  await until('the scan is paused by the window', async () => /^maintenance: engine \d+ is in maintenance window 'm1' until 2026-11-04T19:00:00.000Z/.test(String((await c.request('GET', `/api/3/scans/${first}`)).body.message)));
  assert.equal((await c.request('GET', `/api/3/scans/${first}`)).body.state, 'paused');
  await until('the engine confirms the pause', async () => /engine reports the scan paused/.test((await c.request('GET', `/api/farsight/scans/${first}/log`)).text));
  const atPause = await hostsDone(first);
  assert.ok(atPause < net.hosts.length, 'paused before the end');
  const second = (await c.request('POST', `/api/3/sites/${siteId}/scans`, { body: { testCheck: SSH_CHECK } })).body.id as number;
  await until('the new scan waits for the window', async () => /maintenance window 'm1'/.test(String((await c.request('GET', `/api/3/scans/${second}`)).body.message)));
  await sleep(1500);
  assert.equal((await c.request('GET', `/api/3/scans/${second}`)).body.state, 'queued', 'no scan starts inside a window');
  assert.equal(await hostsDone(first), atPause, 'a paused scan reports nothing new');

  clock = new Date('2026-11-04T19:00:00Z'); // 14:00 in New York: the window has closed
  await waitForScan(c, first, ['finished'], 300_000);
  await waitForScan(c, second, ['finished'], 300_000);
  assert.match((await c.request('GET', `/api/farsight/scans/${first}/log`)).text, /maintenance window of engine \d+ ended; resuming/);
  await assertOracle(c, net, first, siteId);
  await assertOracle(c, net, second, siteId);

  // Offline, the engine's windows are still known: the copy kept when it published them.
  await sup.stop();
  await until('the engine is disconnected', () => Promise.resolve(engineLinks.get(engineId) === undefined), 60_000);
  const stored = await c.request('GET', `/api/farsight/scan_engines/${engineId}/maintenance`);
  assert.deepEqual([stored.body.connected, stored.body.source, stored.body.windows.map((w: { id: string }) => w.id)], [false, 'stored', ['m1']]);
  assert.ok(stored.body.publishedAt);
  const offline = await c.request('POST', `/api/3/sites/${siteId}/scan_schedules`, { body: weekly });
  assert.deepEqual(offline.body.warnings.map((w: { runStart: string }) => w.runStart), expectWarned);
  const check = await c.request('POST', `/api/farsight/sites/${siteId}/check-schedule`, { body: { start: '2026-12-02T15:30:00Z', durationMinutes: 60 } });
  assert.deepEqual([check.body.ok, check.body.unknownEngines], [false, []]);
}, { timeout: 600_000 });
