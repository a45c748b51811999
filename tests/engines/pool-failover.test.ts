// Engine pools: a site scanned by a pool of three engine processes (local-style engines
// speaking engine-protocol over IPC, registered as remote engines) is split into chunks; one
// engine is killed -9 mid-scan and its unfinished hosts move to the others; the scan completes
// and equals labnet's ground truth (0 lost, 0 duplicated). Also the per-engine scan limit:
// a second scan waits with its queue position and reason visible through the API.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLabnet } from '@farsight/labnet';
import { engineLinks, LocalEngineSupervisor } from '../../apps/console/src/engines/index.ts';
import { forEachDb, startTestConsole, type TestConsole } from '../console/harness/index.ts';
import { waitForScan } from '../console/scan-e2e-helpers.ts';
import { assertOracle, enginesNet, enginesTemplate, SSH_CHECK, until } from './engines-net.ts';

process.env.FARSIGHT_TEST_CHECKS = '1';
process.env.FARSIGHT_LOCAL_ENGINE = '0';
// The pool's engines are local-style processes; no network listener or dialer is needed.
process.env.FARSIGHT_REMOTE_ENGINES = '0';
process.env.FARSIGHT_POOL_FAILOVER_MS = '1500';

const quiet = { info: () => undefined, warn: () => undefined, error: (m: string) => console.error(m) };

