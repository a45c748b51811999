import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMaintenanceRule } from '@farsight/engine-protocol';
import { scheduleConflicts, scheduleRuns } from './scans-schedule-check.ts';

const RULE = parseMaintenanceRule('patch', 'FREQ=MONTHLY;BYDAY=1WE;START=10:00;DURATION=PT4H;TZID=America/New_York');
const ENGINES = [{ id: 3, name: 'hosted', rules: [RULE] }, { id: 4, name: 'plain', rules: [] }];

test('scheduleRuns repeats daily, weekly, monthly (bounded)', () => {
  assert.deepEqual(scheduleRuns({ start: new Date('2026-01-31T12:00:00Z'), durationMinutes: 60, repeat: 'weekly', occurrences: 3 }).map((r) => r.start.toISOString().slice(0, 10)), ['2026-01-31', '2026-02-07', '2026-02-14']);
  assert.equal(scheduleRuns({ start: new Date('2026-01-01T00:00:00Z'), durationMinutes: 1, repeat: 'daily', occurrences: 10_000 }).length, 366);
  assert.equal(scheduleRuns({ start: new Date('2026-01-01T00:00:00Z'), durationMinutes: 1, repeat: 'none', occurrences: 5 }).length, 1);
});

test('scheduleConflicts: table of runs against first Wednesday 10:00-14:00 New York', () => {
  const table: Array<[string, number, 'none' | 'weekly', number, number]> = [
    ['2026-12-02T15:30:00Z', 60, 'none', 1, 1], // inside the window
    ['2026-12-02T13:00:00Z', 180, 'none', 1, 1], // runs into it
    ['2026-12-02T19:00:00Z', 60, 'none', 1, 0], // starts as it ends
    ['2026-12-02T12:00:00Z', 180, 'none', 1, 0], // ends as it starts
    ['2026-11-25T15:00:00Z', 60, 'weekly', 4, 1], // the second of four weekly runs hits it
  ];
  for (const [start, dur, repeat, n, want] of table) {
    const w = scheduleConflicts(ENGINES, { start: new Date(start), durationMinutes: dur, repeat, occurrences: n });
    assert.equal(w.length, want, start);
    if (want > 0) assert.match(w[0]?.message ?? '', /overlaps maintenance window 'patch' of engine 'hosted' \(2026-12-02T15:00:00.000Z–2026-12-02T19:00:00.000Z\)/);
  }
});
