import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PairLimiter, normalizeSource } from './pair-limiter.ts';

function clock(): { now: () => number; advance: (ms: number) => void } {
  let t = 1_000_000;
  return { now: () => t, advance: (ms) => { t += ms; } };
}

test('normalizeSource: IPv4-mapped IPv6 is the IPv4 address', () => {
  const table: Array<[string, string]> = [['::ffff:127.14.0.1', '127.14.0.1'], ['127.14.0.1', '127.14.0.1'], ['::1', '::1'], ['::ffff:abcd', '::ffff:abcd']];
  for (const [ip, want] of table) assert.equal(normalizeSource(ip), want, ip);
});

test('PairLimiter: per-source attempts per sliding minute; other sources unaffected; the window slides', () => {
  const c = clock();
  const l = new PairLimiter({ perSourcePerMinute: 3, maxConcurrent: 100 }, c.now);
  for (let i = 0; i < 3; i++) { const a = l.admit('127.14.1.2'); assert.ok(a.ok, `attempt ${i + 1}`); a.release(); c.advance(1000); }
  const refused = l.admit('::ffff:127.14.1.2');
  assert.equal(refused.ok, false);
  if (!refused.ok) {
    assert.equal(refused.limit, 'source');
    assert.equal(refused.audit, true, 'the first refusal in a window is audited');
    assert.match(refused.message, /too many pairing attempts from 127\.14\.1\.2 \(limit 3 per 60 s\); wait 57 s/);
    assert.equal(refused.retryAfterMs, 57_000);
  }
  const again = l.admit('127.14.1.2');
  assert.ok(!again.ok && !again.audit, 'later refusals in the same window are not audited again');
  assert.ok(l.admit('127.14.1.3').ok, 'another source is not limited');
  c.advance(57_000);
  const after = l.admit('127.14.1.2');
  assert.ok(after.ok, 'the oldest attempt left the window');
  c.advance(60_000);
  for (let i = 0; i < 3; i++) assert.ok(l.admit('127.14.1.2').ok);
  const r = l.admit('127.14.1.2');
  assert.ok(!r.ok && r.audit, 'a new window audits its first refusal again');
});

test('PairLimiter: global concurrent cap; release frees a slot once', () => {
  const c = clock();
  const l = new PairLimiter({ perSourcePerMinute: 100, maxConcurrent: 2 }, c.now);
  const a = l.admit('127.14.1.2');
  const b = l.admit('127.14.1.3');
  assert.ok(a.ok && b.ok);
  const busy = l.admit('127.14.1.4');
  assert.ok(!busy.ok && busy.limit === 'concurrent' && busy.audit);
  assert.match(busy.ok ? '' : busy.message, /busy with 2 pairings \(limit 2\)/);
  const busy2 = l.admit('127.14.1.5');
  assert.ok(!busy2.ok && !busy2.audit, 'one audit per window for the cap');
  if (a.ok) { a.release(); a.release(); }
  assert.equal(l.inFlight, 1, 'release is idempotent');
  assert.ok(l.admit('127.14.1.4').ok);
  assert.equal(l.admit('127.14.1.6').ok, false);
});

test('PairLimiter: remembered sources are bounded', () => {
  const c = clock();
  const l = new PairLimiter({ perSourcePerMinute: 5, maxConcurrent: 1000, maxSources: 3 }, c.now);
  for (const ip of ['127.14.2.1', '127.14.2.2', '127.14.2.3']) { const a = l.admit(ip); if (a.ok) a.release(); }
  const r = l.admit('127.14.2.4');
  assert.ok(!r.ok && r.limit === 'sources');
  c.advance(60_000);
  assert.ok(l.admit('127.14.2.4').ok, 'aged-out sources are pruned');
});
