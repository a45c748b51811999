import { test } from 'node:test';
import assert from 'node:assert/strict';
import { constants } from 'node:os';
import { ConnectLoop, type LoopResult } from './connect-loop.ts';
import { SELF_CONNECT, type ConnectDone, type Connector } from './connector.ts';
import { CLOSED, OPEN, RESOURCE, TIMEOUT, UNREACHABLE } from './outcome.ts';
import { bucketCapacity } from './token-bucket.ts';

const E = constants.errno;

/**
 * How the fake network answers a port: a status on the next turn of the event loop, silence,
 * a synchronous error from start() (`sync`), or a completion inside start() (`inline`).
 */
type Behaviour = { status: number; sync?: boolean; inline?: boolean } | 'silent';

/** A scripted connector: `script(port, attempt)` decides each connect; it records what happened. */
class FakeConnector implements Connector {
  readonly kind = 'fake' as const;
  readonly attempts = new Map<number, number>();
  readonly starts: number[] = [];
  aborts = 0;
  lateCallbacks = 0;
  inFlight = 0;
  maxInFlight = 0;
  readonly #pending = new Map<number, number>();
  readonly #done: ConnectDone;
  readonly #script: (port: number, attempt: number) => Behaviour;
  readonly #clock: () => number;

  constructor(done: ConnectDone, script: (port: number, attempt: number) => Behaviour, clock: () => number) {
    this.#done = done;
    this.#script = script;
    this.#clock = clock;
  }

  start(slot: number, _v6: boolean, _address: string, port: number): number {
    const attempt = this.attempts.get(port) ?? 0;
    this.attempts.set(port, attempt + 1);
    const b = this.#script(port, attempt);
    if (b !== 'silent' && b.sync === true) return b.status;
    this.starts.push(this.#clock());
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    if (b === 'silent') return 0;
    if (b.inline === true) {
      this.inFlight--;
      this.#done(slot, b.status);
      return 0;
    }
    const token = Math.random();
    this.#pending.set(slot, token);
    setImmediate(() => {
      if (this.#pending.get(slot) !== token) {
        this.lateCallbacks++;
        return;
      }
      this.#pending.delete(slot);
      this.inFlight--;
      this.#done(slot, b.status);
    });
    return 0;
  }

  /** Completes a silent connect now (tests that script the timing themselves). */
  answer(slot: number, status: number): void {
    this.inFlight--;
    this.#done(slot, status);
  }

  abort(slot: number): void {
    this.aborts++;
    this.inFlight--;
    this.#pending.delete(slot);
  }
}

function runLoop(ports: number[], script: (port: number, attempt: number) => Behaviour, opts: { inFlight?: number; timeoutMs?: number; maxDeferrals?: number } = {}): Promise<{ result: LoopResult; fake: FakeConnector }> {
  let fake: FakeConnector | undefined;
  return new Promise((resolve) => {
    const loop = new ConnectLoop(
      (done) => (fake = new FakeConnector(done, script, () => performance.now())),
      { inFlight: opts.inFlight ?? 8, rate: 0, tickMs: 5, maxDeferrals: opts.maxDeferrals ?? 40 },
      (result) => resolve({ result, fake: fake as FakeConnector }),
    );
    loop.push({ id: 7, v6: false, address: '127.0.5.99', ports: Int32Array.from(ports), timeoutMs: opts.timeoutMs ?? 30 });
  });
}

test('every status becomes the right outcome byte, in batch order', async () => {
  const table: [number, Behaviour, number][] = [
    [1, { status: 0 }, OPEN],
    [2, { status: -E.ECONNREFUSED }, CLOSED],
    [3, { status: SELF_CONNECT }, CLOSED],
    [4, 'silent', TIMEOUT],
    [5, { status: -E.ETIMEDOUT }, TIMEOUT],
    [6, { status: -E.EHOSTUNREACH }, UNREACHABLE],
    [7, { status: -E.ENETUNREACH, sync: true }, UNREACHABLE],
  ];
  const { result, fake } = await runLoop(table.map((r) => r[0]), (p) => (table[p - 1] as [number, Behaviour, number])[1]);
  assert.equal(result.id, 7);
  assert.deepEqual([...result.ports], [1, 2, 3, 4, 5, 6, 7]);
  assert.deepEqual([...result.outcomes], table.map((r) => r[2]));
  assert.ok((result.rttMicros[0] as number) > 0 && (result.rttMicros[1] as number) > 0, 'open and refused carry an RTT');
  assert.equal(result.rttMicros[3], 0, 'a timeout carries no RTT');
  assert.equal(fake.aborts, 1, 'the silent connect was abandoned');
});

test('EADDRNOTAVAIL / EMFILE are retried without counting against the port', async () => {
  const { result, fake } = await runLoop([10, 11, 12], (p, attempt) => {
    if (p === 10 && attempt < 3) return { status: -E.EADDRNOTAVAIL };
    if (p === 11 && attempt < 2) return { status: -E.EMFILE, sync: true };
    return { status: p === 12 ? 0 : -E.ECONNREFUSED };
  });
  assert.deepEqual([...result.outcomes], [CLOSED, CLOSED, OPEN]);
  assert.equal(fake.attempts.get(10), 4);
  assert.equal(fake.attempts.get(11), 3);
});

test('a port that never gets a socket ends as RESOURCE, not as closed or filtered', async () => {
  const { result } = await runLoop([20, 21], (p) => (p === 20 ? { status: -E.EMFILE, sync: true } : { status: -E.ECONNREFUSED }), { maxDeferrals: 3 });
  assert.deepEqual([...result.outcomes], [RESOURCE, CLOSED]);
});

test('concurrency never exceeds inFlight, and no callback arrives after an abort is counted', async () => {
  const ports = Array.from({ length: 300 }, (_, i) => i + 1);
  const { result, fake } = await runLoop(ports, (p) => (p % 10 === 0 ? 'silent' : { status: -E.ECONNREFUSED }), { inFlight: 16, timeoutMs: 10 });
  assert.ok(fake.maxInFlight <= 16, `max in flight ${fake.maxInFlight}`);
  assert.equal(result.outcomes.filter((o) => o === TIMEOUT).length, 30);
  assert.equal(result.outcomes.filter((o) => o === CLOSED).length, 270);
  assert.equal(fake.lateCallbacks, 0);
});

test('rate limit: starts per 100 ms window never exceed rate/10 + bucket capacity (simulated time)', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
  const rate = 250;
  let fake: FakeConnector | undefined;
  let finished = false;
  const loop = new ConnectLoop(
    (done) => (fake = new FakeConnector(done, () => ({ status: -E.ECONNREFUSED, inline: true }), () => Date.now())),
    { inFlight: 50, rate, tickMs: 5, now: () => Date.now() },
    () => (finished = true),
  );
  const start = Date.now();
  loop.push({ id: 1, v6: false, address: '127.0.5.99', ports: Int32Array.from({ length: 1000 }, (_, i) => i + 1), timeoutMs: 100 });
  for (let ms = 0; ms < 10_000 && !finished; ms++) t.mock.timers.tick(1);
  assert.ok(finished && fake !== undefined);
  const starts = fake.starts.map((s) => s - start);
  const cap = bucketCapacity(rate);
  assert.ok(starts.at(-1)! >= ((1000 - cap) / rate) * 1000 - 1, `1000 connects at ${rate}/s took ${starts.at(-1)} ms`);
  let lo = 0;
  for (let hi = 0; hi < starts.length; hi++) {
    while ((starts[hi] as number) - (starts[lo] as number) >= 100) lo++;
    assert.ok(hi - lo + 1 <= rate / 10 + cap, `${hi - lo + 1} connects within 100 ms at t=${starts[hi]}`);
  }
});

