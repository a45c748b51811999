import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareVersions, isFarsightError, isVersionLess } from '../index.ts';
import type { VersionEcosystem } from '../index.ts';

test('compareVersions dispatches on the ecosystem', () => {
  assert.equal(compareVersions('dpkg', '1.0~rc1', '1.0'), -1);
  assert.equal(compareVersions('dpkg', '1.01', '1.1'), 0);
  assert.equal(compareVersions('rpm', '1.0^git1', '1.0'), 1);
  assert.equal(compareVersions('rpm', '1:1.0', '2.0'), 1);
  assert.equal(compareVersions('apk', '1.2.3_rc1', '1.2.3'), -1);
  // The same strings order differently per ecosystem: that is why the ecosystem is explicit.
  assert.equal(compareVersions('dpkg', '1.0', '1.0-0'), 0);
  assert.equal(compareVersions('rpm', '1.0', '1.0-0'), -1);
  assert.equal(compareVersions('dpkg', '1.05', '1.5'), 0);
  assert.equal(compareVersions('apk', '1.05', '1.5'), -1);
});

test('isVersionLess answers "is the installed version older than the fixed one"', () => {
  assert.equal(isVersionLess('dpkg', '2.36-9+deb12u3', '2.36-9+deb12u4'), true);
  assert.equal(isVersionLess('dpkg', '2.36-9+deb12u4', '2.36-9+deb12u4'), false);
  assert.equal(isVersionLess('rpm', '2.4.6-97.el7', '2.4.6-97.el7_9.6'), true);
  assert.equal(isVersionLess('apk', '3.1.4-r5', '3.1.4-r6'), true);
  assert.equal(isVersionLess('apk', '3.1.4_p1', '3.1.4-r6'), false);
});

test('an unknown ecosystem is INVALID_ARGUMENT; a bad version is VERSION_INVALID', () => {
  for (const eco of ['npm', 'toString', '__proto__', '']) {
    assert.throws(() => compareVersions(eco as VersionEcosystem, '1', '2'), (e: unknown) => isFarsightError(e, 'INVALID_ARGUMENT') && e.message.includes("'dpkg', 'rpm' or 'apk'"));
  }
  assert.throws(() => isVersionLess('dpkg', '1.0-', '1.0'), (e: unknown) => isFarsightError(e, 'VERSION_INVALID'));
  assert.throws(() => isVersionLess('rpm', '', '1.0'), (e: unknown) => isFarsightError(e, 'VERSION_INVALID'));
  assert.throws(() => isVersionLess('apk', '1.0', 'v1.1'), (e: unknown) => isFarsightError(e, 'VERSION_INVALID'));
});
