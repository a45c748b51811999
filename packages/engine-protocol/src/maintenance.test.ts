import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { activeWindow, formatMaintenanceRule, nextWindow, parseMaintenanceRule, windowsBetween } from './maintenance.ts';

const FIRST_WED = 'FREQ=MONTHLY;BYDAY=1WE;START=10:00;DURATION=PT4H;TZID=America/New_York';
const iso = (s: string): Date => new Date(s);

test('first Wednesday 10:00-14:00 New York: every month of 2026, EST and EDT', () => {
  const rule = parseMaintenanceRule('w', FIRST_WED);
  const starts = windowsBetween([rule], iso('2026-01-01T00:00:00Z'), iso('2027-01-01T00:00:00Z')).map((w) => w.start.toISOString().slice(0, 16));
  assert.deepEqual(starts, [
    '2026-01-07T15:00', '2026-02-04T15:00', '2026-03-04T15:00', '2026-04-01T14:00', '2026-05-06T14:00', '2026-06-03T14:00',
    '2026-07-01T14:00', '2026-08-05T14:00', '2026-09-02T14:00', '2026-10-07T14:00', '2026-11-04T15:00', '2026-12-02T15:00',
  ]);
});

test('activeWindow and nextWindow: edges are [start, end)', () => {
  const rule = parseMaintenanceRule('w', FIRST_WED);
  const table: Array<[string, boolean]> = [
    ['2026-11-04T14:59:59Z', false], ['2026-11-04T15:00:00Z', true], ['2026-11-04T18:59:59Z', true], ['2026-11-04T19:00:00Z', false],
    ['2026-11-11T15:30:00Z', false], ['2026-07-01T14:30:00Z', true], ['2026-07-01T15:30:00Z', true], ['2026-07-01T18:30:00Z', false],
  ];
  for (const [at, inside] of table) assert.equal(activeWindow([rule], iso(at)) !== undefined, inside, at);
  assert.equal(nextWindow([rule], iso('2026-11-04T16:00:00Z'))?.start.toISOString(), '2026-12-02T15:00:00.000Z');
});

test('DST: a skipped local time moves forward, a repeated one takes the first', () => {
  const spring = parseMaintenanceRule('s', 'FREQ=DAILY;START=02:30;DURATION=PT1H;TZID=America/New_York');
  assert.deepEqual(windowsBetween([spring], iso('2026-03-07T00:00:00Z'), iso('2026-03-10T00:00:00Z')).map((w) => w.start.toISOString()),
    ['2026-03-07T07:30:00.000Z', '2026-03-08T07:30:00.000Z', '2026-03-09T06:30:00.000Z']);
  const fall = parseMaintenanceRule('f', 'FREQ=DAILY;START=01:30;DURATION=PT1H;TZID=America/New_York');
  assert.deepEqual(windowsBetween([fall], iso('2026-10-31T12:00:00Z'), iso('2026-11-02T12:00:00Z')).map((w) => w.start.toISOString()),
    ['2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z']);
});

test('weekly, last-Friday and month-day rules; a window spanning midnight is active the next day', () => {
  const weekend = parseMaintenanceRule('we', 'FREQ=WEEKLY;BYDAY=SA,SU;START=22:00;DURATION=PT6H;TZID=UTC');
  assert.ok(activeWindow([weekend], iso('2026-11-22T03:00:00Z')), 'Saturday 22:00 + 6 h covers Sunday 03:00');
  assert.ok(activeWindow([weekend], iso('2026-11-23T03:59:00Z')), 'Sunday 22:00 + 6 h covers Monday 03:59');
  assert.equal(activeWindow([weekend], iso('2026-11-23T04:00:00Z')), undefined);
  const lastFri = parseMaintenanceRule('lf', 'FREQ=MONTHLY;BYDAY=-1FR;START=00:00;DURATION=PT1H;TZID=Europe/Berlin');
  assert.equal(nextWindow([lastFri], iso('2026-11-01T00:00:00Z'))?.start.toISOString(), '2026-11-26T23:00:00.000Z');
  const mday = parseMaintenanceRule('md', 'freq=monthly;bymonthday=15;start=12:00;duration=PT30M;tzid=Asia/Tokyo');
  assert.equal(nextWindow([mday], iso('2026-11-01T00:00:00Z'))?.start.toISOString(), '2026-11-15T03:00:00.000Z');
});

test('bad rules are refused with a message naming the part', () => {
  const table: Array<[string, RegExp]> = [
    ['FREQ=HOURLY;START=10:00;DURATION=PT1H', /freq/],
    ['FREQ=MONTHLY;BYDAY=1WE;START=25:00;DURATION=PT1H', /start/],
    ['FREQ=MONTHLY;BYDAY=1WE;START=10:00;DURATION=4h', /DURATION/],
    ['FREQ=MONTHLY;BYDAY=1WE;START=10:00;DURATION=PT1H;TZID=Mars/Olympus', /time zone/],
    ['FREQ=WEEKLY;BYDAY=1WE;START=10:00;DURATION=PT1H', /ordinal/],
    ['FREQ=WEEKLY;START=10:00;DURATION=PT1H', /needs BYDAY/],
    ['FREQ=MONTHLY;START=10:00;DURATION=PT1H', /needs BYDAY/],
    ['FREQ=DAILY;START=10:00;DURATION=PT1H;COLOR=red', /unknown key/],
    ['FREQ=DAILY;START;DURATION=PT1H', /KEY=VALUE/],
  ];
  for (const [text, re] of table) assert.throws(() => parseMaintenanceRule('x', text), re, text);
});

test('format and parse round-trip; windows are ordered and bounded (property)', () => {
  const rule = fc.record({
    freq: fc.constant('monthly' as const), day: fc.constantFrom('1WE', '-1FR', '2MO', 'SU'),
    hh: fc.integer({ min: 0, max: 23 }), mm: fc.integer({ min: 0, max: 59 }), dur: fc.integer({ min: 1, max: 3000 }),
    tz: fc.constantFrom('UTC', 'America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe', 'Asia/Kolkata'),
  });
  fc.assert(fc.property(rule, fc.integer({ min: 0, max: 3 * 365 }), (r, dayOffset) => {
    const text = `FREQ=MONTHLY;BYDAY=${r.day};START=${String(r.hh).padStart(2, '0')}:${String(r.mm).padStart(2, '0')};DURATION=PT${r.dur}M;TZID=${r.tz}`;
    const parsed = parseMaintenanceRule('p', text);
    assert.deepEqual(parseMaintenanceRule('p', formatMaintenanceRule(parsed)), parsed);
    const from = new Date(Date.UTC(2026, 0, 1) + dayOffset * 86_400_000);
    const to = new Date(from.getTime() + 90 * 86_400_000);
    const ws = windowsBetween([parsed], from, to);
    assert.ok(ws.length >= 2 && ws.length <= (r.day === 'SU' ? 14 : 4), `${ws.length} windows in 90 days`);
    for (const w of ws) assert.equal(w.end.getTime() - w.start.getTime(), r.dur * 60_000);
    for (let i = 1; i < ws.length; i++) assert.ok((ws[i]?.start.getTime() ?? 0) > (ws[i - 1]?.start.getTime() ?? 0));
  }), { seed: 20261121, numRuns: 200 });
});
