import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMessage, expiresIn } from './build.ts';
import { LIMITS } from './limits.ts';
import { parseMessage } from './parse.ts';
import { hostAuthSchema, scanCredentialSchema } from './credentials.ts';

const ssh = { id: 1, name: 'site credential 1 (lab)', service: 'ssh', user: 'scanner', password: 'pw' };

test('scan credentials: valid shapes pass, bad ones are refused naming the field', () => {
  const cases: Array<[string, unknown, boolean]> = [
    ['ssh with password', ssh, true],
    ['ssh-key with key and passphrase', { ...ssh, service: 'ssh-key', password: undefined, privateKey: 'KEY', passphrase: 'x' }, true],
    ['restriction, port and sudo', { ...ssh, hostRestriction: '127.13.0.0/24', port: 2222, elevation: { method: 'sudo', password: 'e' } }, true],
    ['ssh without password', { ...ssh, password: undefined }, false],
    ['ssh-key without key', { ...ssh, service: 'ssh-key' }, false],
    ['unknown service', { ...ssh, service: 'telnet' }, false],
    ['unknown field', { ...ssh, extra: 1 }, false],
    ['user with a space', { ...ssh, user: 'a b' }, false],
    ['port 0', { ...ssh, port: 0 }, false],
    ['over-long password', { ...ssh, password: 'x'.repeat(4097) }, false],
    ['elevation pbrun', { ...ssh, elevation: { method: 'pbrun' } }, false],
  ];
  for (const [what, value, ok] of cases) assert.equal(scanCredentialSchema.safeParse(value).success, ok, what);
});

test('scan.start carries at most LIMITS.scanCredentials credentials; a bad one refuses the frame without quoting it', () => {
  const base = { scanId: '1', commandId: 'c', expiresAt: expiresIn(60_000), targets: ['127.13.0.1'], template: 'discovery' };
  const ok = parseMessage(JSON.parse(JSON.stringify(createMessage('scan.start', { ...base, credentials: [ssh] as never }))), { from: 'console' });
  assert.ok(ok.ok);
  assert.equal(ok.ok && ok.message.type === 'scan.start' ? ok.message.credentials?.[0]?.port : 0, 22);
  const many = { ...createMessage('scan.start', base), credentials: Array.from({ length: LIMITS.scanCredentials + 1 }, (_, i) => ({ ...ssh, id: i + 1 })) };
  assert.equal(parseMessage(many, { from: 'console' }).ok, false);
  const bad = { ...createMessage('scan.start', base), credentials: [{ ...ssh, user: 'Canary user', password: 'Canary-proto-pw' }] };
  const r = parseMessage(bad, { from: 'console' });
  assert.equal(r.ok, false);
  assert.ok(!r.ok && !r.error.message.includes('Canary'), 'the error names the field, not the value');
});

test('host auth summaries: outcome enum and caps', () => {
  assert.ok(hostAuthSchema.safeParse({ outcome: 'success', port: 22, detail: '', durationMs: 5, packages: 9, os: { id: 'ubuntu' } }).success);
  assert.ok(!hostAuthSchema.safeParse({ outcome: 'maybe', port: 22, detail: '', durationMs: 5 }).success);
  assert.ok(!hostAuthSchema.safeParse({ outcome: 'success', port: 22, detail: 'x'.repeat(LIMITS.textChars + 1), durationMs: 5 }).success);
});
