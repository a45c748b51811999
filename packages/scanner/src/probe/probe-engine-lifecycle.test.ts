// Scope enforcement, input validation and shutdown of the probe engine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { FarsightError } from '@farsight/common';
import { ProbeEngine } from './index.ts';
import { closeAll, listenOn, silentPort } from './loopback-fixture.ts';

const ALLOWED = '127.0.5.31';
const FORBIDDEN = '127.0.5.32';
const inScope = (a: string): void => {
  if (a !== ALLOWED) throw new FarsightError('TARGET_OUT_OF_SCOPE', `${a} is excluded`);
};

/** Worker threads named farsight-probe alive in this process (Linux /proc), or undefined elsewhere. */
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

/** Child processes running the native helper (Linux /proc), 0 elsewhere. */
function probeHelpers(): number {
  if (!existsSync('/proc/self/task')) return 0;
  let n = 0;
  for (const task of readdirSync('/proc/self/task')) {
    for (const pid of readFileSync(`/proc/self/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) {
      try {
        if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('farsight-probe-')) n++;
      } catch {
        // exited meanwhile
      }
    }
  }
  return n;
}

test('an address that fails assertInScope gets no connection at all', async (t) => {
  const forbidden = await listenOn(FORBIDDEN, 0);
  const allowed = await listenOn(ALLOWED, 0);
  t.after(() => closeAll([forbidden.server, allowed.server]));
  let accepts = 0;
  forbidden.server.on('connection', () => accepts++);
  const engine = new ProbeEngine({ assertInScope: inScope, initialTimeoutMs: 3000, minTimeoutMs: 2000 });
  t.after(() => engine.close());

  await assert.rejects(engine.scanPorts(FORBIDDEN, [forbidden.port, 1, 2, 3]), { code: 'TARGET_OUT_OF_SCOPE' });
  await assert.rejects(engine.discover(FORBIDDEN, [forbidden.port]), { code: 'TARGET_OUT_OF_SCOPE' });
  // A scope check that throws a plain Error still stops the probe, as a coded error.
  const plain = new ProbeEngine({ assertInScope: () => { throw new Error('nope'); } });
  t.after(() => plain.close());
  await assert.rejects(plain.scanPorts(FORBIDDEN, [forbidden.port]), { code: 'TARGET_OUT_OF_SCOPE', message: 'nope' });

  // The engine still works for allowed addresses, and a scan there proves probes do flow.
  assert.deepEqual((await engine.scanPorts(ALLOWED, [allowed.port])).open, [allowed.port]);
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(accepts, 0);
});

test('bad input is refused with a coded error before anything is sent', async (t) => {
  const engine = new ProbeEngine({ assertInScope: inScope });
  t.after(() => engine.close());
  await assert.rejects(engine.scanPorts('localhost', [80]), { code: 'TARGET_INVALID' });
  await assert.rejects(engine.scanPorts(ALLOWED, [0]), { code: 'PORT_SPEC_INVALID' });
  await assert.rejects(engine.scanPorts(ALLOWED, [65536]), { code: 'PORT_SPEC_INVALID' });
  await assert.rejects(engine.scanPorts(ALLOWED, [1.5]), { code: 'PORT_SPEC_INVALID' });
  await assert.rejects(engine.discover(ALLOWED, []), { code: 'INVALID_ARGUMENT' });
  assert.deepEqual(await engine.scanPorts(ALLOWED, []), { address: ALLOWED, open: [], closed: 0, filtered: 0, probes: 0 });
  assert.throws(() => new ProbeEngine({ assertInScope: inScope, workers: 0 }), { code: 'INVALID_ARGUMENT' });
});

for (const backend of ['js', 'native'] as const) {
  test(`${backend}: close() while scanning rejects pending calls with SCAN_ABORTED and leaves no workers`, async (t) => {
    const silent = await silentPort(ALLOWED);
    t.after(() => silent.close());
    const before = probeThreads();
    const engine = new ProbeEngine({ assertInScope: inScope, workers: 2, rate: 2000, backend });
    const scan = engine.scanPorts(ALLOWED, Array.from({ length: 65535 }, (_, i) => i + 1));
    const discovery = engine.discover(ALLOWED, [silent.port]);
    // Wait (bounded) until probes flow: worker start-up is slow on a loaded machine.
    for (let i = 0; i < 300 && engine.stats().probesSent === 0; i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(engine.stats().probesSent > 0, 'the scan was under way');
    const closing = engine.close();
    assert.equal(engine.close(), closing, 'close is idempotent');
    await assert.rejects(scan, { code: 'SCAN_ABORTED' });
    await assert.rejects(discovery, { code: 'SCAN_ABORTED' });
    await closing;
    await assert.rejects(engine.scanPorts(ALLOWED, [1]), { code: 'SCAN_ABORTED' });
    assert.equal(engine.stats().inFlight, 0);
    if (before !== undefined) assert.equal(probeThreads(), before, 'every probe worker thread has exited');
    assert.equal(probeHelpers(), 0, 'every native helper process has exited');
  });

  test(`${backend}: an idle engine that is never closed does not keep the process alive, and prints no DEP0111`, () => {
    const script = `
      import { ProbeEngine } from ${JSON.stringify(new URL('./index.ts', import.meta.url).href)};
      const e = new ProbeEngine({ assertInScope: () => {}, backend: '${backend}' });
      const r = await e.scanPorts('127.0.5.31', [1, 2, 3]);
      console.log(r.closed);
    `;
    // --pending-deprecation makes process.binding() warn (DEP0111); the engine filters that warning.
    const r = spawnSync(process.execPath, ['--pending-deprecation', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.signal, null, 'the child exited on its own');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), '3');
    assert.doesNotMatch(r.stderr, /DEP0111|process\.binding/);
  });
}

test("transport 'auto' falls back to net.Socket when process.binding throws", () => {
  const script = `
    process.binding = () => { throw new Error('blocked by policy'); };
    const { ProbeEngine } = await import(${JSON.stringify(new URL('./index.ts', import.meta.url).href)});
    const e = new ProbeEngine({ assertInScope: () => {}, backend: 'js' });
    const r = await e.scanPorts('127.0.5.31', [1, 2]);
    console.log(e.stats().transport, r.closed);
    try { new ProbeEngine({ assertInScope: () => {}, transport: 'raw', backend: 'js' }); } catch (err) { console.log(err.code); }
    await e.close();
  `;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.stdout.trim().split('\n'), ['net 2', 'RUNTIME_UNSUPPORTED']);
});
