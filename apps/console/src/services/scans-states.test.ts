import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { SCAN_STATUSES, TERMINAL, TRANSITIONS, assertTransition, canTransition, type ScanStatus } from './scans-states.ts';

test('every transition has a reason and leads to a known state; terminal states have none', () => {
  for (const from of SCAN_STATUSES) {
    for (const [to, why] of Object.entries(TRANSITIONS[from])) {
      assert.ok((SCAN_STATUSES as readonly string[]).includes(to), `${from} → ${to}`);
      assert.ok(typeof why === 'string' && why.length > 10, `${from} → ${to} has a reason`);
    }
    assert.equal(Object.keys(TRANSITIONS[from]).length === 0, TERMINAL.has(from), `${from} terminal iff no way out`);
  }
});

test('the lifecycle paths exist; backwards jumps do not', () => {
  const allowed: Array<[ScanStatus, ScanStatus]> = [
    ['queued', 'dispatched'], ['dispatched', 'running'], ['running', 'paused'], ['paused', 'dispatched'],
    ['running', 'integrating'], ['integrating', 'finished'], ['running', 'stopped'], ['running', 'error'],
  ];
  for (const [a, b] of allowed) assert.ok(canTransition(a, b), `${a} → ${b}`);
  const refused: Array<[ScanStatus, ScanStatus]> = [
    ['finished', 'running'], ['stopped', 'dispatched'], ['error', 'queued'], ['queued', 'finished'],
    ['integrating', 'running'], ['paused', 'running'], ['queued', 'integrating'],
  ];
  for (const [a, b] of refused) {
    assert.equal(canTransition(a, b), false, `${a} → ${b}`);
    assert.throws(() => assertTransition(7, a, b), (e: Error & { code?: string }) => e.code === 'SCAN_STATE_CONFLICT' && e.message.includes(a) && e.message.includes(b));
  }
});

test('docs/scans.md lists exactly the transitions of the table, with the same causes', () => {
  const text = readFileSync(new URL('../../../../docs/scans.md', import.meta.url), 'utf8');
  const rows = [...text.matchAll(/^\| (\w+) \| (\w+) \| ([^|]+) \|$/gm)]
    .filter((m) => (SCAN_STATUSES as readonly string[]).includes(m[1] ?? ''))
    .map((m) => `${m[1]} → ${m[2]}: ${(m[3] ?? '').trim()}`);
  const table = SCAN_STATUSES.flatMap((from) => Object.entries(TRANSITIONS[from]).map(([to, why]) => `${from} → ${to}: ${why}`));
  assert.deepEqual(rows.sort(), table.sort());
});
