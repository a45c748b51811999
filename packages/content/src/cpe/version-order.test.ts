import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compareUpstreamVersions as cmp } from './version-order.ts';

test('upstream version order: table of real version pairs (a < b)', () => {
  const less: Array<[string, string]> = [
    ['8.9p1', '9.0p1'], ['8.9p1', '8.9p2'], ['9.3p1', '9.3p2'], ['8.9', '8.9p1'], ['9.6', '9.6p1'], ['9.7p1', '9.8'], ['4.3p2', '4.4p1'],
    ['2.4.9', '2.4.10'], ['2.4.49', '2.4.50'], ['2.4.57', '2.4.58'],
    ['1.0.2', '1.0.2a'], ['1.0.2k', '1.0.2l'], ['1.0.2z', '1.0.2za'], ['1.0.2zc', '1.0.2zd'], ['1.0.2zh', '1.1.0'], ['1.0.0l', '1.0.0m'], ['1.1.1w', '3.0.0'],
    ['9.0.0.M1', '9.0.0.M13'], ['9.0.0.M13', '9.0.0'], ['10.0.0-M4', '10.0.0-M5'], ['10.0.0-M5', '10.0.0'], ['11.0.0-M11', '11.0.0'],
    ['1.3.7rc2', '1.3.7'], ['1.3.5', '1.3.5a'], ['1.3.5a', '1.3.5b'], ['1.3.6b', '1.3.6c'], ['1.3.8', '1.3.8a'],
    ['9.11.5', '9.11.5-P4'], ['9.9.9-P2', '9.9.9-P3'], ['9.16.48', '9.18.0'],
    ['10.0.0.alpha0', '10.0.0'], ['1.0beta1', '1.0rc1'], ['1.0alpha2', '1.0beta1'], ['1.0', '1.0.1'], ['12', '12.15'], ['9.6.22', '10'],
    ['4.92', '4.92.2'], ['4.94.1', '4.94.2'], ['2.3.7.1', '2.3.7.2'],
  ];
  for (const [a, b] of less) {
    assert.equal(cmp(a, b), -1, `${a} < ${b}`);
    assert.equal(cmp(b, a), 1, `${b} > ${a}`);
  }
  for (const [a, b] of [['9.0', '9.0.0'], ['8.9p1', '8.9p1'], ['9.0.0.M1', '9.0.0-m1'], ['1.0.2K', '1.0.2k']] as const) assert.equal(cmp(a, b), 0, `${a} = ${b}`);
});

const versionArb = fc.array(fc.oneof(fc.nat({ max: 30 }).map(String), fc.constantFrom('p', 'a', 'k', 'rc', 'M', 'beta', 'z', 'za')), { minLength: 1, maxLength: 6 })
  .chain((parts) => fc.array(fc.constantFrom('.', '-', ''), { minLength: parts.length, maxLength: parts.length }).map((seps) => parts.map((p, i) => (i === 0 ? p : `${seps[i]}${p}`)).join('')));

test('property: a total order (antisymmetric, transitive, reflexive) on arbitrary version strings', () => {
  fc.assert(fc.property(versionArb, versionArb, versionArb, (a, b, c) => {
    assert.equal(cmp(a, a), 0);
    assert.equal(cmp(a, b) + cmp(b, a), 0, `${a} vs ${b} antisymmetric`);
    if (cmp(a, b) <= 0 && cmp(b, c) <= 0) assert.ok(cmp(a, c) <= 0, `${a} <= ${b} <= ${c}`);
  }), { seed: 20261121, numRuns: 3000 });
});

test('hostile input: never throws, long digit runs are capped', () => {
  fc.assert(fc.property(fc.string({ maxLength: 200 }), fc.string({ maxLength: 200 }), (a, b) => { cmp(a, b); }), { seed: 5, numRuns: 2000 });
  assert.equal(cmp('9'.repeat(5000), '9'.repeat(4000)), 0, 'digit runs beyond 30 digits compare on their first 30');
});
