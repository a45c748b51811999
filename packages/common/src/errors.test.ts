import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ERROR_CODES, FarsightError, toFarsightError, isFarsightError } from './errors.ts';

const doc = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');

test('docs/errors.md lists exactly the codes in ERROR_CODES', () => {
  const documented = new Set([...doc.matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((m) => m[1]));
  const inCode = new Set(Object.keys(ERROR_CODES));
  assert.deepEqual([...inCode].filter((c) => !documented.has(c)), [], 'codes missing from docs/errors.md');
  assert.deepEqual([...documented].filter((c) => !inCode.has(c as string)), [], 'codes documented but not in ERROR_CODES');
});

test('toFarsightError keeps coded errors and wraps others', () => {
  const coded = new FarsightError('PORT_SPEC_INVALID', 'bad');
  assert.equal(toFarsightError(coded), coded);
  const wrapped = toFarsightError(new Error('boom'), 'SCAN_ABORTED');
  assert.equal(wrapped.code, 'SCAN_ABORTED');
  assert.equal(wrapped.message, 'boom');
  assert.ok(isFarsightError(wrapped, 'SCAN_ABORTED'));
  assert.ok(!isFarsightError(new Error('x')));
});