/** Registers `n` engines (addresses in 127.9.0.x, never dialed) and runs a local-style engine process for each. */
async function startEngines(t: { after(fn: () => Promise<void> | void): void }, c: TestConsole, n: number, name: string): Promise<Array<{ id: number; sup: LocalEngineSupervisor }>> {
  const dir = mkdtempSync(join(tmpdir(), 'farsight-pool-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const out: Array<{ id: number; sup: LocalEngineSupervisor }> = [];
  for (let i = 0; i < n; i++) {
    const r = await c.request('POST', '/api/3/scan_engines', { body: { name: `${name}-${i}`, address: `127.9.0.${10 + i}`, port: 40814 } });
    assert.equal(r.status, 201, r.text);
    const id = r.body.id as number;
    // A killed engine stays dead for the rest of the test (restart delay far beyond it).
    const sup = new LocalEngineSupervisor({ db: c.db, dataDir: dir, spoolDir: join(dir, `engine-${id}`), engineId: id, links: engineLinks, log: quiet, backoffMs: [600_000, 600_000] });
    sup.start();
    t.after(() => sup.stop());
    out.push({ id, sup });
  }
  await until('engines connected', () => Promise.resolve(out.every((e) => engineLinks.get(e.id) !== undefined)), 60_000);
  return out;
}

forEachDb('pool of three engines, one killed -9 mid-scan: the scan completes on the others', async (t, db) => {
  const net = await startLabnet(enginesNet('pool', 1, 60), { ttlSeconds: 900 });
  t.after(() => net.stop());
  const c = await startTestConsole({ db });
  t.after(() => c.stop());
  const engines = await startEngines(t, c, 3, 'pool');
  const pool = await c.request('POST', '/api/3/scan_engine_pools', { body: { name: 'pool', engines: engines.map((e) => e.id) } });
  assert.equal(pool.status, 201, pool.text);
  const site = await c.request('POST', '/api/3/sites', { body: { name: 'pool site', engineId: pool.body.id, scanTemplateId: await enginesTemplate(c, 1), scan: { assets: { includedTargets: { addresses: net.hosts } } } } });
  assert.equal(site.status, 201, site.text);
  const siteId = site.body.id as number;

  const started = await c.request('POST', `/api/3/sites/${siteId}/scans`, { body: { testCheck: SSH_CHECK } });
  assert.equal(started.status, 201, started.text);
  const scanId = started.body.id as number;
  const chunks = () => c.db.selectFrom('scans').select(['id', 'engine_id', 'status', 'status_reason', 'hosts_done', 'hosts_total']).where('parent_scan_id', '=', scanId).orderBy('id').execute();
  await until('three chunks running', async () => (await chunks()).filter((ch) => ch.status === 'running').length === 3);
  assert.deepEqual((await chunks()).map((ch) => ch.engine_id).sort(), engines.map((e) => e.id).sort(), 'one chunk per engine');
  assert.equal((await chunks()).reduce((n, ch) => n + ch.hosts_total, 0), net.hosts.length, 'chunks cover the site exactly');

  const victim = engines[1];
  assert.ok(victim?.sup.pid);
  const victimChunk = (await chunks()).find((ch) => ch.engine_id === victim.id);
  assert.ok(victimChunk);
  await until('the victim reported a host', async () => ((await c.db.selectFrom('scans').select('hosts_done').where('id', '=', victimChunk.id).executeTakeFirst())?.hosts_done ?? 0) >= 1);
  process.kill(victim.sup.pid, 'SIGKILL');

  const scan = await waitForScan(c, scanId, ['finished'], 300_000);
  assert.equal(scan.state, 'finished');
  const after = await chunks();
  const moved = after.find((ch) => ch.id === victimChunk.id);
  assert.equal(moved?.status, 'stopped');
  assert.match(moved.status_reason, /^moved: engine \d+ has been disconnected/);
  const replacement = after.filter((ch) => ch.id > victimChunk.id);
  assert.ok(replacement.length >= 1 && replacement.every((ch) => ch.engine_id !== victim.id && ch.status === 'finished'), 'the unfinished hosts ran on another engine');
  assert.ok(moved.hosts_done < moved.hosts_total, 'the victim was killed mid-chunk');
  await assertOracle(c, net, scanId, siteId);
  const hosts = await c.request('GET', `/api/farsight/scans/${scanId}/hosts?size=500`);
  assert.equal(hosts.body.hosts.length, net.hosts.length, 'the pool scan lists every host of its chunks');
  const list = await c.request('GET', '/api/3/scans?size=100');
  assert.deepEqual(list.body.resources.map((s: { id: number }) => s.id), [scanId], 'chunks are not listed as scans of their own');
}, { timeout: 600_000 });

forEachDb('per-engine scan limit: further scans queue with position and reason', async (t, db) => {
  const net = await startLabnet(enginesNet('queue', 5, 6), { ttlSeconds: 900 });
  t.after(() => net.stop());
  process.env.FARSIGHT_ENGINE_SCAN_LIMIT = '1';
  t.after(() => { delete process.env.FARSIGHT_ENGINE_SCAN_LIMIT; });
  const c = await startTestConsole({ db });
  t.after(() => c.stop());
  const [engine] = await startEngines(t, c, 1, 'queue');
  assert.ok(engine);
  const site = await c.request('POST', '/api/3/sites', { body: { name: 'queue site', engineId: engine.id, scanTemplateId: await enginesTemplate(c, 1), scan: { assets: { includedTargets: { addresses: net.hosts } } } } });
  const siteId = site.body.id as number;
  const first = (await c.request('POST', `/api/3/sites/${siteId}/scans`, { body: {} })).body.id as number;
  const second = (await c.request('POST', `/api/3/sites/${siteId}/scans`, { body: {} })).body.id as number;
  const third = (await c.request('POST', `/api/3/sites/${siteId}/scans`, { body: {} })).body.id as number;
  // The dispatcher writes queue positions on its next pass; the third scan may be created after one.
  const message = async (id: number) => String((await c.request('GET', `/api/3/scans/${id}`)).body.message);
  await until('the second and third scans show their queue positions', async () => /position 1/.test(await message(second)) && /position 2/.test(await message(third)));
  const s2 = (await c.request('GET', `/api/3/scans/${second}`)).body;
  assert.equal(s2.state, 'queued');
  assert.equal(s2.message, `queued: position 1 in engine ${engine.id}'s queue; engine ${engine.id} runs 1 of at most 1 concurrent scan(s)`);
  assert.match(await message(third), /^queued: position 2 in engine \d+'s queue/);
  await waitForScan(c, first, ['finished']);
  await waitForScan(c, second, ['finished']);
  await waitForScan(c, third, ['finished']);
}, { timeout: 600_000 });
