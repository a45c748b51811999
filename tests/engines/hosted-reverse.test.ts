// Hosted mode, reverse direction: a `farsight engine --hosted` that pairs with a console and
// then dials it itself must still refuse to serve it until the provider authorizes it. The
// engine logs why; the console sees the engine Down with the refusal as its reason, and Refresh
// answers exactly `Cannot refresh scan engine (<name>): Unauthorized console connection from: <IP>`.
// Authorizing the console's address admits it at the next attempt (no restart); revoking it with
// --reload drops the live session and the console sees the refusal again.
// Console listener on 127.9.120.1 (block 127.9.120.x reserved here); the engine does not listen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { pairArgs, startEngineConsole, startEngineProc, waitFor } from './transport-helpers.ts';
import type { TestConsole } from '../console/harness/index.ts';

const run = promisify(execFile);
const CLI = new URL('../../apps/cli/src/main.ts', import.meta.url).pathname;
const CONSOLE_IP = '127.9.120.1';
const REFUSAL = `Cannot refresh scan engine (hosted-rev): Unauthorized console connection from: ${CONSOLE_IP}`;

async function refreshed(c: TestConsole, id: number): Promise<{ status: number; body: { message?: unknown; state?: unknown } }> {
  return c.request('POST', `/api/farsight/scan_engines/${id}/refresh`);
}

test('hosted engine that dials its console: refused until authorized, served after, refused again once revoked', async (t) => {
  const { c, port, fingerprint } = await startEngineConsole(CONSOLE_IP);
  t.after(() => c.stop());
  const s = await c.request('POST', '/api/farsight/scan_engines/shared_secret', { body: { maxUses: 1 } });
  assert.equal(s.status, 201, s.text);
  const e = startEngineProc(['--hosted', '--name', 'hosted-rev', '--no-listen', ...pairArgs(CONSOLE_IP, port, s.body.secret as string, fingerprint)]);
  t.after(() => e.stop());
  const paired = await e.waitLine(/pair-engine: paired as engine \d+/);
  const id = Number(/paired as engine (\d+)/.exec(paired)?.[1]);
  const consoleId = fingerprint.replace(/:/g, '').toLowerCase().slice(0, 16);

  // The engine dials, judges the console against its (empty) authorizations, refuses and says why.
  const line = await e.waitLine(/hosted mode: not serving console/);
  assert.match(line, new RegExp(`not serving console ${consoleId} .* that this engine dialed at 127\\.9\\.120\\.1: not authorized .* authorize-console ${consoleId}`));
  const refused = await waitFor('the console records the refusal', async () => {
    const r = await refreshed(c, id);
    return r.status !== 200 && r.body.message === REFUSAL ? r : undefined;
  }, 120_000);
  assert.equal(refused.body.message, REFUSAL, 'exact refusal, as for a console that dials in');
  const status = (await c.request('GET', `/api/farsight/scan_engines/${id}/status`)).body;
  assert.equal(status.direction, 'reverse');
  assert.notEqual(status.state, 'active', 'never Active while unauthorized');
  assert.equal(e.lines.some((l) => /console \w+: connected to/.test(l)), false, 'no session was served');
  // The engine keeps trying (backoff) and refuses each time.
  await waitFor('a second refused attempt', () => e.lines.filter((l) => /hosted mode: not serving console/.test(l)).length >= 2 || undefined, 60_000);

  // Authorize by the console's address: the next attempt is served, without a restart.
  const auth = await run(process.execPath, [CLI, 'engine', 'authorize-console', CONSOLE_IP, '--data-dir', e.dataDir]);
  assert.match(auth.stdout, /authorized ip 127\.9\.120\.1/);
  await waitFor('Active after authorization', async () => {
    const r = await refreshed(c, id);
    return r.status === 200 && r.body.state === 'active' ? r : undefined;
  }, 120_000);
  await e.waitLine(/console \w+: connected to 127\.9\.120\.1/);

  // Revoke the address and reload: the live session is dropped and refused again.
  const revoke = await run(process.execPath, [CLI, 'engine', 'authorize-console', '--revoke', CONSOLE_IP, '--reload', '--data-dir', e.dataDir]);
  assert.match(revoke.stdout, /revoked ip 127\.9\.120\.1/);
  await e.waitLine(/no longer authorized; dropping the connection/);
  const again = await waitFor('refused again after the revoke', async () => {
    const r = await refreshed(c, id);
    return r.status !== 200 && r.body.message === REFUSAL ? r : undefined;
  }, 120_000);
  assert.equal(again.body.message, REFUSAL);
  assert.notEqual((await c.request('GET', `/api/farsight/scan_engines/${id}/status`)).body.state, 'active');
});
