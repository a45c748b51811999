// Pause, resume and stop through the API with the real Local engine, and kill -9 of the Local
// engine itself mid-scan: the supervisor restarts it, the scan resumes from its spool, and every
// host is reported exactly once. SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startLabnet } from '@farsight/labnet';
import { localEngineSupervisor } from '../../apps/console/src/engines/index.ts';
import { forEachDb, startTestConsole, type TestConsole } from './harness/index.ts';
import { labnetSite, labnetTemplate, siteAssets, waitForScan, type Json } from './scan-e2e-helpers.ts';

process.env.FARSIGHT_TEST_CHECKS = '1';

async function reported(c: TestConsole, scanId: number): Promise<string[]> {
  const r = await c.request('GET', `/api/farsight/scans/${scanId}/hosts?size=500`);
  return (r.body.hosts as Json[]).map((h) => h.address as string);
}

async function until(what: string, cond: () => Promise<boolean>, limitMs = 120_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (Date.now() < end) {
    if (await cond()) return;
    await sleep(100);
  }
  assert.fail(`timed out waiting for ${what}`);
}

forEachDb('pause, resume, kill -9 of the Local engine, stop: every host exactly once', async (t, db) => {
  const net = await startLabnet('standard', { ttlSeconds: 900, relocate: '127.0.94' });
  t.after(() => net.stop());
  const c = await startTestConsole({ db });
  t.after(() => c.stop());
  const truth = net.groundTruth();
  const siteId = await labnetSite(c, net, await labnetTemplate(c, net, { performance: { serviceTimeoutMs: 4000, maxParallelHosts: 4 } }));
  const started = await c.request('POST', `/api/3/sites/${siteId}/scans`, { body: { testCheck: { checkId: 'farsight-test-open-port', port: 22 } } });
  const scanId = started.body.id as number;
  await until('4 hosts', async () => (await reported(c, scanId)).length >= 4);

  const paused = await c.request('POST', `/api/3/scans/${scanId}/pause`);
  assert.equal(paused.status, 200, paused.text);
  assert.equal((await c.request('GET', `/api/3/scans/${scanId}`)).body.state, 'paused');
  await until('the engine confirms the pause', async () => /engine reports the scan paused/.test((await c.request('GET', `/api/farsight/scans/${scanId}/log`)).text));
  const atPause = await reported(c, scanId);
  assert.ok(atPause.length < truth.hosts.length, 'paused before the end');
  // Hosts in flight were finished and reported before the engine confirmed; nothing more comes.
  await sleep(1500);
  assert.deepEqual(await reported(c, scanId), atPause, 'a paused scan reports nothing new');
  assert.equal((await c.request('POST', `/api/3/scans/${scanId}/pause`)).status, 400, 'paused twice: SCAN_STATE_CONFLICT');

  assert.equal((await c.request('POST', `/api/3/scans/${scanId}/resume`)).status, 200);
  await until('more hosts after the resume', async () => (await reported(c, scanId)).length > atPause.length + 2);
  const supervisor = localEngineSupervisor();
  assert.ok(supervisor?.pid, 'the Local engine runs as a child process');
  const starts = supervisor.starts;
  process.kill(supervisor.pid, 'SIGKILL');
  const scan = await waitForScan(c, scanId, ['finished'], 300_000);
  assert.ok(supervisor.starts > starts, 'the supervisor restarted the killed engine');
  assert.equal(scan.assets, truth.hosts.length);
  const hosts = await reported(c, scanId);
  assert.equal(new Set(hosts).size, hosts.length, 'no host reported twice');
  assert.equal(hosts.length, truth.hosts.length, 'every host reported');
  const assets = await siteAssets(c, siteId);
  assert.equal(assets.length, truth.hosts.length);
  for (const a of assets) {
    const f = (await c.request('GET', `/api/farsight/assets/${a.id}/findings`)).body.resources as Json[];
    const has22 = (a.services as Json[]).some((s) => s.port === 22 && s.protocol === 'tcp');
    assert.equal(f.length, has22 ? 1 : 0, `${String(a.ip)}: one finding per open 22/tcp`);
  }
  const engine = await c.request('GET', '/api/3/scan_engines/1');
  assert.equal(engine.body.status, 'active');

  // Stop: final, the engine confirms, and a stopped scan cannot be resumed.
  const second = await c.request('POST', `/api/3/sites/${siteId}/scans`, { body: {} });
  const secondId = second.body.id as number;
  await until('second scan running', async () => (await c.request('GET', `/api/3/scans/${secondId}`)).body.state === 'running');
  assert.equal((await c.request('POST', `/api/3/scans/${secondId}/stop`)).status, 200);
  const stopped = await c.request('GET', `/api/3/scans/${secondId}`);
  assert.equal(stopped.body.state, 'stopped');
  assert.match(stopped.body.message, /stopped by admin/);
  await until('the engine confirms the stop', async () => /engine reports the scan stopped/.test((await c.request('GET', `/api/farsight/scans/${secondId}/log`)).text));
  const resume = await c.request('POST', `/api/3/scans/${secondId}/resume`);
  assert.equal(resume.status, 400);
  assert.equal(resume.body.code, 'SCAN_STATE_CONFLICT');
}, { timeout: 600_000 });
