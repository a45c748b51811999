import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTrustMessage, isTrustType, parseTrustFrame } from './trust.ts';
import { parseMessage } from './parse.ts';

const PEM = `-----BEGIN CERTIFICATE REQUEST-----\n${'A'.repeat(80)}\n-----END CERTIFICATE REQUEST-----\n`;

test('trust frames: valid ones parse, hostile ones are refused with a reason', () => {
  const ok = createTrustMessage('pair.request', { secret: 'S3CR-ET00', csr: PEM, engineName: 'e1', engineVersion: '0.1.0' });
  assert.equal(parseTrustFrame(ok).ok, true);
  assert.equal(parseTrustFrame(createTrustMessage('session.refused', { code: 'pending-authorization', message: 'enable me' })).ok, true);
  const table: Array<[unknown, RegExp]> = [
    [null, /not an object/],
    [{ ...ok, type: 'hello' }, /unknown trust frame type/],
    [{ ...ok, v: '2.0' }, /speaks protocol '2.0'/],
    [{ ...ok, csr: 'not a pem' }, /csr/],
    [{ ...ok, secret: '' }, /secret/],
    [{ ...ok, secret: 'x'.repeat(300) }, /secret/],
    [{ ...createTrustMessage('session.refused', { code: 'revoked', message: 'm' }), code: 'whatever' }, /code/],
  ];
  for (const [frame, why] of table) {
    const r = parseTrustFrame(frame);
    assert.equal(r.ok, false, JSON.stringify(frame)?.slice(0, 80));
    if (!r.ok) assert.match(r.message, why);
  }
  assert.throws(() => createTrustMessage('cert.renew', { csr: 'nope' }), /cannot send/);
});

test('trust types are not session messages and session types are not trust types', () => {
  for (const t of ['pair.request', 'pair.result', 'cert.renew', 'cert.issued', 'session.refused']) {
    assert.ok(isTrustType(t), t);
    const r = parseMessage({ v: '1.1', id: 'x', type: t, ts: new Date().toISOString() });
    assert.equal(r.ok, false, `${t} never reaches a session`);
  }
  for (const t of ['hello', 'heartbeat', 'results.batch', '__proto__', 'toString', 1]) assert.equal(isTrustType(t), false, String(t));
});
