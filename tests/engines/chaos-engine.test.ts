// A distributed engine (`farsight engine`, mutual TLS) paired THROUGH the chaos proxy: during a
// labnet scan the link is delayed, reset, dropped at random points and blackholed. The scan
// completes with findings equal to labnet's ground truth (0 lost, 0 duplicated), and the
// blackhole drives the console's status Active → Unknown → Down, no earlier than the
// thresholds allow, then back to Active. Console listener 127.9.50.1, proxy 127.9.50.2,
// labnet 127.9.60.x. On SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { startLabnet } from '@farsight/labnet';
import { forEachDb } from '../console/harness/index.ts';
import { waitForScan } from '../console/scan-e2e-helpers.ts';
import { ChaosProxy } from './chaos-proxy.ts';
import { assertOracle, enginesNet, enginesTemplate, SSH_CHECK, until } from './engines-net.ts';
import { pairArgs, startEngineConsole, startEngineProc, waitFor } from './transport-helpers.ts';

process.env.FARSIGHT_TEST_CHECKS = '1';
const HEARTBEAT_MS = 500;
const UNKNOWN_AFTER_MS = 2000;
const DOWN_AFTER_MS = 5000;
const say = (m: string): void => { if (process.env.FARSIGHT_TEST_VERBOSE) process.stderr.write(`[chaos] ${m}\n`); };

forEachDb('chaos proxy between engine and console: delays, resets, drops, blackhole — findings equal ground truth, statuses follow the thresholds', async (t, db) => {
  const net = await startLabnet(enginesNet('chaos', 60, 120), { ttlSeconds: 1200 });
  t.after(() => net.stop());
  const { c, port, fingerprint } = await startEngineConsole('127.9.50.1', { heartbeatMs: HEARTBEAT_MS, unknownAfterMs: UNKNOWN_AFTER_MS, downAfterMs: DOWN_AFTER_MS, dialRetryMs: 300 }, db);
  t.after(() => c.stop());
  const proxy = await ChaosProxy.start({ listenHost: '127.9.50.2', targetHost: '127.9.50.1', targetPort: port, seed: 4, delayMs: 150, dropAfterBytes: [16_384, 131_072] });
  t.after(() => proxy.close());
  const secret = (await c.request('POST', '/api/farsight/scan_engines/shared_secret', {})).body.secret as string;
  const e = startEngineProc(['--name', 'chaos', '--no-listen', '--force', ...pairArgs('127.9.50.2', proxy.port, secret, fingerprint)], { FARSIGHT_ENGINE_HEARTBEAT_MS: String(HEARTBEAT_MS), FARSIGHT_ENGINE_RETRY_MS: '300' });
  t.after(() => e.stop());
  const engineId = Number(/paired as engine (\d+)/.exec(await e.waitLine(/pair-engine: paired as engine \d+/))?.[1]);
  const status = async (): Promise<string> => String((await c.request('GET', `/api/farsight/scan_engines/${engineId}/status`)).body.state);
  await waitFor('engine Active', async () => (await status()) === 'active' || undefined);

  const site = await c.request('POST', '/api/3/sites', { body: { name: 'chaos', engineId, scanTemplateId: await enginesTemplate(c, 2), scan: { assets: { includedTargets: { addresses: net.hosts } } } } });
  assert.equal(site.status, 201, site.text);
  const siteId = site.body.id as number;
  const scanId = (await c.request('POST', `/api/3/sites/${siteId}/scans`, { body: { testCheck: SSH_CHECK } })).body.id as number;
  const done = async (): Promise<number> => Number((await c.request('GET', `/api/farsight/scans/${scanId}/hosts?size=1`)).body.page?.totalResources ?? 0);
  const atLeast = (n: number): Promise<void> => until(`${n} hosts`, async () => (await done()) >= n, 300_000);

  // Paced by progress, not time: each disturbance starts once more hosts are in.
  await atLeast(10);
  proxy.setMode('delay');
  say('delay');
  await atLeast(25);
  proxy.resetAll();
  say('reset');
  await atLeast(40);
  proxy.setMode('drop');
  say('drop');
  await atLeast(90);
  proxy.setMode('pass');
  await waitFor('Active again', async () => (await status()) === 'active' || undefined, 120_000);

  // Blackhole: silence without an error. Status must pass Unknown, then Down, each within one
  // heartbeat interval after its threshold, measured on the console's own clock (the time the
  // status changed minus the last heartbeat it received), so machine load cannot fake it.
  proxy.setMode('blackhole');
  say('blackhole');
  const seen = async (state: string): Promise<{ statusAt: string; lastHeartbeat: string }> => waitFor(state, async () => {
    const b = (await c.request('GET', `/api/farsight/scan_engines/${engineId}/status`)).body as { state: string; statusAt: string | null; lastHeartbeat: string | null };
    return b.state === state && b.statusAt && b.lastHeartbeat ? { statusAt: b.statusAt, lastHeartbeat: b.lastHeartbeat } : undefined;
  }, 120_000, 50);
  const unknown = await seen('unknown');
  const down = await seen('down');
  const silentUnknown = Date.parse(unknown.statusAt) - Date.parse(unknown.lastHeartbeat);
  const silentDown = Date.parse(down.statusAt) - Date.parse(down.lastHeartbeat);
  say(`unknown after ${silentUnknown} ms of silence (threshold ${UNKNOWN_AFTER_MS}), down after ${silentDown} ms (threshold ${DOWN_AFTER_MS}), heartbeat ${HEARTBEAT_MS}`);
  assert.ok(silentUnknown >= UNKNOWN_AFTER_MS && silentUnknown <= UNKNOWN_AFTER_MS + HEARTBEAT_MS, `Unknown within one interval of its threshold (${silentUnknown} ms)`);
  assert.ok(silentDown >= DOWN_AFTER_MS && silentDown <= DOWN_AFTER_MS + HEARTBEAT_MS, `Down within one interval of its threshold (${silentDown} ms)`);
  proxy.setMode('pass');
  await waitFor('Active after the blackhole', async () => (await status()) === 'active' || undefined, 120_000);

  await waitForScan(c, scanId, ['finished'], 600_000);
  say(`proxy stats ${JSON.stringify(proxy.stats)}`);
  assert.ok(proxy.stats.resets >= 2 && proxy.stats.drops >= 1 && proxy.stats.blackholed > 0, `the chaos happened: ${JSON.stringify(proxy.stats)}`);
  await assertOracle(c, net, scanId, siteId);
}, { timeout: 900_000 });
