import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, chmodSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { isFarsightError } from '@farsight/common';
import { keyringOf, loadMasterKey, open, parseMasterKey, seal, MASTER_KEY_FILE } from './credentials-crypto.ts';

const ring = keyringOf(parseMasterKey(randomBytes(32).toString('base64'), 'test'));

test('seal/open round-trips and uses a fresh IV per record', () => {
  const a = seal(ring, 'hunter2', 'credential:a');
  const b = seal(ring, 'hunter2', 'credential:a');
  assert.notEqual(a, b);
  assert.ok(!a.includes('hunter2'));
  assert.equal(open(ring, a, 'credential:a'), 'hunter2');
  const parsed = JSON.parse(a) as Record<string, unknown>;
  assert.deepEqual(Object.keys(parsed).sort(), ['ct', 'iv', 'kid', 'tag', 'v']);
  assert.equal(parsed.kid, ring.current.id);
});

test('open fails closed on another record, another key, or a flipped bit', () => {
  const s = seal(ring, 'secret', 'credential:a');
  assert.throws(() => open(ring, s, 'credential:b'), (e) => isFarsightError(e, 'CREDENTIAL_DECRYPT_FAILED'));
  const other = keyringOf(parseMasterKey(randomBytes(32).toString('base64'), 'other'));
  assert.throws(() => open(other, s, 'credential:a'), (e) => isFarsightError(e, 'CREDENTIAL_DECRYPT_FAILED') && /master key/.test(e.message));
  const j = JSON.parse(s) as { ct: string; tag: string };
  const ct = Buffer.from(j.ct, 'base64');
  ct[0] = (ct[0] ?? 0) ^ 1;
  assert.throws(() => open(ring, JSON.stringify({ ...j, ct: ct.toString('base64') }), 'credential:a'), (e) => isFarsightError(e, 'CREDENTIAL_DECRYPT_FAILED'));
  // A truncated tag must not be accepted (GCM forgery with short tags).
  assert.throws(() => open(ring, JSON.stringify({ ...j, tag: Buffer.from(j.tag, 'base64').subarray(0, 4).toString('base64') }), 'credential:a'), (e) => isFarsightError(e, 'CREDENTIAL_DECRYPT_FAILED'));
  assert.throws(() => open(ring, 'plain', 'credential:a'), (e) => isFarsightError(e, 'CREDENTIAL_DECRYPT_FAILED'));
});

test('parseMasterKey wants base64 of exactly 32 bytes', () => {
  for (const bad of ['', 'abc', randomBytes(16).toString('base64'), randomBytes(33).toString('base64'), 'not base64!!']) {
    assert.throws(() => parseMasterKey(bad, 'FARSIGHT_MASTER_KEY'), (e) => isFarsightError(e, 'MASTER_KEY_INVALID') && e.message.includes('FARSIGHT_MASTER_KEY'));
  }
  const k = parseMasterKey(`  ${randomBytes(32).toString('base64')}\n`, 'x');
  assert.equal(k.key.length, 32);
  assert.match(k.id, /^[0-9a-f]{16}$/);
});

test('loadMasterKey: env wins; else a 0600 key file is created once and reused; a loose file is refused', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'farsight-key-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const envKey = randomBytes(32).toString('base64');
  assert.equal(loadMasterKey({ env: { FARSIGHT_MASTER_KEY: envKey }, dataDir: dir }).current.key.toString('base64'), envKey);
  const first = loadMasterKey({ env: {}, dataDir: dir });
  const path = join(dir, MASTER_KEY_FILE);
  assert.equal(statSync(path).mode & 0o777, 0o600);
  assert.equal(loadMasterKey({ env: {}, dataDir: dir }).current.id, first.current.id);
  chmodSync(path, 0o644);
  assert.throws(() => loadMasterKey({ env: {}, dataDir: dir }), (e) => isFarsightError(e, 'MASTER_KEY_INVALID') && /chmod 600/.test(e.message));
  writeFileSync(path, 'short\n', { mode: 0o600 });
  chmodSync(path, 0o600);
  assert.throws(() => loadMasterKey({ env: {}, dataDir: dir }), (e) => isFarsightError(e, 'MASTER_KEY_INVALID'));
});
