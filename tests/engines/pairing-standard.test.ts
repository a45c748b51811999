// Console → engine ("standard") through conf/consoles.xml, multi-process: the console dials an
// engine it was told about; the engine records the console with enabled="0" (file 0600) and the
// console shows Pending Authorization; `farsight engine consoles enable ID --reload` → Active;
// disable → refused again. Then the same engine also pairs with a second console (reverse): one
// engine, two consoles, two spools — and that console switches to dialing the engine without a
// restart. Consoles' engine listeners on 127.8.1.3/4, engine on 127.8.2.10.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pairArgs, setConsoleEngineEnv, startEngineConsole, startEngineProc, waitFor } from './transport-helpers.ts';
import type { TestConsole } from '../console/harness/index.ts';

const run = promisify(execFile);
const CLI = new URL('../../apps/cli/src/main.ts', import.meta.url).pathname;

async function state(c: TestConsole, id: number): Promise<{ state: string; reason: string; direction: string; connected: boolean }> {
  return (await c.request('GET', `/api/farsight/scan_engines/${id}/status`)).body;
}

async function until(c: TestConsole, id: number, want: string, limitMs = 60_000): Promise<{ state: string; reason: string; direction: string }> {
  return waitFor(`engine ${id} ${want}`, async () => { const s = await state(c, id); return s.state === want ? s : undefined; }, limitMs);
}

test('standard pairing via consoles.xml: Pending Authorization → enable → Active; two consoles; direction switch', async (t) => {
  const first = await startEngineConsole('127.8.1.3');
  t.after(() => first.c.stop());
  const e = startEngineProc(['--name', 'std-1', '--listen-host', '127.8.2.10', '--listen-port', '0']);
  t.after(() => e.stop());
  const port = Number(/listening on 127\.8\.2\.10:(\d+)/.exec(await e.waitLine(/listening on 127\.8\.2\.10:\d+/))?.[1]);
  const added = await first.c.request('POST', '/api/3/scan_engines', { body: { name: 'std-1', address: '127.8.2.10', port } });
  assert.equal(added.status, 201, added.text);
  const id = added.body.id as number;

  // A new engine row starts as pending ('not paired yet'); the engine's own refusal then says what to do.
  const pending = await waitFor('the engine\'s refusal', async () => { const s = await state(first.c, id); return s.state === 'pending-authorization' && /consoles enable/.test(s.reason) ? s : undefined; });
  assert.match(pending.reason, /farsight engine consoles enable [0-9a-f]{16}/);
  const xml = join(e.dataDir, 'conf', 'consoles.xml');
  assert.equal(statSync(xml).mode & 0o777, 0o600);
  const consoleId = first.fingerprint.replace(/:/g, '').toLowerCase().slice(0, 16);
  const text = readFileSync(xml, 'utf8');
  assert.match(text, new RegExp(`<console id="${consoleId}" name="[^"]+" lastAddress="127\\.[\\d.]+" enabled="0" fingerprint="${first.fingerprint}" direction="standard"/>`));
  // Still pending a moment later: the console keeps trying but is refused.
  await new Promise((r) => setTimeout(r, 1000));
  assert.equal((await state(first.c, id)).state, 'pending-authorization');

  const en = await run(process.execPath, [CLI, 'engine', 'consoles', 'enable', consoleId, '--data-dir', e.dataDir, '--reload']);
  assert.match(en.stdout, /enabled/);
  const active = await until(first.c, id, 'active');
  assert.equal(active.direction, 'standard');
  const list = await run(process.execPath, [CLI, 'engine', 'consoles', 'list', '--data-dir', e.dataDir]);
  assert.match(list.stdout, new RegExp(`${consoleId} .* yes .*console → engine`));

  await run(process.execPath, [CLI, 'engine', 'consoles', 'disable', consoleId, '--data-dir', e.dataDir, '--reload']);
  await until(first.c, id, 'pending-authorization');
  await run(process.execPath, [CLI, 'engine', 'consoles', 'enable', consoleId, '--data-dir', e.dataDir, '--reload']);
  await until(first.c, id, 'active');

  // A second console pairs with the same engine (engine → console); both are served, each with its own spool.
  const saved = { ...process.env };
  setConsoleEngineEnv('127.8.1.4');
  const second = await startEngineConsole('127.8.1.4');
  t.after(() => second.c.stop());
  Object.assign(process.env, saved);
  const secret = (await second.c.request('POST', '/api/farsight/scan_engines/shared_secret', {})).body.secret as string;
  e.child.kill('SIGTERM');
  await e.exited;
  const e2 = startEngineProc(['--name', 'std-1', '--listen-host', '127.8.2.10', '--listen-port', String(port), ...pairArgs('127.8.1.4', second.port, secret, second.fingerprint)], {}, e.dataDir);
  t.after(() => e2.stop());
  await e2.waitLine(/pair-engine: paired as engine (\d+)/);
  const id2 = (await second.c.request('GET', '/api/farsight/scan_engines/status')).body.resources.find((x: { kind: string }) => x.kind === 'remote').id as number;
  await until(second.c, id2, 'active');
  await until(first.c, id, 'active');
  const secondId = second.fingerprint.replace(/:/g, '').toLowerCase().slice(0, 16);
  assert.ok(existsSync(join(e.dataDir, 'spool', consoleId, 'spool.sqlite')) && existsSync(join(e.dataDir, 'spool', secondId, 'spool.sqlite')), 'one spool per console');

  // Switch the second console to dialing the engine: no console restart.
  assert.equal((await second.c.request('PUT', `/api/3/scan_engines/${id2}`, { body: { name: 'std-1', address: '127.8.2.10', port } })).status, 200);
  assert.equal((await second.c.request('PUT', `/api/farsight/scan_engines/${id2}/direction`, { body: { direction: 'standard' } })).status, 200);
  await waitFor('second console dialing the engine', async () => { const s = await state(second.c, id2); return s.state === 'active' && s.direction === 'standard' && s.connected ? s : undefined; });
  await e2.waitLine(/console [0-9a-f]{16} \('[^']*'\) connected from/);
  assert.equal((await second.c.request('PUT', `/api/farsight/scan_engines/${id2}/direction`, { body: { direction: 'reverse' } })).status, 200);
  await waitFor('back to engine → console', async () => { const s = await state(second.c, id2); return s.state === 'active' && s.direction === 'reverse' && s.connected ? s : undefined; });
});
