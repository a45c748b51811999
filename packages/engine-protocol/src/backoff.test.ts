import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Backoff, DEFAULT_BACKOFF, backoffDelay } from './backoff.ts';

const none = (): number => 0;
const most = (): number => 0.999_999;

test('backoffDelay: doubles from base to the cap (no jitter drawn)', () => {
  const table: Array<[number, number]> = [[0, 5000], [1, 5000], [2, 10_000], [3, 20_000], [4, 40_000], [5, 80_000], [6, 160_000], [7, 300_000], [8, 300_000], [1000, 300_000]];
  for (const [failures, want] of table) assert.equal(backoffDelay(failures, DEFAULT_BACKOFF, none), want, `after ${failures} failures`);
});

test('backoffDelay: jitter takes at most its fraction off and never exceeds the cap', () => {
  assert.equal(backoffDelay(3, DEFAULT_BACKOFF, most), 16_000);
  assert.equal(backoffDelay(3, { baseMs: 100, capMs: 1000, factor: 3, jitter: 0.5 }, most), 450);
  fc.assert(fc.property(fc.integer({ min: 0, max: 2000 }), fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
    fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 1_000_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, r, base, cap, jitter) => {
      const p = { baseMs: base, capMs: cap, jitter };
      const d = backoffDelay(n, p, () => r);
      const ceiling = Math.min(Math.max(base, cap), base * 2 ** Math.max(0, n - 1));
      return d >= 1 && d <= Math.max(base, cap) && d <= ceiling && d >= Math.floor(ceiling * (1 - jitter)) - 1;
    }));
});

test('Backoff: consecutive failures grow the delay; a session resets it', () => {
  const b = new Backoff({ baseMs: 300, capMs: 2000 }, none);
  assert.deepEqual([b.fail(), b.fail(), b.fail(), b.fail(), b.fail()], [300, 600, 1200, 2000, 2000]);
  assert.equal(b.failures, 5);
  b.succeed();
  assert.equal(b.failures, 0);
  assert.equal(b.afterSession(), 300);
  assert.equal(b.fail(), 300);
});