test('stop() abandons in-flight connects and reports nothing more', async () => {
  let fake: FakeConnector | undefined;
  let results = 0;
  const loop = new ConnectLoop((done) => (fake = new FakeConnector(done, () => 'silent', () => performance.now())), { inFlight: 4, rate: 0, tickMs: 5 }, () => results++);
  loop.push({ id: 1, v6: false, address: '127.0.5.99', ports: Int32Array.from([1, 2, 3, 4, 5, 6]), timeoutMs: 10_000 });
  assert.equal(loop.inFlight, 4);
  loop.stop();
  assert.equal(loop.inFlight, 0);
  assert.equal(fake?.aborts, 4);
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(results, 0);
});

test('a stalled thread does not turn waiting answers into timeouts', async () => {
  // The clock jumps 1 s right after the connects start, as if the thread had been descheduled;
  // the answers then arrive a few (real) milliseconds later, well after the 30 ms deadline.
  let offset = 0;
  const clock = (): number => performance.now() + offset;
  let fake: FakeConnector | undefined;
  const result = await new Promise<LoopResult>((resolve) => {
    const loop = new ConnectLoop(
      (done) => (fake = new FakeConnector(done, () => 'silent', clock)),
      { inFlight: 4, rate: 0, tickMs: 5, now: clock },
      resolve,
    );
    loop.push({ id: 1, v6: false, address: '127.0.5.99', ports: Int32Array.from([1, 2]), timeoutMs: 30 });
    offset = 1000;
    setTimeout(() => {
      // Answer both probes (slots 0 and 1) after the stall has been noticed.
      fake?.answer(0, -E.ECONNREFUSED);
      fake?.answer(1, 0);
    }, 20);
  });
  assert.deepEqual([...result.outcomes], [CLOSED, OPEN]);
});
