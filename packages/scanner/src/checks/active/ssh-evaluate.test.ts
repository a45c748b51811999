// Pure SSH verdicts: KEXINIT lists, protocol 1 banners, auth method lists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateSshAlgorithms, evaluateSshProtocol1 } from './ssh-algorithms.ts';
import { evaluateSshAuth } from './ssh-password-auth.ts';

const S = { port: 22, protocol: 'tcp' as const };
const ids = (fs: { id: string }[]): string[] => fs.map((f) => f.id);
const MODERN = { kexAlgorithms: ['curve25519-sha256'], ciphers: ['aes128-gcm@openssh.com', 'aes256-ctr'], macs: ['hmac-sha2-256-etm@openssh.com'], hostKeyAlgorithms: ['ssh-ed25519', 'rsa-sha2-512'] };

test('KEXINIT lists table', () => {
  const rows: [string, typeof MODERN, string[]][] = [
    ['modern', MODERN, []],
    ['group14-sha1', { ...MODERN, kexAlgorithms: ['curve25519-sha256', 'diffie-hellman-group14-sha1'] }, ['farsight-ssh-weak-kex']],
    ['CBC', { ...MODERN, ciphers: ['aes128-ctr', 'aes256-cbc'] }, ['farsight-ssh-weak-cipher']],
    ['hmac-md5', { ...MODERN, macs: ['hmac-sha2-256', 'hmac-md5'] }, ['farsight-ssh-weak-mac']],
    ['hmac-sha1 alone is not flagged', { ...MODERN, macs: ['hmac-sha1'] }, []],
    ['ssh-dss', { ...MODERN, hostKeyAlgorithms: ['ssh-rsa', 'ssh-dss'] }, ['farsight-ssh-weak-hostkey']],
    ['everything old', { kexAlgorithms: ['diffie-hellman-group1-sha1'], ciphers: ['3des-cbc'], macs: ['hmac-md5-96'], hostKeyAlgorithms: ['ssh-dss'] },
      ['farsight-ssh-weak-kex', 'farsight-ssh-weak-cipher', 'farsight-ssh-weak-mac', 'farsight-ssh-weak-hostkey']],
  ];
  for (const [name, e, want] of rows) assert.deepEqual(ids(evaluateSshAlgorithms(e, S)), want, name);
  assert.match(evaluateSshAlgorithms(rows[2]![1], S)[0]?.proof ?? '', /encryption_algorithms offers aes256-cbc/);
});

test('identification strings', () => {
  assert.deepEqual(ids(evaluateSshProtocol1('SSH-1.99-OpenSSH_3.9p1', S)), ['farsight-ssh-protocol-1']);
  assert.deepEqual(ids(evaluateSshProtocol1('SSH-1.5-Cisco-1.25', S)), ['farsight-ssh-protocol-1']);
  assert.deepEqual(ids(evaluateSshProtocol1('SSH-2.0-OpenSSH_9.6p1', S)), []);
  assert.deepEqual(ids(evaluateSshProtocol1('SSH-2.0-SSH-1.99-trick', S)), []);
});

test('auth method lists', () => {
  assert.deepEqual(ids(evaluateSshAuth({ methods: ['publickey', 'password'], noneAccepted: false }, S)), ['farsight-ssh-password-auth']);
  assert.deepEqual(ids(evaluateSshAuth({ methods: ['publickey', 'keyboard-interactive'], noneAccepted: false }, S)), ['farsight-ssh-password-auth']);
  assert.deepEqual(ids(evaluateSshAuth({ methods: ['publickey'], noneAccepted: false }, S)), []);
  assert.deepEqual(ids(evaluateSshAuth({ methods: null, noneAccepted: false, error: 'Handshake failed' }, S)), []);
});
