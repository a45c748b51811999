import { test } from 'node:test';
import assert from 'node:assert/strict';
import { discoveryVerdict, type DiscoverySeen } from './discovery-verdict.ts';

test('discovery verdicts', () => {
  const none = { firstOpen: undefined, firstReset: undefined, firstUnreachable: undefined };
  const cases: [string, DiscoverySeen, boolean, ReturnType<typeof discoveryVerdict>][] = [
    ['open decides at once', { ...none, firstOpen: 22, done: false }, true, { up: true, reason: 'tcp-connect 22 open' }],
    ['open beats reset', { ...none, firstOpen: 443, firstReset: 80, done: true }, false, { up: true, reason: 'tcp-connect 443 open' }],
    ['reset is alive by default', { ...none, firstReset: 80, done: false }, true, { up: true, reason: 'tcp-connect 80 reset' }],
    ['reset not alive: wait for the rest', { ...none, firstReset: 80, done: false }, false, undefined],
    ['reset not alive: down when done', { ...none, firstReset: 80, done: true }, false, { up: false, reason: 'tcp-connect 80 reset (RST not treated as alive)' }],
    ['unreachable', { ...none, firstUnreachable: 22, done: true }, true, { up: false, reason: 'tcp-connect 22 unreachable' }],
    ['silence', { ...none, done: true }, true, { up: false, reason: 'tcp-connect no response' }],
    ['undecided', { ...none, done: false }, true, undefined],
  ];
  for (const [name, seen, rst, want] of cases) assert.deepEqual(discoveryVerdict(seen, rst), want, name);
});
