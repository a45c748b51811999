// Reconnect backoff over real processes: a revoked engine's reconnect delays double (with
// jitter) up to the cap instead of retrying at a fixed pace; the console's dialer backs off from
// an engine that keeps refusing it (Pending Authorization) and a session resets it. The delays
// are read from the logs and the dialer, never timed. Consoles on 127.14.0.2/3, engine listener
// on 127.14.4.1 (address block 127.14.0.0/16: hardening-* suites).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { remoteEngines } from '../../apps/console/src/engines/remote-service.ts';
import { pairArgs, startEngineConsole, startEngineProc, waitFor } from './transport-helpers.ts';

const run = promisify(execFile);
const CLI = new URL('../../apps/cli/src/main.ts', import.meta.url).pathname;
const BASE = 300;
const CAP = 2000;

test('a revoked engine backs off exponentially up to the cap', { timeout: 180_000 }, async (t) => {
  const { c, port, fingerprint } = await startEngineConsole('127.14.0.2');
  t.after(() => c.stop());
  const secret = (await c.request('POST', '/api/farsight/scan_engines/shared_secret', {})).body.secret as string;
  const e = startEngineProc(['--name', 'backoff-rev', '--no-listen', ...pairArgs('127.14.0.2', port, secret, fingerprint)], { FARSIGHT_ENGINE_RETRY_MS: String(BASE), FARSIGHT_ENGINE_RETRY_MAX_MS: String(CAP) });
  t.after(() => e.stop());
  const id = Number(/paired as engine (\d+)/.exec(await e.waitLine(/pair-engine: paired as engine \d+/))?.[1]);
  await waitFor('Active', async () => (await c.request('GET', `/api/farsight/scan_engines/${id}/status`)).body.state === 'active' || undefined);
  assert.equal((await c.request('POST', `/api/farsight/scan_engines/${id}/revoke`, {})).status, 200);
  await e.waitLine(/\(6 failed attempts in a row\)/, 60_000);
  const steps = e.lines.map((l) => /retrying in (\d+) ms \((\d+) failed attempts in a row\)/.exec(l)).filter((m) => m !== null).map((m) => ({ ms: Number(m[1]), n: Number(m[2]) }));
  assert.deepEqual(steps.slice(0, 5).map((s) => s.n), [2, 3, 4, 5, 6], 'consecutive refusals are counted');
  for (const s of steps) {
    const ceiling = Math.min(CAP, BASE * 2 ** (s.n - 1));
    assert.ok(s.ms <= ceiling && s.ms >= Math.floor(ceiling * 0.8), `failure ${s.n}: ${s.ms} ms within [80 %, 100 %] of ${ceiling} ms`);
  }
  assert.ok(steps.some((s) => s.ms > 4 * BASE), 'the delay grew well past the base');
  assert.match(e.lines.find((l) => /refused the session \(revoked\)/.test(l)) ?? '', /pair again/);
});

test('the console backs off from an engine that refuses it; a session resets the backoff', { timeout: 180_000 }, async (t) => {
  const { c } = await startEngineConsole('127.14.0.3', { dialRetryMs: BASE, dialRetryMaxMs: CAP });
  t.after(() => c.stop());
  const e = startEngineProc(['--name', 'backoff-std', '--listen-host', '127.14.4.1', '--listen-port', '0']);
  t.after(() => e.stop());
  const port = Number(/listening on 127\.14\.4\.1:(\d+)/.exec(await e.waitLine(/listening on 127\.14\.4\.1:\d+/))?.[1]);
  const added = await c.request('POST', '/api/3/scan_engines', { body: { name: 'backoff-std', address: '127.14.4.1', port } });
  assert.equal(added.status, 201, added.text);
  const id = added.body.id as number;
  // Refused as Pending Authorization again and again: the failure count climbs (each dial waits longer).
  await waitFor('four refused dials in a row', () => ((remoteEngines()?.dialFailures(id) ?? 0) >= 4 ? true : undefined), 60_000);
  assert.equal((await c.request('GET', `/api/farsight/scan_engines/${id}/status`)).body.state, 'pending-authorization');
  const consoleId = (await c.request('GET', '/api/farsight/scan_engines/ca')).body.fingerprint256.replace(/:/g, '').toLowerCase().slice(0, 16) as string;
  await run(process.execPath, [CLI, 'engine', 'consoles', 'enable', consoleId, '--data-dir', e.dataDir, '--reload']);
  await waitFor('Active', async () => (await c.request('GET', `/api/farsight/scan_engines/${id}/status`)).body.state === 'active' || undefined, 60_000);
  assert.equal(remoteEngines()?.dialFailures(id), 0, 'a session resets the backoff');
});
