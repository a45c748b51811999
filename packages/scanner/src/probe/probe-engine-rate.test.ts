// The connection rate limit, observed from the listeners' side.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProbeEngine } from './index.ts';
import { acceptCounter } from './loopback-fixture.ts';
import { bucketCapacity } from './token-bucket.ts';

const RATE = 500;
const WORKERS = 2;
const PORTS = 1500;

// Both backends: worker threads (js) and the C helper (native), which has its own token buckets.
for (const [backend, ADDRESS] of [['js', '127.0.5.40'], ['native', '127.0.5.41']] as const) {
  test(`${backend}: rate ${RATE}/s: ${PORTS} connects take ≥ 2.5 s and no 100 ms window exceeds rate/10 + bucket size`, async (t) => {
    // Every probed port has a listener, so every connect is seen (a RST from a closed port is not).
    // Ports below the ephemeral range: their opens need no confirmation probe, one connect each.
    const counter = await acceptCounter(ADDRESS, PORTS, 20_000);
    let stopped = false;
    t.after(async () => {
      if (!stopped) await counter.stop();
    });
    // Patient timeouts: a retry after a false timeout on a loaded machine would be one more connect.
    const engine = new ProbeEngine({ backend, assertInScope: (a) => assert.equal(a, ADDRESS), rate: RATE, workers: WORKERS, initialTimeoutMs: 3000, minTimeoutMs: 2000 });
    t.after(() => engine.close());

    counter.start();
    const t0 = performance.now();
    const r = await engine.scanPorts(ADDRESS, counter.ports);
    const elapsed = performance.now() - t0;
    await new Promise((resolve) => setTimeout(resolve, 50)); // the last accepts
    const log = await counter.stop();
    stopped = true;
    const accepts = log.times.sort((a, b) => a - b);

    assert.equal(r.open.length, PORTS);
    assert.equal(r.probes, PORTS);
    // Confirmations of ephemeral-range opens are connections too, and go through the buckets.
    assert.equal(accepts.length, r.probes);
    // The buckets start full: the first Σ capacity connects are free, the rest wait 1/RATE s each.
    const burst = WORKERS * bucketCapacity(RATE / WORKERS);
    assert.ok(elapsed >= 2500, `${r.probes} connects at ${RATE}/s took only ${elapsed.toFixed(0)} ms`);
    // Fixed 100 ms windows from the first accept. The bucket guarantees ≤ RATE·0.1 s + burst per
    // window. If the observer's own thread stalled for L ms, connects of the previous L ms can be
    // stamped late into a window (a window then holds those of 100 + L ms): that is allowed for,
    // measured rather than guessed. On a quiet machine L is about a millisecond.
    const slack = Math.ceil((RATE * log.maxLateMs) / 1000);
    const budget = RATE / 10 + burst + slack;
    const counts = new Map<number, number>();
    for (const a of accepts) {
      const w = Math.floor((a - (accepts[0] as number)) / 100);
      counts.set(w, (counts.get(w) ?? 0) + 1);
    }
    const worst = Math.max(...counts.values());
    t.diagnostic(`worst 100 ms window: ${worst} connects (budget ${budget}, of which observer stall ${log.maxLateMs.toFixed(1)} ms: ${slack}); ${counts.size} windows`);
    assert.ok(worst <= budget, `${worst} connects within one 100 ms window, budget ${budget}`);
  });
}
