// Prestarted probe workers (worker-spawn.ts): adopted by the next engine, settings by message,
// extras ended, and never a reason for a process to stay alive. Loopback block 127.0.149.0/24.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { ProbeEngine } from './index.ts';
import { closeAll, listenOn } from './loopback-fixture.ts';
import { prestartProbeWorkers, probeWorkerCounts } from './worker-spawn.ts';

const HOST = '127.0.149.1';

/** Threads named farsight-probe alive in this process (Linux /proc), or undefined elsewhere. */
function probeThreads(): number | undefined {
  if (!existsSync('/proc/self/task')) return undefined;
  let n = 0;
  for (const task of readdirSync('/proc/self/task')) {
    try {
      if (readFileSync(`/proc/self/task/${task}/comm`, 'utf8').startsWith('farsight-probe')) n++;
    } catch {
      // The thread ended while we looked.
    }
  }
  return n;
}

/** Polls until `probeThreads()` is `want` (or /proc is missing); bounded at 30 s. */
async function threadsSettleAt(want: number): Promise<number | undefined> {
  let seen = probeThreads();
  for (let i = 0; i < 300 && seen !== undefined && seen !== want; i++) {
    await new Promise((r) => setTimeout(r, 100));
    seen = probeThreads();
  }
  return seen;
}

test('an engine adopts prestarted workers, configures them by message, and ends the extras', async (t) => {
  const l = await listenOn(HOST, 0);
  t.after(() => closeAll([l.server]));
  prestartProbeWorkers(3);
  assert.deepEqual(probeWorkerCounts(), { spawned: 3, prestarted: 3, waiting: 3 });
  const engine = new ProbeEngine({ assertInScope: () => undefined, backend: 'js', workers: 2, initialTimeoutMs: 5000, minTimeoutMs: 2000, maxTimeoutMs: 10_000 });
  t.after(() => engine.close());
  // Two adopted, none spawned afresh, the third ended.
  assert.deepEqual(probeWorkerCounts(), { spawned: 3, prestarted: 3, waiting: 0 });
  const seen = await threadsSettleAt(2);
  if (seen !== undefined) assert.equal(seen, 2);
  // The adopted workers got their settings (init) and probe: the listener is found open, the rest closed.
  const r = await engine.scanPorts(HOST, [l.port, 1, 2, 3]);
  assert.deepEqual(r.open, [l.port]);
  assert.equal(r.closed, 3);
  assert.ok(engine.stats().probesSent >= 4); // an open ephemeral-range port on a local address is confirmed once more
});

test('prestarted workers never keep a process alive that does not scan', () => {
  const code = [
    "import { prestartProbeWorkers, probeWorkerCounts } from '@farsight/scanner/probe/worker-spawn';",
    'prestartProbeWorkers(2);',
    'console.log(JSON.stringify(probeWorkerCounts()));',
  ].join('\n');
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
    cwd: new URL('.', import.meta.url).pathname, encoding: 'utf8', timeout: 60_000,
  });
  assert.equal(r.error, undefined, 'the process exited on its own, within 60 s');
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { spawned: 2, prestarted: 2, waiting: 2 });
});
