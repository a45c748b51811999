import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isoDuration, severityBucket } from './scans-model.ts';

test('ISO 8601 durations', () => {
  const t0 = '2025-01-01T00:00:00.000Z';
  const table: Array<[string | null, string | null, string | undefined]> = [
    [null, null, undefined],
    [t0, t0, 'PT0S'],
    [t0, '2025-01-01T00:00:02.500Z', 'PT2.5S'],
    [t0, '2025-01-01T00:01:00.000Z', 'PT1M'],
    [t0, '2025-01-01T02:03:04.000Z', 'PT2H3M4S'],
    [t0, '2024-12-31T00:00:00.000Z', 'PT0S'],
  ];
  for (const [a, b, want] of table) assert.equal(isoDuration(a, b), want, `${a} → ${b}`);
});

test('severity buckets follow v3 (critical, severe, moderate)', () => {
  assert.deepEqual(['critical', 'high', 'medium', 'low', 'info'].map(severityBucket), ['critical', 'severe', 'moderate', 'moderate', undefined]);
});
