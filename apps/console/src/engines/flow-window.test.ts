import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adaptWindow } from './flow-window.ts';

test('adaptWindow: halves on slow commits, recovers on fast ones, stays within [1, base]', () => {
  const table: Array<[number, number, number, number]> = [
    // current, base, ingestMs, expected
    [16, 16, 50, 16], [16, 16, 1000, 8], [8, 16, 5000, 4], [1, 16, 9000, 1],
    [4, 16, 100, 8], [8, 16, 250, 16], [16, 16, 250, 16], [8, 16, 600, 8], [12, 16, 10, 16],
  ];
  for (const [cur, base, ms, want] of table) assert.equal(adaptWindow(cur, base, ms), want, `${cur}/${base} after ${ms} ms`);
});
