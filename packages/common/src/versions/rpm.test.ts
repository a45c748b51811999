import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isFarsightError } from '../errors.ts';
import { INVALID, RPM_CASES } from './cases.ts';
import { compareRpm, isValidRpmEvr, parseRpmEvr, rpmvercmp } from './rpm.ts';

test('rpm table: every pair orders as rpm.vercmp does (both directions)', () => {
  assert.ok(RPM_CASES.length >= 40);
  for (const [a, b, want, why] of RPM_CASES) {
    assert.equal(compareRpm(a, b), want, `${a} vs ${b}: ${why}`);
    assert.equal(compareRpm(b, a), want === 0 ? 0 : -want, `${b} vs ${a}: ${why}`);
  }
});

test('parseRpmEvr splits epoch, version and release like rpm parseEVR', () => {
  assert.deepEqual(parseRpmEvr('1:2.3-4.el9'), { epoch: 1, version: '2.3', release: '4.el9' });
  assert.deepEqual(parseRpmEvr('2.3'), { epoch: 0, version: '2.3', release: null });
  assert.deepEqual(parseRpmEvr('007:1'), { epoch: 7, version: '1', release: null });
  assert.deepEqual(parseRpmEvr('1.0-1-2'), { epoch: 0, version: '1.0-1', release: '2' });
  assert.deepEqual(parseRpmEvr('a:1-2'), { epoch: 0, version: 'a:1', release: '2' }, "a non-numeric prefix is not an epoch");
  assert.deepEqual(parseRpmEvr('1:2:3'), { epoch: 1, version: '2:3', release: null });
  assert.deepEqual(parseRpmEvr('4294967295:1'), { epoch: 4294967295, version: '1', release: null });
});

test('rpm rejects empty parts, whitespace, control and non-ASCII characters, huge epochs', () => {
  for (const v of INVALID.rpm) {
    assert.throws(() => parseRpmEvr(v), (e: unknown) => isFarsightError(e, 'VERSION_INVALID') && e.message.includes('rpm version'), JSON.stringify(v));
    assert.equal(isValidRpmEvr(v), false, JSON.stringify(v));
    assert.throws(() => compareRpm(v, '1.0'), (e: unknown) => isFarsightError(e, 'VERSION_INVALID'));
  }
  assert.throws(() => parseRpmEvr('1.0-'), /the release after the last '-' is empty/);
});

test('rpmvercmp on bare version strings: tilde, caret, segments', () => {
  assert.equal(rpmvercmp('1.0~rc1', '1.0'), -1);
  assert.equal(rpmvercmp('1.0^1', '1.0'), 1);
  assert.equal(rpmvercmp('1.0^1', '1.0.1'), -1);
  assert.equal(rpmvercmp('', ''), 0);
  assert.equal(rpmvercmp('', '~'), 1);
  assert.equal(rpmvercmp('', '^'), -1);
  assert.equal(rpmvercmp('...', ''), 0, 'only separators');
  assert.equal(rpmvercmp('1' + '0'.repeat(300), '9'.repeat(300)), 1);
});
