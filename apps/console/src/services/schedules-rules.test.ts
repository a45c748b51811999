import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration, parseDuration, runsAfter, validateRepeat, type Repeat, type ScheduleTiming } from './schedules-rules.ts';

const iso = (ds: Date[]): string[] => ds.map((d) => d.toISOString());
const at = (s: string): Date => new Date(s);

test('a schedule without repeat runs once, at its start, only if that is still ahead', () => {
  const t: ScheduleTiming = { start: at('2026-12-01T02:00:00Z'), timeZone: 'UTC' };
  assert.deepEqual(iso(runsAfter(t, at('2026-11-21T00:00:00Z'), 10)), ['2026-12-01T02:00:00.000Z']);
  assert.deepEqual(runsAfter(t, at('2026-12-01T02:00:00Z'), 10), [], 'a run is strictly after `after`');
});

test('hourly, daily and weekly repeats step from the start and skip what is past', () => {
  const hourly: ScheduleTiming = { start: at('2026-11-01T00:30:00Z'), timeZone: 'UTC', repeat: { every: 'hour', interval: 6 } };
  assert.deepEqual(iso(runsAfter(hourly, at('2026-11-21T13:00:00Z'), 3)), ['2026-11-21T18:30:00.000Z', '2026-11-22T00:30:00.000Z', '2026-11-22T06:30:00.000Z']);
  const daily: ScheduleTiming = { start: at('2026-11-01T02:00:00Z'), timeZone: 'UTC', repeat: { every: 'day', interval: 2 } };
  assert.deepEqual(iso(runsAfter(daily, at('2026-11-21T13:00:00Z'), 2)), ['2026-11-23T02:00:00.000Z', '2026-11-25T02:00:00.000Z']);
  const weekly: ScheduleTiming = { start: at('2026-11-02T22:00:00Z'), timeZone: 'UTC', repeat: { every: 'week', interval: 1 } };
  assert.deepEqual(iso(runsAfter(weekly, at('2026-11-20T00:00:00Z'), 2)), ['2026-11-23T22:00:00.000Z', '2026-11-30T22:00:00.000Z']);
  assert.deepEqual(iso(runsAfter(weekly, at('2026-10-01T00:00:00Z'), 1)), ['2026-11-02T22:00:00.000Z'], 'nothing runs before the start');
});

test('daily repeats keep the local time of day across DST (America/New_York)', () => {
  // 02:30 New York: EDT (UTC-4) before 1 Nov 2026, EST (UTC-5) after.
  const t: ScheduleTiming = { start: at('2026-10-30T06:30:00Z'), timeZone: 'America/New_York', repeat: { every: 'day', interval: 1 } };
  assert.deepEqual(iso(runsAfter(t, at('2026-10-30T00:00:00Z'), 4)), ['2026-10-30T06:30:00.000Z', '2026-10-31T06:30:00.000Z', '2026-11-01T07:30:00.000Z', '2026-11-02T07:30:00.000Z']);
  // Spring forward: 02:30 does not exist on 8 March 2026 and moves to 03:30 EDT.
  const spring: ScheduleTiming = { start: at('2026-03-07T07:30:00Z'), timeZone: 'America/New_York', repeat: { every: 'day', interval: 1 } };
  assert.deepEqual(iso(runsAfter(spring, at('2026-03-07T00:00:00Z'), 3)), ['2026-03-07T07:30:00.000Z', '2026-03-08T07:30:00.000Z', '2026-03-09T06:30:00.000Z']);
});

test('date-of-month: a given date, clamped in short months, or the last day', () => {
  const on31: ScheduleTiming = { start: at('2026-01-31T10:00:00Z'), timeZone: 'UTC', repeat: { every: 'date-of-month', interval: 1 } };
  assert.deepEqual(iso(runsAfter(on31, at('2026-01-01T00:00:00Z'), 3)), ['2026-01-31T10:00:00.000Z', '2026-02-28T10:00:00.000Z', '2026-03-31T10:00:00.000Z']);
  const the17thEvery2: ScheduleTiming = { start: at('2026-01-05T10:00:00Z'), timeZone: 'UTC', repeat: { every: 'date-of-month', interval: 2, dateOfMonth: 17 } };
  assert.deepEqual(iso(runsAfter(the17thEvery2, at('2026-01-01T00:00:00Z'), 3)), ['2026-01-17T10:00:00.000Z', '2026-03-17T10:00:00.000Z', '2026-05-17T10:00:00.000Z']);
  const last: ScheduleTiming = { start: at('2028-01-10T10:00:00Z'), timeZone: 'UTC', repeat: { every: 'date-of-month', interval: 1, lastDayOfMonth: true } };
  assert.deepEqual(iso(runsAfter(last, at('2028-01-01T00:00:00Z'), 2)), ['2028-01-31T10:00:00.000Z', '2028-02-29T10:00:00.000Z']);
});

