// Status transitions with real processes and small configured thresholds (heartbeat 500 ms,
// Unknown after 1.5 s of silence, Down after 6 s): `kill -STOP` the engine → Unknown → Down (the
// link is closed), `kill -CONT` → it reconnects → Active. An engine speaking another protocol
// major is Incompatible and gets no job: its site's scan stays queued. Console on 127.8.1.5/6.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engineLinks } from '../../apps/console/src/engines/index.ts';
import { pairArgs, startEngineConsole, startEngineProc, waitFor } from './transport-helpers.ts';
import type { TestConsole } from '../console/harness/index.ts';

type Status = { id: number; state: string; reason: string; connected: boolean; lastHeartbeat: string | null; clockSkewMs: number | null; engineVersion: string | null; queueDepth: number; runningScans: number };

async function status(c: TestConsole, id: number): Promise<Status> {
  return (await c.request('GET', `/api/farsight/scan_engines/${id}/status`)).body as Status;
}

async function pairOne(c: TestConsole, host: string, port: number, fingerprint: string, env: NodeJS.ProcessEnv = {}): Promise<{ id: number; e: ReturnType<typeof startEngineProc> }> {
  const secret = (await c.request('POST', '/api/farsight/scan_engines/shared_secret', {})).body.secret as string;
  const e = startEngineProc(['--no-listen', ...pairArgs(host, port, secret, fingerprint)], env);
  const id = Number(/paired as engine (\d+)/.exec(await e.waitLine(/pair-engine: paired as engine \d+/))?.[1]);
  return { id, e };
}

test('kill -STOP → Unknown → Down at the configured thresholds; kill -CONT → Active', async (t) => {
  const unknownAfterMs = 1500, downAfterMs = 6000;
  const { c, port, fingerprint } = await startEngineConsole('127.8.1.5', { heartbeatMs: 500, unknownAfterMs, downAfterMs });
  t.after(() => c.stop());
  const { id, e } = await pairOne(c, '127.8.1.5', port, fingerprint);
  t.after(() => e.stop());
  const active = await waitFor('Active with a heartbeat', async () => { const s = await status(c, id); return s.state === 'active' && s.lastHeartbeat && s.clockSkewMs !== null ? s : undefined; });
  assert.equal(active.engineVersion, '0.1.0');
  assert.ok(active.clockSkewMs !== null && Math.abs(active.clockSkewMs) < 60_000, `skew ${active.clockSkewMs}`);

  const stoppedAt = Date.now();
  e.child.kill('SIGSTOP');
  const seen: Array<{ state: string; at: number; reason: string }> = [];
  await waitFor('Down', async () => {
    const s = await status(c, id);
    if (seen.at(-1)?.state !== s.state) seen.push({ state: s.state, at: Date.now() - stoppedAt, reason: s.reason });
    return s.state === 'down' ? s : undefined;
  }, 60_000, 50);
  t.diagnostic(`transitions after SIGSTOP: ${JSON.stringify(seen)}`);
  const states = seen.map((s) => s.state);
  assert.deepEqual(states.filter((s) => s !== 'active'), ['unknown', 'down'], 'Active → Unknown → Down, nothing else');
  const unknown = seen.find((s) => s.state === 'unknown') as { at: number; reason: string };
  const down = seen.find((s) => s.state === 'down') as { at: number; reason: string };
  // Never early: silence is measured from the last heartbeat (at most one interval before the stop).
  assert.ok(unknown.at >= unknownAfterMs - 500, `Unknown after ${unknown.at} ms`);
  assert.ok(down.at >= downAfterMs - 500, `Down after ${down.at} ms`);
  assert.match(unknown.reason, /no heartbeat for \d+ s/);
  assert.match(down.reason, /link closed/);
  assert.equal((await status(c, id)).connected, false, 'the console closed the link of a Down engine');

  e.child.kill('SIGCONT');
  await waitFor('Active again', async () => { const s = await status(c, id); return s.state === 'active' && s.connected ? s : undefined; });
});

test('another protocol major → Incompatible; no job is dispatched to it', async (t) => {
  const { c, port, fingerprint } = await startEngineConsole('127.8.1.6', { heartbeatMs: 500 });
  t.after(() => c.stop());
  const { id, e } = await pairOne(c, '127.8.1.6', port, fingerprint, { FARSIGHT_ENGINE_TEST_PROTOCOL: '2.0' });
  t.after(() => e.stop());
  const s = await waitFor('Incompatible', async () => { const x = await status(c, id); return x.state === 'incompatible' ? x : undefined; });
  assert.match(s.reason, /major versions differ/);
  assert.equal((await c.request('GET', `/api/3/scan_engines/${id}`)).body.status, 'incompatible-version');

  const site = await c.request('POST', '/api/3/sites', { body: { name: 'incompatible', engineId: id, scan: { assets: { includedTargets: { addresses: ['127.8.9.1'] } } } } });
  assert.equal(site.status, 201, site.text);
  const scan = await c.request('POST', `/api/3/sites/${site.body.id as number}/scans`, { body: { name: 'never dispatched' } });
  assert.equal(scan.status, 201, scan.text);
  // The engine keeps reconnecting and being refused; give the dispatcher several ticks.
  await new Promise((r) => setTimeout(r, 3000));
  const row = await c.db.selectFrom('scans').select('status').where('id', '=', scan.body.id as number).executeTakeFirstOrThrow();
  assert.equal(row.status, 'queued');
  assert.equal(engineLinks.get(id), undefined, 'no link was registered for it');
  assert.equal((await c.db.selectFrom('scan_commands').selectAll().where('engine_id', '=', id).where('sent_at', 'is not', null).execute()).length, 0, 'no command was sent');
  assert.ok(e.lines.some((l) => /major versions differ/.test(l)), 'the engine was told why');
  assert.equal((await status(c, id)).state, 'incompatible');
});
