import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CLOSED, OPEN, RESOURCE, TIMEOUT, UNREACHABLE } from './outcome.ts';
import { PortScanState, VERIFY_ATTEMPT, type ScanStateOptions } from './port-scan-state.ts';

const base: ScanStateOptions = { retries: 1, initialTimeoutMs: 1000, minTimeoutMs: 100, maxTimeoutMs: 3000 };

/** Answers every batch with `answer(port, attempt)` until done; returns the batches' (ports, attempts, timeout). */
function run(state: PortScanState, answer: (port: number, attempt: number) => [number, number], batch = 2): { ports: number[]; attempts: number[]; timeoutMs: number }[] {
  const seen: { ports: number[]; attempts: number[]; timeoutMs: number }[] = [];
  for (let guard = 0; guard < 1000 && !state.done; guard++) {
    const b = state.nextBatch(batch);
    assert.ok(b !== undefined, 'a state that is not done has ports to hand out (all answers are synchronous here)');
    const outcomes = new Uint8Array(b.ports.length);
    const rtt = new Uint32Array(b.ports.length);
    b.ports.forEach((p, i) => {
      [outcomes[i], rtt[i]] = answer(p, b.attempts[i] as number);
    });
    seen.push({ ports: [...b.ports], attempts: [...b.attempts], timeoutMs: b.timeoutMs });
    state.apply(b, outcomes, rtt);
  }
  assert.ok(state.done);
  return seen;
}

test('outcomes table: open/closed answered once, silent ports retried then filtered', async (t) => {
  const cases: { name: string; retries: number; answer: (p: number, a: number) => [number, number]; open: number[]; closed: number; filtered: number; probes: number }[] = [
    { name: 'all closed', retries: 1, answer: () => [CLOSED, 100], open: [], closed: 4, filtered: 0, probes: 4 },
    { name: 'open and closed', retries: 1, answer: (p) => [p % 2 === 0 ? OPEN : CLOSED, 100], open: [22, 80], closed: 2, filtered: 0, probes: 4 },
    { name: 'silent, retries 1 → 2 probes each', retries: 1, answer: () => [TIMEOUT, 0], open: [], closed: 0, filtered: 4, probes: 8 },
    { name: 'silent, retries 0', retries: 0, answer: () => [TIMEOUT, 0], open: [], closed: 0, filtered: 4, probes: 4 },
    { name: 'silent, retries 3', retries: 3, answer: () => [UNREACHABLE, 0], open: [], closed: 0, filtered: 4, probes: 16 },
    { name: 'answers on the retry', retries: 2, answer: (p, a) => (a === 0 ? [TIMEOUT, 0] : [p === 22 ? OPEN : CLOSED, 100]), open: [22], closed: 3, filtered: 0, probes: 8 },
  ];
  for (const c of cases) {
    await t.test(c.name, () => {
      const s = new PortScanState(Int32Array.from([80, 22, 443, 8443]), { ...base, retries: c.retries });
      run(s, c.answer);
      const sum = s.summary();
      assert.deepEqual([sum.open, sum.closed, sum.filtered, sum.probes], [c.open, c.closed, c.filtered, c.probes]);
    });
  }
});

test('retries use the timeout learnt from answers in the meantime', () => {
  const s = new PortScanState(Int32Array.from([1, 2, 3, 4]), base);
  const batches = run(s, (p, a) => (p === 4 && a === 0 ? [TIMEOUT, 0] : [CLOSED, 2_000]));
  assert.equal(batches[0]?.timeoutMs, 1000, 'initial timeout before any RTT sample');
  const retry = batches.find((b) => b.attempts.includes(1));
  assert.deepEqual(retry?.ports, [4]);
  assert.equal(retry?.timeoutMs, 100, 'a 2 ms RTT clamps to the 100 ms floor');
  assert.equal(s.summary().filtered, 0);
  assert.equal(s.summary().rttMicros, 2_000);
});

test('timeouts are not RTT samples (Karn); RTT comes only from open/closed answers', () => {
  const s = new PortScanState(Int32Array.from([1, 2]), { ...base, retries: 0 });
  run(s, (p) => (p === 1 ? [TIMEOUT, 999_999] : [CLOSED, 300]));
  assert.equal(s.summary().rttMicros, 300);
});

test('opens that may be our own socket are confirmed by a second probe', () => {
  const s = new PortScanState(Int32Array.from([80, 40000, 40001]), { ...base, verifyOpen: (p) => p >= 32768 });
  // 40000 is really open; 40001 looked open once (self-connect) and is closed on the second look.
  const batches = run(s, (p, a) => (p === 80 || p === 40000 || a === 0 ? [OPEN, 50] : [CLOSED, 50]));
  const verify = batches.flatMap((b) => b.ports.filter((_, i) => b.attempts[i] === VERIFY_ATTEMPT));
  assert.deepEqual(verify.sort(), [40000, 40001]);
  assert.deepEqual(s.summary().open, [80, 40000]);
  assert.equal(s.summary().closed, 1);
  assert.equal(s.firstOpen, 80);
});

test('opened ports are reported once, when known', () => {
  const s = new PortScanState(Int32Array.from([5, 6]), base);
  const b = s.nextBatch(10);
  assert.ok(b);
  const applied = s.apply(b, Uint8Array.from([OPEN, CLOSED]), Uint32Array.from([10, 10]));
  assert.deepEqual(applied.opened, [5]);
  assert.equal(s.firstReset, 6);
  assert.ok(s.done);
});

test('resource failures are counted apart, never as closed or filtered', () => {
  const s = new PortScanState(Int32Array.from([5, 6]), base);
  const b = s.nextBatch(10);
  assert.ok(b);
  const applied = s.apply(b, Uint8Array.from([RESOURCE, CLOSED]), Uint32Array.from([0, 10]));
  assert.equal(applied.resourceFailures, 1);
  const sum = s.summary();
  assert.deepEqual([sum.closed, sum.filtered, sum.probes, sum.resourceFailures], [1, 0, 1, 1]);
});

test('batches never exceed the asked size and hand out each port once', () => {
  const ports = Int32Array.from({ length: 1000 }, (_, i) => i + 1);
  const s = new PortScanState(ports, base);
  const handed: number[] = [];
  for (let b = s.nextBatch(300); b !== undefined; b = s.nextBatch(300)) {
    assert.ok(b.ports.length <= 300);
    handed.push(...b.ports);
  }
  assert.equal(handed.length, 1000);
  assert.equal(new Set(handed).size, 1000);
  assert.equal(s.done, false, 'not done while answers are outstanding');
});

test('an unknown outcome byte is an internal error, not a silent miscount', () => {
  const s = new PortScanState(Int32Array.from([5]), base);
  const b = s.nextBatch(1);
  assert.ok(b);
  assert.throws(() => s.apply(b, Uint8Array.from([0]), Uint32Array.from([0])), { code: 'INTERNAL' });
});