test('day-of-month: the first Wednesday 10:00 New York, and a fifth Friday only where one exists', () => {
  const first: ScheduleTiming = { start: at('2026-11-04T15:00:00Z'), timeZone: 'America/New_York', repeat: { every: 'day-of-month', interval: 1, dayOfWeek: 'wednesday', weekOfMonth: 1 } };
  // First Wednesdays: 4 Nov, 2 Dec 2026, 6 Jan, 3 Feb, 3 Mar, 7 Apr 2027 (EDT from 14 Mar 2027 → 14:00Z).
  assert.deepEqual(iso(runsAfter(first, at('2026-11-01T00:00:00Z'), 6)),
    ['2026-11-04T15:00:00.000Z', '2026-12-02T15:00:00.000Z', '2027-01-06T15:00:00.000Z', '2027-02-03T15:00:00.000Z', '2027-03-03T15:00:00.000Z', '2027-04-07T14:00:00.000Z']);
  const fifthFriday: ScheduleTiming = { start: at('2026-01-01T08:00:00Z'), timeZone: 'UTC', repeat: { every: 'day-of-month', interval: 1, dayOfWeek: 'friday', weekOfMonth: 5 } };
  assert.deepEqual(iso(runsAfter(fifthFriday, at('2026-01-01T00:00:00Z'), 3)), ['2026-01-30T08:00:00.000Z', '2026-05-29T08:00:00.000Z', '2026-07-31T08:00:00.000Z']);
});

test('runsAfter is bounded and consistent: each next run follows the previous one', () => {
  const t: ScheduleTiming = { start: at('2020-01-01T00:00:00Z'), timeZone: 'Europe/Berlin', repeat: { every: 'day', interval: 3 } };
  const ten = runsAfter(t, at('2026-11-21T00:00:00Z'), 10);
  assert.equal(ten.length, 10);
  for (let i = 1; i < ten.length; i++) assert.deepEqual(runsAfter(t, ten[i - 1] as Date, 1), [ten[i]]);
  assert.equal(runsAfter(t, at('2026-11-21T00:00:00Z'), 1_000_000).length, 5000, 'at most 5,000 at once');
});

test('repeats that contradict themselves are refused, naming the field', () => {
  const bad = (r: Repeat, re: RegExp): void => assert.throws(() => validateRepeat(r), (e: Error & { code?: string }) => e.code === 'INVALID_ARGUMENT' && re.test(e.message));
  bad({ every: 'day', interval: 0 }, /interval 0/);
  bad({ every: 'day-of-month', interval: 1, dayOfWeek: 'monday' }, /needs dayOfWeek .* and weekOfMonth/);
  bad({ every: 'day-of-month', interval: 1, dayOfWeek: 'monday', weekOfMonth: 6 }, /weekOfMonth 6 never occurs/);
  bad({ every: 'week', interval: 1, weekOfMonth: 2 }, /belong to every "day-of-month"/);
  bad({ every: 'hour', interval: 1, lastDayOfMonth: true }, /belong to every "date-of-month"/);
  validateRepeat({ every: 'date-of-month', interval: 1, lastDayOfMonth: true });
});

test('v3 durations: P[n]DT[n]H[n]M both ways, junk refused', () => {
  assert.equal(parseDuration('PT4H'), 240);
  assert.equal(parseDuration('P5DT10H30M'), 5 * 1440 + 630);
  assert.equal(parseDuration('P1D'), 1440);
  assert.equal(parseDuration('PT90M'), 90);
  assert.equal(formatDuration(90), 'PT1H30M');
  assert.equal(formatDuration(5 * 1440 + 630), 'P5DT10H30M');
  assert.equal(formatDuration(1440), 'P1D');
  for (const s of ['', 'P', 'PT', 'PT0M', '4H', 'P1H', 'PT-1H', 'P1W', 'P400D', 'PT1H30']) {
    assert.throws(() => parseDuration(s), /not a v3 duration|longer than a year/, s);
  }
});
