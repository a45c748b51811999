import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanCredentialSchema } from '@farsight/engine-protocol';
import type { PublicAccount, SecretAccount } from './credentials-model.ts';
import { toScanCredential } from './scans-credentials.ts';

const none = { host: null, port: null };

test('v3 accounts map to scan credentials, or say why a scan cannot use them', () => {
  const cases: Array<[string, PublicAccount, SecretAccount, { host: string | null; port: number | null }, RegExp | Record<string, unknown>]> = [
    ['ssh password', { service: 'ssh', username: 'scanner' }, { password: 'pw' }, none, { service: 'ssh', user: 'scanner', port: 22, password: 'pw' }],
    ['ssh-key with passphrase', { service: 'ssh-key', username: 'scanner' }, { pemKey: 'KEY', privateKeyPassword: 'pp' }, none, { service: 'ssh-key', privateKey: 'KEY', passphrase: 'pp' }],
    ['restriction and port', { service: 'ssh', username: 'u' }, { password: 'pw' }, { host: '127.13.0.5', port: 2222 }, { hostRestriction: '127.13.0.5', port: 2222 }],
    ['sudo with password', { service: 'ssh', username: 'u', permissionElevation: 'sudo' }, { password: 'pw', permissionElevationPassword: 'e' }, none, { elevation: { method: 'sudo', password: 'e' } }],
    ['elevation none', { service: 'ssh', username: 'u', permissionElevation: 'none' }, { password: 'pw' }, none, { user: 'u' }],
    ['pbrun', { service: 'ssh', username: 'u', permissionElevation: 'pbrun' }, { password: 'pw' }, none, /elevation 'pbrun' is not supported/],
    ['cifs', { service: 'cifs', username: 'u' }, { password: 'pw' }, none, /service cifs is not used by scans/],
    ['host-name restriction', { service: 'ssh', username: 'u' }, { password: 'pw' }, { host: 'db.example.internal', port: null }, /host name/],
    ['no password', { service: 'ssh', username: 'u' }, {}, none, /no password/],
    ['user with a space', { service: 'ssh', username: 'a b' }, { password: 'pw' }, none, /username/],
  ];
  for (const [what, account, secret, restriction, want] of cases) {
    const r = toScanCredential(3, 'site credential 3 (x)', account, secret, restriction);
    if (want instanceof RegExp) { assert.equal(typeof r, 'string', what); assert.match(r as string, want, what); continue; }
    assert.equal(typeof r, 'object', `${what}: ${String(r)}`);
    for (const [k, v] of Object.entries(want)) assert.deepEqual((r as Record<string, unknown>)[k], v, `${what}: ${k}`);
    assert.ok(scanCredentialSchema.safeParse(r).success, `${what}: valid on the wire`);
    if (typeof r !== 'string') assert.ok(!String(r.name).includes('pw'), what);
  }
});
