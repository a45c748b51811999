import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { firstCover } from './first-cover.ts';
import { NUM_STEP, mergeIntervals, subtractIntervals, findInterval } from './intervals.ts';

const RUNS = { seed: 42, numRuns: 500 };
const interval = fc.tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 30 })).map(([s, n]) => ({ start: s, end: s + n }));

void test('property: firstCover gives each value to the first interval covering it', () => {
  fc.assert(fc.property(fc.array(interval, { maxLength: 10 }), (ivs) => {
    const owned = firstCover(ivs.map((iv, owner) => ({ ...iv, owner })), NUM_STEP.succ, NUM_STEP.pred);
    for (let v = 0; v <= 231; v++) {
      const want = ivs.findIndex((iv) => iv.start <= v && v <= iv.end);
      const got = [...owned].filter(([, segs]) => segs.some((s) => s.start <= v && v <= s.end)).map(([o]) => o);
      assert.deepEqual(got, want < 0 ? [] : [want], `value ${v}`);
    }
    for (const segs of owned.values()) {
      for (let i = 1; i < segs.length; i++) assert.ok((segs[i]?.start ?? 0) > (segs[i - 1]?.end ?? 0) + 1, 'ascending, disjoint, merged');
    }
  }), RUNS);
});

void test('property: merge, find and subtract agree with naive sets', () => {
  fc.assert(fc.property(fc.array(interval, { maxLength: 10 }), interval, (ivs, cut) => {
    const merged = mergeIntervals(ivs, NUM_STEP.succ);
    const rest = subtractIntervals(cut.start, cut.end, merged, NUM_STEP.succ, NUM_STEP.pred);
    for (let v = 0; v <= 231; v++) {
      const inAny = ivs.some((iv) => iv.start <= v && v <= iv.end);
      assert.equal(findInterval(merged, v) !== undefined, inAny);
      const inRest = rest.some((iv) => iv.start <= v && v <= iv.end);
      assert.equal(inRest, cut.start <= v && v <= cut.end && !inAny);
    }
  }), RUNS);
});
