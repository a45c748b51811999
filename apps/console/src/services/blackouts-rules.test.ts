import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMaintenanceRule } from '@farsight/engine-protocol';
import { blackoutWindowAt, nextBlackoutWindow, siteBlackout, type Blackout } from './blackouts-rules.ts';

const at = (s: string): Date => new Date(s);
const weekdays: Blackout = { id: 1, siteId: 7, name: 'office hours', rule: parseMaintenanceRule('b1', 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;START=08:00;DURATION=PT10H;TZID=Europe/Berlin') };
const freeze: Blackout = { id: 2, siteId: null, name: 'freeze', from: at('2026-12-20T00:00:00Z'), until: at('2027-01-04T00:00:00Z') };

test('a repeating blackout is in force inside its local hours only (Berlin, CET)', () => {
  assert.deepEqual(blackoutWindowAt(weekdays, at('2026-11-23T07:30:00Z')), { start: at('2026-11-23T07:00:00Z'), end: at('2026-11-23T17:00:00Z') });
  assert.equal(blackoutWindowAt(weekdays, at('2026-11-23T17:00:00Z')), undefined, 'the end is exclusive');
  assert.equal(blackoutWindowAt(weekdays, at('2026-11-22T10:00:00Z')), undefined, 'Sunday');
  assert.deepEqual(nextBlackoutWindow(weekdays, at('2026-11-21T12:00:00Z')), { start: at('2026-11-23T07:00:00Z'), end: at('2026-11-23T17:00:00Z') });
});

test('a one-off blackout covers [from, until)', () => {
  assert.equal(blackoutWindowAt(freeze, at('2026-12-19T23:59:59Z')), undefined);
  assert.deepEqual(blackoutWindowAt(freeze, at('2026-12-20T00:00:00Z')), { start: freeze.from, end: freeze.until });
  assert.equal(blackoutWindowAt(freeze, at('2027-01-04T00:00:00Z')), undefined);
  assert.deepEqual(nextBlackoutWindow(freeze, at('2026-11-21T00:00:00Z')), { start: freeze.from, end: freeze.until });
  assert.equal(nextBlackoutWindow(freeze, at('2026-12-25T00:00:00Z')), undefined, 'no next period once it started');
});

test('siteBlackout: global ones cover every site, a site\'s only itself; the one ending last is named', () => {
  const monday = at('2026-12-21T08:00:00Z');
  assert.equal(siteBlackout([weekdays, freeze], 7, monday)?.reason, "global blackout 'freeze' until 2027-01-04T00:00:00.000Z");
  assert.equal(siteBlackout([weekdays], 8, monday), undefined, 'another site');
  assert.equal(siteBlackout([weekdays], 7, monday)?.reason, "blackout of site 7 'office hours' until 2026-12-21T17:00:00.000Z");
  assert.equal(siteBlackout([], 7, monday), undefined);
});
