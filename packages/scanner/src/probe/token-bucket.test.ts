import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TokenBucket, bucketCapacity } from './token-bucket.ts';

test('bucket capacity is 20 ms of tokens, at least one', () => {
  assert.equal(bucketCapacity(250), 5);
  assert.equal(bucketCapacity(10), 1);
  assert.equal(bucketCapacity(0.5), 1);
  assert.equal(bucketCapacity(100_000), 2000);
});

test('a greedy taker never exceeds rate·T + capacity in any window (simulated clock)', () => {
  const rate = 250;
  const cap = bucketCapacity(rate);
  const b = new TokenBucket(rate, cap, 0);
  const takes: number[] = [];
  // Greedy: try every 0.1 ms for 10 simulated seconds.
  for (let now = 0; now <= 10_000; now += 0.1) if (b.take(now)) takes.push(now);
  assert.ok(takes.length >= rate * 10 && takes.length <= rate * 10 + cap, `took ${takes.length}`);
  for (const windowMs of [1, 20, 100, 1000]) {
    let lo = 0;
    for (let hi = 0; hi < takes.length; hi++) {
      while ((takes[hi] as number) - (takes[lo] as number) >= windowMs) lo++;
      assert.ok(hi - lo + 1 <= (rate * windowMs) / 1000 + cap + 1e-9, `${hi - lo + 1} takes within ${windowMs} ms`);
    }
  }
});

test('waitMs says when the next token comes; a clock going backwards mints nothing', () => {
  const b = new TokenBucket(100, 1, 0);
  assert.equal(b.take(0), true);
  assert.equal(b.take(0), false);
  assert.equal(Math.round(b.waitMs(0)), 10);
  assert.equal(b.take(-1000), false);
  assert.equal(b.take(10), true);
});
