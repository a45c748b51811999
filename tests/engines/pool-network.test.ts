// Engine pools over the network transport: three `farsight engine` processes paired over mutual
// TLS form a pool; one is killed -9 mid-scan; its unfinished hosts move to the others and the
// result equals labnet's ground truth, no host twice. Console listener 127.9.80.1, labnet
// 127.9.81.x.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startLabnet } from '@farsight/labnet';
import { waitForScan } from '../console/scan-e2e-helpers.ts';
import { assertOracle, enginesNet, enginesTemplate, SSH_CHECK, until } from './engines-net.ts';
import { pairArgs, startEngineConsole, startEngineProc, waitFor, type EngineProc } from './transport-helpers.ts';

process.env.FARSIGHT_TEST_CHECKS = '1';
process.env.FARSIGHT_POOL_FAILOVER_MS = '2000';

test('a pool of three network engines, one killed -9 mid-scan: the scan completes on the others', { timeout: 600_000 }, async (t) => {
  const net = await startLabnet(enginesNet('pool-net', 81, 60), { ttlSeconds: 900 });
  t.after(() => net.stop());
  const { c, port, fingerprint } = await startEngineConsole('127.9.80.1', { heartbeatMs: 500, downAfterMs: 2000 });
  t.after(() => c.stop());
  const engines: Array<{ id: number; proc: EngineProc }> = [];
  for (let i = 0; i < 3; i++) {
    const secret = (await c.request('POST', '/api/farsight/scan_engines/shared_secret', {})).body.secret as string;
    const proc = startEngineProc(['--name', `pool-net-${i}`, '--no-listen', '--force', ...pairArgs('127.9.80.1', port, secret, fingerprint)]);
    t.after(() => proc.stop());
    const id = Number(/paired as engine (\d+)/.exec(await proc.waitLine(/pair-engine: paired as engine \d+/))?.[1]);
    engines.push({ id, proc });
  }
  for (const e of engines) await waitFor(`engine ${e.id} Active`, async () => (await c.request('GET', `/api/farsight/scan_engines/${e.id}/status`)).body.state === 'active' || undefined);
  const pool = await c.request('POST', '/api/3/scan_engine_pools', { body: { name: 'net-pool', engines: engines.map((e) => e.id) } });
  assert.equal(pool.status, 201, pool.text);
  const site = await c.request('POST', '/api/3/sites', { body: { name: 'net pool', engineId: pool.body.id, scanTemplateId: await enginesTemplate(c, 1), scan: { assets: { includedTargets: { addresses: net.hosts } } } } });
  const siteId = site.body.id as number;
  const scanId = (await c.request('POST', `/api/3/sites/${siteId}/scans`, { body: { testCheck: SSH_CHECK } })).body.id as number;
  const chunks = () => c.db.selectFrom('scans').select(['id', 'engine_id', 'status', 'status_reason', 'hosts_done', 'hosts_total']).where('parent_scan_id', '=', scanId).orderBy('id').execute();
  await until('three chunks running', async () => (await chunks()).filter((ch) => ch.status === 'running').length === 3);
  const victim = engines[0];
  assert.ok(victim);
  const victimChunk = (await chunks()).find((ch) => ch.engine_id === victim.id);
  assert.ok(victimChunk);
  await until('the victim reported a host', async () => ((await c.db.selectFrom('scans').select('hosts_done').where('id', '=', victimChunk.id).executeTakeFirst())?.hosts_done ?? 0) >= 1);
  victim.proc.child.kill('SIGKILL');

  await waitForScan(c, scanId, ['finished'], 300_000);
  const moved = (await chunks()).find((ch) => ch.id === victimChunk.id);
  assert.equal(moved?.status, 'stopped');
  assert.match(moved.status_reason, /^moved: /);
  assert.ok(moved.hosts_done < moved.hosts_total, 'killed mid-chunk');
  await assertOracle(c, net, scanId, siteId);
});
