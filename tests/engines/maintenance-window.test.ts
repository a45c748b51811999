// Maintenance windows end to end, with the console's clock injected: an engine process
// publishes "first Wednesday 10:00-14:00 America/New_York"; inside the window its running scan
// is paused (hosts stop arriving) and a new scan waits with the reason; after the window both
// run to the end and the result equals labnet's ground truth.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startLabnet } from '@farsight/labnet';
import { engineLinks, LocalEngineSupervisor } from '../../apps/console/src/engines/index.ts';
import { maintenanceClock } from '../../apps/console/src/engines/maintenance-gate.ts';
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
  t.after(() => { maintenanceClock.now = () => new Date(); });
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
}, { timeout: 600_000 });
