// A native helper that misbehaves — garbage or a truncated frame on its stdout, an answer to a
// batch it was never sent, killed in the middle of a scan, bad input from us — ends the scan
// with PROBE_HELPER_FAILED saying what happened, within a bound, and leaves no process behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FarsightError } from '@farsight/common';
import { ProbeEngine } from './index.ts';
import { encodeBatch, encodeInit, FrameReader } from './native-frames.ts';
import { requireNativeHelper } from './native-helper.ts';
import { silentPort } from './loopback-fixture.ts';

// 127.42.8.0/24: this file's block (no other suite uses 127.42.x.y).
const ADDRESS = '127.42.8.1';
const inScope = (a: string): void => assert.ok(a.startsWith('127.42.8.'), a);
const BOUND_MS = 20_000;

/** A fake helper: a Node script (plain JS) that writes `body`'s bytes and then behaves as told. */
function fakeHelper(t: { after: (fn: () => void) => void }, body: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'farsight-fake-helper-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'helper');
  writeFileSync(file, `#!${process.execPath}\nconst ready = Buffer.alloc(16); ready[0] = 0x81; ready.writeUInt32LE(8, 4); ready.writeUInt32LE(0x46535031, 8); ready.writeUInt32LE(1, 12);\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

/** Runs a scan on `binary` and returns how it failed (it must fail, within BOUND_MS). */
async function failure(t: { after: (fn: () => Promise<void>) => void }, binary: string, ports = [1, 2, 3], helperStallMs?: number): Promise<FarsightError> {
  const engine = new ProbeEngine({ assertInScope: inScope, backend: 'native', workers: 1 }, { nativeBinary: binary, ...(helperStallMs === undefined ? {} : { helperStallMs }) });
  t.after(() => engine.close());
  const bound = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('scan did not end')), BOUND_MS).unref());
  const err = await Promise.race([engine.scanPorts(ADDRESS, ports), bound]).then(() => undefined, (e: unknown) => e);
  assert.ok(err instanceof FarsightError, `a FarsightError, got ${String(err)}`);
  // The engine stays failed: later calls reject at once with the same cause.
  await assert.rejects(engine.scanPorts(ADDRESS, [4]), (e: unknown) => e === err);
  return err;
}

test('garbage on the helper stdout fails the scan clearly', async (t) => {
  const err = await failure(t, fakeHelper(t, "process.stdout.write('HTTP/1.1 200 OK garbage garbage'); setTimeout(() => {}, 30000);"));
  assert.equal(err.code, 'PROBE_HELPER_FAILED');
  assert.match(err.message, /malformed frame \(header padding/);
});

test('a frame cut short when the helper exits fails the scan clearly', async (t) => {
  const err = await failure(t, fakeHelper(t, 'process.stdout.write(Buffer.concat([ready, Buffer.from([0x82, 0, 0, 0, 200, 0])]), () => process.exit(0));'));
  assert.equal(err.code, 'PROBE_HELPER_FAILED');
  assert.match(err.message, /middle of a frame|exited with code 0/);
});

test('an answer to a batch never sent fails the scan clearly', async (t) => {
  const body = [
    'const r = Buffer.alloc(8 + 32 + 5); r[0] = 0x82; r.writeUInt32LE(37, 4); r.writeUInt32LE(999, 8); r.writeUInt32LE(1, 12); r[8 + 36] = 1;',
    'process.stdout.write(Buffer.concat([ready, r])); setTimeout(() => {}, 30000);',
  ].join('\n');
  const err = await failure(t, fakeHelper(t, body));
  assert.equal(err.code, 'PROBE_HELPER_FAILED');
  assert.match(err.message, /answered batch 999 with 1 ports, which does not match any batch sent/);
});

test('a helper that is not one (wrong magic) or cannot run fails the scan clearly', async (t) => {
  const wrong = await failure(t, fakeHelper(t, "ready.writeUInt32LE(1, 8); process.stdout.write(ready); setTimeout(() => {}, 30000);"));
  assert.match(wrong.message, /speaks protocol 1\/1, not 46535031\/1; rebuild it with npm ci/);
  const missing = await failure(t, '/nonexistent/farsight-probe');
  assert.equal(missing.code, 'PROBE_HELPER_FAILED');
  assert.match(missing.message, /could not run: spawn \/nonexistent\/farsight-probe ENOENT/);
});

test('a helper that stays alive but stops answering is declared stuck', async (t) => {
  // READY, then silence with the batch outstanding (a real helper sends ALIVE every second).
  const err = await failure(t, fakeHelper(t, 'process.stdout.write(ready); process.stdin.resume(); setTimeout(() => {}, 30000);'), [1, 2, 3], 1500);
  assert.equal(err.code, 'PROBE_HELPER_FAILED');
  assert.match(err.message, /has sent nothing for \d+ s with 1 batch\(es\) outstanding; it is stuck/);
});

test('a real helper rate-limited to 2 probes/s keeps the watchdog fed (ALIVE) and finishes', async (t) => {
  const engine = new ProbeEngine({ assertInScope: inScope, backend: 'native', workers: 1, rate: 2, initialTimeoutMs: 2000, minTimeoutMs: 2000, maxTimeoutMs: 2000 }, { helperStallMs: 1500 });
  t.after(() => engine.close());
  // 8 closed ports at 2/s take ~3.5 s; one RESULT at the end, ALIVE frames meanwhile.
  const r = await engine.scanPorts(ADDRESS, [1, 2, 3, 4, 5, 6, 7, 9]);
  assert.equal(r.closed, 8);
});

test('a helper short of file descriptors (EMFILE) backs off and still answers every port', async (t) => {
  const binary = requireNativeHelper();
  const dir = mkdtempSync(join(tmpdir(), 'farsight-fd-helper-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const wrapper = join(dir, 'helper');
  // 16 descriptors: stdio, epoll and ~11 sockets, while the engine allows 500 connects in flight.
  writeFileSync(wrapper, `#!/bin/sh\nulimit -n 16 || exit 9\nexec '${binary}'\n`);
  chmodSync(wrapper, 0o755);
  const engine = new ProbeEngine({ assertInScope: inScope, backend: 'native', workers: 1, initialTimeoutMs: 3000, minTimeoutMs: 2000 }, { nativeBinary: wrapper });
  t.after(() => engine.close());
  const ports = Array.from({ length: 120 }, (_, i) => i + 1);
  const r = await engine.scanPorts('127.42.8.2', ports);
  assert.deepEqual({ open: r.open, closed: r.closed, filtered: r.filtered }, { open: [], closed: 120, filtered: 0 });
});

