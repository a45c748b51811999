import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isFarsightError } from '@farsight/common';
import { assertAccountComplete, mergeSecrets, splitAccount } from './credentials-model.ts';

test('splitAccount separates secrets from public fields and drops unknown ones', () => {
  const { pub, secret } = splitAccount({ service: 'ssh', username: 'root', password: 'pw', permissionElevation: 'sudo', permissionElevationPassword: 'pw2', bogus: 1 });
  assert.deepEqual(pub, { service: 'ssh', username: 'root', permissionElevation: 'sudo' });
  assert.deepEqual(secret, { password: 'pw', permissionElevationPassword: 'pw2' });
  assert.deepEqual(splitAccount({ service: 'snmp', communityName: 'public' }).secret, { communityName: 'public' });
});

test('splitAccount rejects unknown services and wrong types, naming the field', () => {
  assert.throws(() => splitAccount({ service: 'rdp' }), (e) => isFarsightError(e, 'INVALID_ARGUMENT') && e.message.includes("'rdp'"));
  assert.throws(() => splitAccount({ service: 'ssh', username: 3 }), /account\.username/);
  assert.throws(() => splitAccount({ service: 'ssh', password: true }), /account\.password/);
  assert.throws(() => splitAccount({ service: 'ssh', permissionElevation: 'doas' }), /doas/);
});

test('required fields per service', () => {
  const ok: Array<Record<string, unknown>> = [
    { service: 'ssh', username: 'u', password: 'p' },
    { service: 'ssh-key', username: 'u', pemKey: 'k' },
    { service: 'cifshash', username: 'u', ntlmHash: 'h' },
    { service: 'snmp', communityName: 'c' },
    { service: 'notes', notesIDPassword: 'x' },
  ];
  for (const a of ok) { const s = splitAccount(a); assertAccountComplete(s.pub, s.secret); }
  const s = splitAccount({ service: 'ssh', username: 'u' });
  assert.throws(() => assertAccountComplete(s.pub, s.secret), (e) => isFarsightError(e, 'INVALID_ARGUMENT') && /account\.password/.test(e.message));
  const k = splitAccount({ service: 'ssh-key', password: '' });
  assert.throws(() => assertAccountComplete(k.pub, k.secret), /account\.username and account\.pemKey/);
});

test('mergeSecrets keeps stored secrets an update omits, unless the service changed', () => {
  assert.deepEqual(mergeSecrets('ssh', { password: 'old' }, { service: 'ssh' }, {}), { password: 'old' });
  assert.deepEqual(mergeSecrets('ssh', { password: 'old' }, { service: 'ssh' }, { password: 'new' }), { password: 'new' });
  assert.deepEqual(mergeSecrets('ssh', { password: 'old' }, { service: 'ftp' }, {}), {});
});
