// `farsight engines scan-limit ID N|default`: the limit argument (table test).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanLimitArg } from './engines-admin.ts';

test('farsight engines scan-limit: N (1-64) or default', () => {
  assert.equal(scanLimitArg('1'), 1);
  assert.equal(scanLimitArg('64'), 64);
  assert.equal(scanLimitArg('default'), null);
  for (const bad of ['0', '65', '1.5', '-1', ' 2', 'none', '']) assert.throws(() => scanLimitArg(bad), /from 1 to 64, or 'default'/, bad);
});
