// An engine on a console's host: `farsight engine` finds a real console answering on loopback
// (by its own certificate), refuses with what to do, and starts anyway with --force.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startTestConsole } from '../console/harness/index.ts';
import { startEngineProc } from './transport-helpers.ts';

const run = promisify(execFile);
const CLI = new URL('../../apps/cli/src/main.ts', import.meta.url).pathname;

test('an engine refuses to start next to a running console unless --force', { timeout: 300_000 }, async (t) => {
  process.env.FARSIGHT_LOCAL_ENGINE = '0';
  process.env.FARSIGHT_REMOTE_ENGINES = '0';
  const c = await startTestConsole({ db: 'sqlite' });
  t.after(() => c.stop());
  const port = Number(new URL(c.url).port);
  const env = { ...process.env, FARSIGHT_CONSOLE_DETECT_PORTS: String(port) };
  const r = await run(process.execPath, [CLI, 'engine', '--no-listen', '--data-dir', '/nonexistent-not-created'], { env, timeout: 60_000 }).then(() => ({ code: 0, stderr: '' }), (e: { code: number; stderr: string }) => e);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, new RegExp(`a Farsight console is running on this host \\(it answers on 127\\.0\\.0\\.1:${port}\\) .* pass --force to run this engine anyway`));
  const forced = startEngineProc(['--no-listen', '--force'], { FARSIGHT_CONSOLE_DETECT_PORTS: String(port) });
  t.after(() => forced.stop());
  await forced.waitLine(/farsight engine: running/);
});
