import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isFarsightError } from '@farsight/common';
import { applies, displayState, parseExpiry, parseReason, parseScopeType, scopeCovers, transition, validateScope } from './exceptions-rules.ts';
import type { ExceptionRecord, FindingRef } from './exceptions-rules.ts';

const NOW = new Date('2030-06-01T00:00:00Z');

function ex(over: Partial<ExceptionRecord> = {}): ExceptionRecord {
  return { id: 1, state: 'approved', scopeType: 'global', scopeId: null, vulnerabilityId: 'farsight-test-1', port: null, key: null, reason: 'other', submittedBy: 10, expires: null, ...over };
}
const finding: FindingRef = { vulnerabilityId: 'FARSIGHT-TEST-1', assetId: 5, siteIds: [2, 3], port: 22, key: 'k' };

test('reasons and scope types accept v3 labels and Farsight names', () => {
  assert.equal(parseReason('False Positive'), 'false-positive');
  assert.equal(parseReason('acceptable-use'), 'acceptable-use');
  assert.equal(parseReason('Compensating Control'), 'compensating-control');
  assert.equal(parseScopeType('Instance'), 'instance');
  assert.equal(parseScopeType('global'), 'global');
  assert.throws(() => parseReason('because'), (e) => isFarsightError(e, 'INVALID_ARGUMENT') && e.message.includes("'because'"));
  assert.throws(() => parseScopeType('Asset Group'), (e) => isFarsightError(e, 'INVALID_ARGUMENT'));
});

test('scope matching, table', () => {
  const rows: Array<[Partial<ExceptionRecord>, boolean]> = [
    [{ scopeType: 'global' }, true],
    [{ scopeType: 'global', vulnerabilityId: 'other' }, false],
    [{ scopeType: 'site', scopeId: 3 }, true],
    [{ scopeType: 'site', scopeId: 4 }, false],
    [{ scopeType: 'asset', scopeId: 5 }, true],
    [{ scopeType: 'asset', scopeId: 6 }, false],
    [{ scopeType: 'instance', scopeId: 5 }, true],
    [{ scopeType: 'instance', scopeId: 5, port: 22 }, true],
    [{ scopeType: 'instance', scopeId: 5, port: 23 }, false],
    [{ scopeType: 'instance', scopeId: 5, port: 22, key: 'k' }, true],
    [{ scopeType: 'instance', scopeId: 5, port: 22, key: 'j' }, false],
    [{ scopeType: 'instance', scopeId: 6, port: 22 }, false],
  ];
  for (const [over, want] of rows) assert.equal(scopeCovers(ex(over), finding), want, JSON.stringify(over));
});

test('only approved, unexpired exceptions apply', () => {
  assert.equal(applies(ex(), finding, NOW), true);
  assert.equal(applies(ex({ state: 'under-review' }), finding, NOW), false);
  assert.equal(applies(ex({ state: 'rejected' }), finding, NOW), false);
  assert.equal(applies(ex({ state: 'deleted' }), finding, NOW), false);
  assert.equal(applies(ex({ expires: '2030-06-01T00:00:01Z' }), finding, NOW), true);
  assert.equal(applies(ex({ expires: '2030-06-01T00:00:00Z' }), finding, NOW), false);
  assert.equal(displayState(ex({ expires: '2030-01-01T00:00:00Z' }), NOW), 'Expired');
  assert.equal(displayState(ex({ state: 'rejected', expires: '2030-01-01T00:00:00Z' }), NOW), 'Rejected');
  assert.equal(displayState(ex({ state: 'under-review' }), NOW), 'Under Review');
});

test('review transitions: reviewer ≠ submitter unless global admin; only pending ones are reviewed', () => {
  const pending = ex({ state: 'under-review' });
  assert.deepEqual(transition(pending, 'approve', { userId: 11, isGlobalAdmin: false }, NOW), { state: 'approved', selfReview: false });
  assert.deepEqual(transition(pending, 'reject', { userId: 11, isGlobalAdmin: false }, NOW), { state: 'rejected', selfReview: false });
  assert.throws(() => transition(pending, 'approve', { userId: 10, isGlobalAdmin: false }, NOW), (e) => isFarsightError(e, 'EXCEPTION_REVIEW_FORBIDDEN'));
  assert.deepEqual(transition(pending, 'approve', { userId: 10, isGlobalAdmin: true }, NOW), { state: 'approved', selfReview: true });
  assert.throws(() => transition(ex({ state: 'rejected' }), 'approve', { userId: 11, isGlobalAdmin: true }, NOW), (e) => isFarsightError(e, 'EXCEPTION_STATE_INVALID'));
  assert.throws(() => transition(ex({ state: 'under-review', expires: '2030-01-01T00:00:00Z' }), 'approve', { userId: 11, isGlobalAdmin: true }, NOW), (e) => isFarsightError(e, 'EXCEPTION_STATE_INVALID') && /expired/.test(e.message));
  assert.deepEqual(transition(ex(), 'recall', { userId: 10, isGlobalAdmin: false }, NOW), { state: 'deleted', selfReview: false });
  assert.throws(() => transition(ex(), 'recall', { userId: 12, isGlobalAdmin: false }, NOW), (e) => isFarsightError(e, 'EXCEPTION_REVIEW_FORBIDDEN'));
  assert.throws(() => transition(ex({ state: 'deleted' }), 'recall', { userId: 10, isGlobalAdmin: true }, NOW), (e) => isFarsightError(e, 'EXCEPTION_STATE_INVALID'));
});

test('scope and expiry validation', () => {
  assert.doesNotThrow(() => validateScope({ scopeType: 'instance', scopeId: 1, port: 443, key: 'x' }));
  assert.throws(() => validateScope({ scopeType: 'global', scopeId: 1, port: null, key: null }), /omitted/);
  assert.throws(() => validateScope({ scopeType: 'site', scopeId: null, port: null, key: null }), /site id/);
  assert.throws(() => validateScope({ scopeType: 'asset', scopeId: 2, port: 22, key: null }), /Instance/);
  assert.throws(() => validateScope({ scopeType: 'instance', scopeId: 2, port: 70000, key: null }), /70000/);
  assert.equal(parseExpiry(undefined, NOW), null);
  assert.equal(parseExpiry('2031-01-01T00:00:00+01:00', NOW), '2030-12-31T23:00:00.000Z');
  assert.throws(() => parseExpiry('2020-01-01T00:00:00Z', NOW), /past/);
  assert.throws(() => parseExpiry('tomorrow', NOW), /ISO-8601/);
});
