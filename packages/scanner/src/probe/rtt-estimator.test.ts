import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RttEstimator } from './rtt-estimator.ts';

const bounds = { initialTimeoutMs: 1000, minTimeoutMs: 100, maxTimeoutMs: 3000 };

test('RFC 6298 smoothing and the clamped timeout', async (t) => {
  const cases: { name: string; samples: number[]; srtt: number | undefined; timeoutMs: number }[] = [
    { name: 'no sample: initial timeout', samples: [], srtt: undefined, timeoutMs: 1000 },
    // First sample R: SRTT = R, RTTVAR = R/2 → RTO = 3R = 600 ms.
    { name: 'first sample 200 ms', samples: [200_000], srtt: 200_000, timeoutMs: 600 },
    // Second: RTTVAR = 3/4·100 + 1/4·|200-400| = 125 ms; SRTT = 7/8·200 + 1/8·400 = 225 ms → 725 ms.
    { name: 'second sample 400 ms', samples: [200_000, 400_000], srtt: 225_000, timeoutMs: 725 },
    { name: 'loopback microseconds: clamped to min', samples: [50, 60, 40], srtt: 50, timeoutMs: 100 },
    { name: 'slow host: clamped to max', samples: [2_000_000], srtt: 2_000_000, timeoutMs: 3000 },
    { name: 'invalid samples ignored', samples: [Number.NaN, -5, Infinity], srtt: undefined, timeoutMs: 1000 },
  ];
  for (const c of cases) {
    await t.test(c.name, () => {
      const e = new RttEstimator(bounds);
      for (const s of c.samples) e.sample(s);
      assert.equal(e.srttMicros, c.srtt);
      assert.equal(e.timeoutMs(), c.timeoutMs);
    });
  }
});

test('the initial timeout is clamped to the bounds too', () => {
  assert.equal(new RttEstimator({ initialTimeoutMs: 10_000, minTimeoutMs: 100, maxTimeoutMs: 3000 }).timeoutMs(), 3000);
  assert.equal(new RttEstimator({ initialTimeoutMs: 5, minTimeoutMs: 100, maxTimeoutMs: 3000 }).timeoutMs(), 100);
});

test('a host that slows down gets a longer timeout', () => {
  const e = new RttEstimator(bounds);
  for (let i = 0; i < 20; i++) e.sample(1_000);
  const fast = e.timeoutMs();
  for (let i = 0; i < 20; i++) e.sample(300_000);
  assert.equal(fast, 100);
  assert.ok(e.timeoutMs() > 300, `timeout ${e.timeoutMs()} should exceed the new RTT`);
});