/** PIDs of this process's children running the helper binary `path`. */
function helperChildren(path: string): number[] {
  const out: number[] = [];
  for (const task of readdirSync('/proc/self/task')) {
    for (const pid of readFileSync(`/proc/self/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) {
      try {
        if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith(path)) out.push(Number(pid));
      } catch {
        // exited meanwhile
      }
    }
  }
  return out;
}

test('the real helper killed mid-scan fails the scan clearly, no hang', async (t) => {
  const binary = requireNativeHelper();
  // Silent ports (SYNs dropped) with patient timeouts keep probes in flight for seconds.
  const silent = await silentPort(ADDRESS);
  t.after(() => silent.close());
  const engine = new ProbeEngine({ assertInScope: inScope, backend: 'native', workers: 2, initialTimeoutMs: 10_000, minTimeoutMs: 10_000, maxTimeoutMs: 10_000 });
  t.after(() => engine.close());
  const scan = engine.scanPorts(ADDRESS, [silent.port]).then(() => undefined, (e: unknown) => e);
  let pids: number[] = [];
  for (let i = 0; i < 200 && engine.stats().inFlight === 0; i++) await new Promise((r) => setTimeout(r, 25));
  pids = helperChildren(binary);
  assert.equal(pids.length, 2, 'two helper processes, one per worker');
  assert.equal(engine.stats().inFlight, 1, 'the probe is in flight in a helper');
  process.kill(pids[0] as number, 'SIGKILL');
  const bound = new Promise<string>((r) => setTimeout(() => r('hung'), BOUND_MS).unref());
  const err = await Promise.race([scan, bound]);
  assert.ok(err instanceof FarsightError, String(err));
  assert.equal(err.code, 'PROBE_HELPER_FAILED');
  assert.match(err.message, /native probe helper \d \(pid \d+\) (was killed by SIGKILL|exited)/);
  await engine.close();
  assert.deepEqual(helperChildren(binary), [], 'every helper is gone after close()');
});

test('the real helper rejects bad input with an ERROR frame and exit status 2', async () => {
  const binary = requireNativeHelper();
  const cases: [string, Buffer, RegExp][] = [
    ['batch before init', encodeBatch(1, ADDRESS, Int32Array.from([1]), 100), /BATCH before INIT/],
    ['unknown type', Buffer.from([9, 0, 0, 0, 0, 0, 0, 0]), /unknown frame type/],
    ['port 0', Buffer.concat([encodeInit({ inFlight: 4, tickMs: 5, maxDeferrals: 40, lowWater: 10, rate: 0 }), encodeBatch(1, ADDRESS, Int32Array.from([0]), 100)]), /port 0/],
    ['bad init', encodeInit({ inFlight: 0, tickMs: 5, maxDeferrals: 40, lowWater: 10, rate: 0 }), /INIT values out of range/],
  ];
  for (const [name, input, pattern] of cases) {
    const child = spawn(binary, [], { stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.resume();
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    const frames = new FrameReader().push(Buffer.concat(chunks));
    assert.equal(code, 2, name);
    assert.deepEqual(frames.map((f) => f.t), ['ready', 'error'], name);
    const last = frames[1] as { t: 'error'; message: string };
    assert.match(last.message, pattern, name);
  }
});
