import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isFarsightError } from '../errors.ts';
import { compareApk, isValidApkVersion, parseApkVersion } from './apk.ts';
import { APK_CASES, INVALID } from './cases.ts';

test('apk table: every pair orders as apk-tools version.c does (both directions)', () => {
  assert.ok(APK_CASES.length >= 40);
  for (const [a, b, want, why] of APK_CASES) {
    assert.equal(compareApk(a, b), want, `${a} vs ${b}: ${why}`);
    assert.equal(compareApk(b, a), want === 0 ? 0 : -want, `${b} vs ${a}: ${why}`);
  }
});

test('apk: the chain from pre-release to post-release', () => {
  const chain = ['1.2.3_alpha', '1.2.3_alpha1', '1.2.3_beta2', '1.2.3_pre', '1.2.3_rc1', '1.2.3', '1.2.3-r0', '1.2.3-r1', '1.2.3~0f', '1.2.3_cvs', '1.2.3_svn1', '1.2.3_git20240101', '1.2.3_hg', '1.2.3_p1', '1.2.3_p1-r1', '1.2.3_p2', '1.2.3a', '1.2.3b_rc1', '1.2.3b', '1.2.3.0', '1.2.3.1', '1.2.4_rc1', '1.2.4'];
  for (let i = 0; i < chain.length; i++) {
    for (let j = 0; j < chain.length; j++) {
      const a = chain[i] as string;
      const b = chain[j] as string;
      assert.equal(compareApk(a, b), Math.sign(i - j), `${a} vs ${b}`);
    }
  }
});

test('apk: valid forms from apk-tools semantics', () => {
  for (const v of ['0', '1.2', '1_rc', '0.1_pre2', '0.1_pre2~1234abcd', '0.1_p1_pre2', '0.1_alpha1_pre2', '0.1_git20240101_pre1', '1.0a_p1-r3', '1.0~beef-r2', '20240101', '1.2.3-r0']) {
    assert.ok(isValidApkVersion(v), v);
    assert.doesNotThrow(() => compareApk(v, v), v);
  }
});

test('apk: malformed versions throw VERSION_INVALID naming the rule', () => {
  for (const v of INVALID.apk) {
    assert.equal(isValidApkVersion(v), false, JSON.stringify(v));
    assert.throws(() => parseApkVersion(v), (e: unknown) => isFarsightError(e, 'VERSION_INVALID') && e.message.includes('apk version'), JSON.stringify(v));
    assert.throws(() => compareApk('1.0', v), (e: unknown) => isFarsightError(e, 'VERSION_INVALID'));
  }
  assert.throws(() => parseApkVersion('1.0_foo'), /'_foo' is not a suffix/);
  assert.throws(() => parseApkVersion('1.0-1'), /must start a revision '-rN'/);
  assert.throws(() => parseApkVersion('v1.0'), /does not start with a digit/);
});

test('parseApkVersion splits off the -rN revision', () => {
  assert.deepEqual(parseApkVersion('1.2.3_p1-r10'), { version: '1.2.3_p1', revision: '10' });
  assert.deepEqual(parseApkVersion('1.0~abc-r0'), { version: '1.0~abc', revision: '0' });
  assert.deepEqual(parseApkVersion('1.0'), { version: '1.0', revision: null });
});
