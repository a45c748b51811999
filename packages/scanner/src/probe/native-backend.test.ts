// The native helper backend against the JS one on the same loopback listeners: the same
// open/closed/filtered answers, the same retries of silent ports with the engine's timeouts,
// the same discovery verdicts; and how the backend is chosen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Server } from 'node:net';
import { FarsightError } from '@farsight/common';
import { ProbeEngine } from './index.ts';
import { ephemeralRange } from './local-target.ts';
import { closeAll, listenOn, silentPort } from './loopback-fixture.ts';
import { AUTO_PREFERS_NATIVE, chooseBackend } from './native-helper.ts';

// 127.42.9.0/24: this file's block.
const inScope = (a: string): void => assert.ok(a.startsWith('127.42.9.'), a);
const BACKENDS = ['js', 'native'] as const;

test('chooseBackend: option, then FARSIGHT_PROBE_BACKEND, then auto', () => {
  const table: [string | undefined, string | undefined, boolean, 'native' | 'js'][] = [
    ['native', undefined, false, 'native'],
    ['js', 'native', true, 'js'],
    [undefined, 'native', false, 'native'],
    [undefined, 'js', true, 'js'],
    [undefined, '', true, AUTO_PREFERS_NATIVE ? 'native' : 'js'],
    ['auto', undefined, false, 'js'],
    ['auto', undefined, true, AUTO_PREFERS_NATIVE ? 'native' : 'js'],
  ];
  for (const [opt, env, built, want] of table) assert.equal(chooseBackend(opt, env, built), want, `${String(opt)} ${String(env)} ${built}`);
  assert.throws(() => chooseBackend('fast', undefined, true), (e: unknown) => e instanceof FarsightError && e.code === 'INVALID_ARGUMENT' && /probe backend 'fast' is not one of auto, native, js/.test(e.message));
  assert.throws(() => chooseBackend(undefined, 'C', true), /FARSIGHT_PROBE_BACKEND 'C' is not one of/);
});

test('both backends give the same open, closed and filtered ports, with retries of silent ports', async (t) => {
  const address = '127.42.9.1';
  const servers: Server[] = [];
  t.after(() => closeAll(servers));
  const open = new Set<number>();
  for (const p of [7, 443, 8443, 0, 0]) {
    const l = await listenOn(address, p);
    servers.push(l.server);
    open.add(l.port);
  }
  const silent = await silentPort(address);
  t.after(() => silent.close());
  const ports = [...Array.from({ length: 3000 }, (_, i) => i + 1), ...open, silent.port];
  const results = [];
  for (const backend of BACKENDS) {
    // A fixed 1 s timeout (long enough that no loopback answer misses it on a loaded machine);
    // retries 2 → three probes of the silent port before "filtered".
    const engine = new ProbeEngine({ backend, assertInScope: inScope, retries: 2, initialTimeoutMs: 1000, minTimeoutMs: 1000, maxTimeoutMs: 1000 });
    t.after(() => engine.close());
    const t0 = performance.now();
    const r = await engine.scanPorts(address, ports);
    const elapsed = performance.now() - t0;
    assert.equal(engine.stats().transport === 'native', backend === 'native', backend);
    assert.ok(elapsed >= 3000, `${backend}: three 1 s timeouts cannot end sooner (${elapsed.toFixed(0)} ms)`);
    results.push(r);
    await engine.close();
  }
  const [js, native] = results as [typeof results[0], typeof results[0]];
  for (const p of open) assert.ok(native.open.includes(p), `native reports our listener ${p} open`);
  assert.deepEqual(native.open, js.open, 'same open ports');
  assert.deepEqual([native.closed, native.filtered], [js.closed, js.filtered], 'same closed and filtered counts');
  assert.equal(native.filtered, 1, 'the silent port is filtered');
  assert.equal(native.probes, js.probes, 'same probe count (retries included)');
  // Two retries of the silent port, and a confirmation probe of each ephemeral-range open port
  // (this is a local address: an open there could be a self-connect).
  const [lo, hi] = ephemeralRange();
  const confirmations = native.open.filter((p) => p >= lo && p <= hi).length;
  assert.equal(native.probes, new Set(ports).size + 2 + confirmations, 'retries and confirmations counted');
});

test('both backends give the same discovery verdicts', async (t) => {
  const up = await listenOn('127.42.9.2', 0);
  t.after(() => closeAll([up.server]));
  for (const backend of BACKENDS) {
    const engine = new ProbeEngine({ backend, assertInScope: inScope });
    t.after(() => engine.close());
    const a = await engine.discover('127.42.9.2', [up.port, 1]);
    const b = await engine.discover('127.42.9.3', [1, 9], { treatRstAsAlive: false });
    assert.equal(a.up, true, backend);
    assert.match(a.reason, /^tcp-connect \d+ (open|reset)$/, backend);
    assert.equal(b.up, false, backend);
    assert.match(b.reason, /^tcp-connect (1|9) reset \(RST not treated as alive\)$/, backend);
    await engine.close();
  }
});

test('the scope check runs before anything reaches the helper', async (t) => {
  const engine = new ProbeEngine({ backend: 'native', assertInScope: (a) => { throw new FarsightError('TARGET_OUT_OF_SCOPE', `${a} is excluded`); } });
  t.after(() => engine.close());
  await assert.rejects(engine.scanPorts('127.42.9.4', [80]), /127\.42\.9\.4 is excluded/);
  assert.equal(engine.stats().probesSent, 0);
});

test('native: a connect that meets its own socket (self-connect) counts as closed, not open', async (t) => {
  // The helper's test hook binds each probe's source to its destination, which is how a
  // self-connect happens by chance on a local address (RFC 9293 §3.5 simultaneous open).
  const address = '127.42.9.5';
  const free = await listenOn(address, 0);
  await closeAll([free.server]);
  // A port below the ephemeral range, so the engine's confirmation probe (which would hide a
  // misreported open) does not apply: the helper's own detection is what is tested.
  const [lo] = ephemeralRange();
  const port = 20_000 + (free.port % Math.max(1, lo - 20_001));
  process.env.FARSIGHT_PROBE_SELF_CONNECT_TEST = '1';
  t.after(() => { delete process.env.FARSIGHT_PROBE_SELF_CONNECT_TEST; });
  const engine = new ProbeEngine({ backend: 'native', assertInScope: inScope, workers: 1, retries: 0 });
  t.after(() => engine.close());
  const r = await engine.scanPorts(address, [port]);
  assert.deepEqual({ open: r.open, closed: r.closed, filtered: r.filtered }, { open: [], closed: 1, filtered: 0 }, `port ${port}`);
});

test('native: IPv6 (::1) gets the same answers as js', async (t) => {
  const l = await listenOn('::1', 0);
  t.after(() => closeAll([l.server]));
  const ports = [l.port, 1, 2, 3];
  const seen: { open: number[]; closed: number; filtered: number }[] = [];
  for (const backend of BACKENDS) {
    const engine = new ProbeEngine({ backend, assertInScope: (a) => assert.equal(a, '::1'), initialTimeoutMs: 3000, minTimeoutMs: 2000 });
    t.after(() => engine.close());
    const r = await engine.scanPorts('::1', ports);
    seen.push({ open: r.open, closed: r.closed, filtered: r.filtered });
    await engine.close();
  }
  assert.deepEqual(seen[1], seen[0]);
  assert.deepEqual(seen[1], { open: [l.port], closed: 3, filtered: 0 });
});
