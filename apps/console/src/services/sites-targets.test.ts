import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isFarsightError } from '@farsight/common';
import { countTargets, normaliseTargets } from './sites-targets.ts';

test('accepts addresses, CIDRs, ranges, IPv6 and hostnames; splits and de-duplicates', () => {
  assert.deepEqual(
    normaliseTargets('included', ['10.0.0.1', '10.0.0.0/30, 10.0.1.1-10.0.1.5', 'db.example.com', '::1', 'DB.example.com', '10.0.0.1']),
    ['10.0.0.1', '10.0.0.0/30', '10.0.1.1-10.0.1.5', 'db.example.com', '::1'],
  );
  assert.equal(countTargets(['10.0.0.0/30', '10.0.0.1', 'a.example']), 5);
  assert.deepEqual(normaliseTargets('excluded', []), []);
});

test('errors name every bad token (up to five) with the first token\'s code', () => {
  const rows: Array<[string[], string, RegExp]> = [
    [['10.0.0.300'], 'TARGET_INVALID', /10\.0\.0\.300/],
    [['127.1'], 'TARGET_AMBIGUOUS', /127\.1/],
    [['10.0.0.9-10.0.0.1'], 'TARGET_RANGE_REVERSED', /10\.0\.0\.9-10\.0\.0\.1/],
    [['bad_host!', '10.0.0.1', 'x..y'], 'TARGET_INVALID', /2 invalid.*bad_host!.*x\.\.y/],
  ];
  for (const [input, code, re] of rows) {
    assert.throws(() => normaliseTargets('included', input), (e) => isFarsightError(e) && e.code === code && re.test(e.message) && e.message.startsWith('included targets'), input.join(' '));
  }
});

test('included targets are size-limited like scan targets; exclusions are not', () => {
  assert.throws(() => normaliseTargets('included', ['0.0.0.0/0']), (e) => isFarsightError(e, 'TARGET_RANGE_TOO_LARGE'));
  assert.deepEqual(normaliseTargets('excluded', ['0.0.0.0/0']), ['0.0.0.0/0']);
});
