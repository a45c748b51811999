import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isFarsightError } from '../errors.ts';
import { DPKG_CASES, INVALID } from './cases.ts';
import { compareDpkg, dpkgVerrevcmp, isValidDpkgVersion, parseDpkgVersion } from './dpkg.ts';

test('dpkg table: every pair orders as dpkg --compare-versions does (both directions)', () => {
  assert.ok(DPKG_CASES.length >= 40);
  for (const [a, b, want, why] of DPKG_CASES) {
    assert.equal(compareDpkg(a, b), want, `${a} vs ${b}: ${why}`);
    assert.equal(compareDpkg(b, a), want === 0 ? 0 : -want, `${b} vs ${a}: ${why}`);
  }
});

test('parseDpkgVersion splits epoch, upstream and revision like dpkg', () => {
  assert.deepEqual(parseDpkgVersion('1:2.3-4'), { epoch: 1, upstream: '2.3', revision: '4' });
  assert.deepEqual(parseDpkgVersion('2.3'), { epoch: 0, upstream: '2.3', revision: '' });
  assert.deepEqual(parseDpkgVersion('1.0-1-2'), { epoch: 0, upstream: '1.0-1', revision: '2' });
  assert.deepEqual(parseDpkgVersion('1:2:3-4'), { epoch: 1, upstream: '2:3', revision: '4' });
  assert.deepEqual(parseDpkgVersion('  7.0-1\t'), { epoch: 0, upstream: '7.0', revision: '1' });
  assert.deepEqual(parseDpkgVersion('+2:1'), { epoch: 2, upstream: '1', revision: '' });
  assert.deepEqual(parseDpkgVersion('-0:1'), { epoch: 0, upstream: '1', revision: '' });
  assert.deepEqual(parseDpkgVersion('2147483647:1'), { epoch: 2147483647, upstream: '1', revision: '' });
  assert.deepEqual(parseDpkgVersion('abc'), { epoch: 0, upstream: 'abc', revision: '' }, 'dpkg only warns');
});

test('dpkg rejects what dpkg rejects, plus empty, <unknown> and non-printable input', () => {
  for (const v of INVALID.dpkg) {
    assert.throws(() => parseDpkgVersion(v), (e: unknown) => isFarsightError(e, 'VERSION_INVALID') && e.message.includes('dpkg version'), JSON.stringify(v));
    assert.equal(isValidDpkgVersion(v), false, JSON.stringify(v));
    assert.throws(() => compareDpkg('1.0', v), (e: unknown) => isFarsightError(e, 'VERSION_INVALID'));
  }
});

test('dpkg error messages name the input and the broken rule', () => {
  assert.throws(() => parseDpkgVersion('1.0-'), /"1\.0-" is invalid: the revision after the last '-' is empty/);
  assert.throws(() => parseDpkgVersion('x:1'), /the epoch "x" before the first ':' is not a number/);
  assert.throws(() => parseDpkgVersion('9999999999999:1'), /larger than 2147483647/);
  assert.throws(() => parseDpkgVersion('-3:1'), /negative/);
  assert.throws(() => parseDpkgVersion('1 2'), /embedded spaces/);
  assert.throws(() => parseDpkgVersion('9'.repeat(500) + ' x'), (e: unknown) => isFarsightError(e) && e.message.length < 300);
});

test('dpkgVerrevcmp compares any length of digits and treats an empty run as 0', () => {
  assert.equal(dpkgVerrevcmp('1' + '0'.repeat(400), '9'.repeat(400)), 1);
  assert.equal(dpkgVerrevcmp('0'.repeat(400) + '1', '1'), 0);
  assert.equal(dpkgVerrevcmp('', '0'), 0);
  assert.equal(dpkgVerrevcmp('', '~'), 1);
  assert.equal(dpkgVerrevcmp('', 'a'), -1);
});
