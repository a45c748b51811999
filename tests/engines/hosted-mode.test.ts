// Hosted mode end to end: a real console dials a real `farsight engine --hosted`; until the
// provider authorizes it, the console's refresh fails with exactly
// `Cannot refresh scan engine (<name>): Unauthorized console connection from: <IP>`;
// `farsight engine authorize-console ID` → Active (no engine restart); `--revoke … --reload`
// → refused again. Console listener on 127.9.30.1, engine on 127.9.30.10.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startEngineConsole, startEngineProc, waitFor } from './transport-helpers.ts';

const run = promisify(execFile);
const CLI = new URL('../../apps/cli/src/main.ts', import.meta.url).pathname;

test('hosted engine: unauthorized consoles are refused with the exact message; authorize-console admits, revoke refuses', async (t) => {
  const { c, fingerprint } = await startEngineConsole('127.9.30.1');
  t.after(() => c.stop());
  const e = startEngineProc(['--hosted', '--name', 'hosted-1', '--listen-host', '127.9.30.10', '--listen-port', '0']);
  t.after(() => e.stop());
  const port = Number(/listening on 127\.9\.30\.10:(\d+)/.exec(await e.waitLine(/listening on 127\.9\.30\.10:\d+/))?.[1]);
  const added = await c.request('POST', '/api/3/scan_engines', { body: { name: 'hosted-1', address: '127.9.30.10', port } });
  assert.equal(added.status, 201, added.text);
  const id = added.body.id as number;

  const refused = await waitFor('the hosted engine\'s refusal', async () => {
    const r = await c.request('POST', `/api/farsight/scan_engines/${id}/refresh`);
    return r.status !== 200 ? r : undefined;
  }, 150_000);
  const m = /^Cannot refresh scan engine \(hosted-1\): Unauthorized console connection from: (\S+)$/.exec(String(refused.body.message));
  assert.ok(m, `exact refusal message, got: ${String(refused.body.message)}`);
  const xml = readFileSync(join(e.dataDir, 'conf', 'consoles.xml'), 'utf8');
  assert.match(xml, new RegExp(`lastAddress="${(m[1] as string).replace(/\./g, '\\.')}" enabled="0"`), 'the IP in the message is the one the engine saw');
  assert.notEqual((await c.request('GET', `/api/farsight/scan_engines/${id}/status`)).body.state, 'active');

  const consoleId = fingerprint.replace(/:/g, '').toLowerCase().slice(0, 16);
  const auth = await run(process.execPath, [CLI, 'engine', 'authorize-console', consoleId, '--data-dir', e.dataDir]);
  assert.match(auth.stdout, new RegExp(`authorized id ${consoleId}`));
  assert.equal(statSync(join(e.dataDir, 'conf', 'authorized-consoles.json')).mode & 0o777, 0o600);
  const list = await run(process.execPath, [CLI, 'engine', 'authorize-console', '--list', '--data-dir', e.dataDir]);
  assert.match(list.stdout, new RegExp(`id +${consoleId}`));
  await waitFor('Active after authorization', async () => {
    const r = await c.request('POST', `/api/farsight/scan_engines/${id}/refresh`);
    return r.status === 200 && r.body.state === 'active' ? r : undefined;
  }, 150_000);
  assert.match(readFileSync(join(e.dataDir, 'conf', 'consoles.xml'), 'utf8'), /enabled="1"/, 'authorization enables the console');

  const revoke = await run(process.execPath, [CLI, 'engine', 'authorize-console', '--revoke', consoleId, '--reload', '--data-dir', e.dataDir]);
  assert.match(revoke.stdout, /revoked id .* disabled in consoles\.xml/);
  const again = await waitFor('refused again after revoke', async () => {
    const r = await c.request('POST', `/api/farsight/scan_engines/${id}/refresh`);
    return r.status !== 200 ? r : undefined;
  }, 150_000);
  assert.match(String(again.body.message), /^Cannot refresh scan engine \(hosted-1\): Unauthorized console connection from: \S+$/);
  const bad = await run(process.execPath, [CLI, 'engine', 'authorize-console', 'not-a-console', '--data-dir', e.dataDir]).then(() => ({ code: 0, stderr: '' }), (err: { code: number; stderr: string }) => err);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /not a console CA fingerprint .* or an IP address/);
});
