import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveOptions, type MachineFacts, type ProbeEngineOptions } from './options.ts';

const facts: MachineFacts = { cpus: 2, fdLimit: 20_000, rawAvailable: true };
const scope = (): void => {};

test('defaults', () => {
  const o = resolveOptions({ assertInScope: scope }, facts);
  assert.deepEqual(
    { ...o, assertInScope: undefined },
    { workers: 2, rate: 0, maxInFlight: 1000, initialTimeoutMs: 1000, minTimeoutMs: 100, maxTimeoutMs: 3000, retries: 1, transport: 'raw', backend: 'js', assertInScope: undefined },
  );
});

test('backend: the option, else FARSIGHT_PROBE_BACKEND (facts.backendEnv), else auto', () => {
  assert.equal(resolveOptions({ assertInScope: scope, backend: 'native' }, facts).backend, 'native');
  assert.equal(resolveOptions({ assertInScope: scope }, { ...facts, backendEnv: 'native' }).backend, 'native');
  assert.equal(resolveOptions({ assertInScope: scope, backend: 'js' }, { ...facts, backendEnv: 'native', nativeBuilt: true }).backend, 'js');
  assert.throws(() => resolveOptions({ assertInScope: scope, backend: 'c' as never }, facts), /probe backend 'c' is not one of auto, native, js/);
});

test('a small open-file limit lowers maxInFlight, and workers never outnumber it', () => {
  assert.equal(resolveOptions({ assertInScope: scope }, { ...facts, fdLimit: 1024 }).maxInFlight, 448);
  assert.equal(resolveOptions({ assertInScope: scope, maxInFlight: 5000 }, { ...facts, fdLimit: 256 }).maxInFlight, 64);
  const tiny = resolveOptions({ assertInScope: scope, maxInFlight: 1, workers: 4 }, facts);
  assert.equal(tiny.workers, 1);
});

test('transport: auto prefers raw, falls back to net; explicit raw without the binding is refused', () => {
  assert.equal(resolveOptions({ assertInScope: scope, transport: 'auto' }, facts).transport, 'raw');
  assert.equal(resolveOptions({ assertInScope: scope }, { ...facts, rawAvailable: false }).transport, 'net');
  assert.equal(resolveOptions({ assertInScope: scope, transport: 'net' }, facts).transport, 'net');
  assert.throws(() => resolveOptions({ assertInScope: scope, transport: 'raw' }, { ...facts, rawAvailable: false }), { code: 'RUNTIME_UNSUPPORTED' });
});

test('invalid options name themselves', () => {
  const bad: [Partial<ProbeEngineOptions>, RegExp][] = [
    [{ workers: 0 }, /workers=0/],
    [{ workers: 1.5 }, /workers=1.5/],
    [{ rate: -1 }, /rate=-1/],
    [{ rate: Number.NaN }, /rate=NaN/],
    [{ retries: 99 }, /retries=99/],
    [{ minTimeoutMs: 500, maxTimeoutMs: 200 }, /minTimeoutMs=500 exceeds maxTimeoutMs=200/],
    [{ transport: 'udp' as never }, /transport=udp/],
  ];
  for (const [o, message] of bad) assert.throws(() => resolveOptions({ assertInScope: scope, ...o }, facts), { code: 'INVALID_ARGUMENT', message });
  assert.throws(() => resolveOptions({} as ProbeEngineOptions, facts), { code: 'INVALID_ARGUMENT', message: /assertInScope/ });
});
