import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { isFarsightError } from '@farsight/common';
import { credentialsFor, credentialsFromEnv, loadCredentialsFile, parseCredentials } from './credentials.ts';
import { KnownHosts, keyFingerprint, keyTypeOf, parseKnownHosts } from './known-hosts.ts';
import { Secret } from './secret.ts';

const SECRET = 'unit-canary-Secret-93';

test('credentials: validation names the field and never the value', async () => {
  const cases: [unknown, RegExp][] = [
    [{ ssh: [{ user: 'u', password: SECRET }] }, /field ssh\[0\]\.targets/],
    [{ ssh: [{ targets: [], user: 'u', password: SECRET }] }, /field ssh\[0\]\.targets: give at least one/],
    [{ ssh: [{ targets: ['127.7.0.1'], user: 'u' }] }, /needs password, privateKey or privateKeyFile/],
    [{ ssh: [{ targets: ['127.7.0.1'], user: 'a b', password: SECRET }] }, /field ssh\[0\]\.user/],
    [{ ssh: [{ targets: ['127.7.0.1'], user: 'u', password: SECRET, port: 70000 }] }, /field ssh\[0\]\.port/],
    [{ ssh: [{ targets: ['127.7.0.1'], user: 'u', password: SECRET, elevation: { method: 'doas' } }] }, /field ssh\[0\]\.elevation\.method/],
    [{ ssh: [{ targets: ['127.7.0.1'], user: 'u', password: SECRET, pasword: 'typo' }] }, /field ssh\[0\]/],
    [{ ssh: [{ targets: ['not an address!'], user: 'u', password: SECRET }] }, /ssh\[0\]\.targets/],
    [{ ssh: [{ targets: ['127.7.0.1'], user: 'u', privateKeyFile: '/nonexistent/key' }] }, /privateKeyFile: cannot read \/nonexistent\/key/],
    [{ sshh: [] }, /field /],
  ];
  for (const [input, re] of cases) {
    await assert.rejects(parseCredentials(input, 'c.json'), (e: unknown) => isFarsightError(e, 'CREDENTIALS_INVALID') && re.test(e.message) && !e.message.includes(SECRET), JSON.stringify(input));
  }
});

test('credentials: scope, secrets that never print, file mode warning, environment', async () => {
  const [c] = await parseCredentials({ ssh: [{ targets: ['127.7.3.0/30', '127.7.4.9'], user: 'scanner', password: SECRET, elevation: { method: 'sudo', password: SECRET } }] });
  assert.ok(c);
  assert.equal(c.port, 22);
  assert.deepEqual(['127.7.3.0', '127.7.3.3', '127.7.3.4', '127.7.4.9', '127.7.4.10'].map((a) => credentialsFor([c], a).length), [1, 1, 0, 1, 0]);
  for (const text of [JSON.stringify(c), inspect(c, { depth: 10 }), String(c.password), `${c.elevation?.password}`]) assert.ok(!text.includes(SECRET), text);
  assert.equal(c.password?.reveal(), SECRET);
  assert.equal(new Secret('x').toJSON(), '[secret]');

  const dir = mkdtempSync(join(tmpdir(), 'farsight-cred-'));
  try {
    const f = join(dir, 'c.json');
    writeFileSync(f, JSON.stringify({ ssh: [{ targets: ['127.7.3.1'], user: 'u', password: SECRET }] }));
    chmodSync(f, 0o640);
    const warnings: string[] = [];
    assert.equal((await loadCredentialsFile(f, warnings)).length, 1);
    assert.match(warnings[0] ?? '', /mode 640.*chmod 600/);
    chmodSync(f, 0o600);
    const none: string[] = [];
    await loadCredentialsFile(f, none);
    assert.deepEqual(none, []);
    writeFileSync(f, `{"ssh": [{"password": "${SECRET}"`);
    await assert.rejects(loadCredentialsFile(f), (e: unknown) => isFarsightError(e, 'CREDENTIALS_INVALID') && /not valid JSON/.test(e.message) && !e.message.includes(SECRET));
    await assert.rejects(loadCredentialsFile(join(dir, 'missing.json')), /ENOENT/);
    await assert.rejects(parseCredentials({ ssh: [{ targets: ['127.7.3.1'], user: 'u', privateKeyFile: '~/farsight-no-such-key' }] }), /cannot read ~\/farsight-no-such-key \(\/\S*\/farsight-no-such-key\): ENOENT/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  assert.deepEqual(await credentialsFromEnv({}), []);
  const env = await credentialsFromEnv({ FARSIGHT_SSH_USER: 'scanner', FARSIGHT_SSH_PASSWORD: SECRET, FARSIGHT_SSH_TARGETS: '127.7.3.1, 127.7.3.2', FARSIGHT_SSH_PORT: '2222', FARSIGHT_SSH_ELEVATION: 'su' });
  assert.equal(env[0]?.port, 2222);
  assert.equal(env[0]?.elevation?.method, 'su');
  assert.equal(credentialsFor(env, '127.7.3.2').length, 1);
  await assert.rejects(credentialsFromEnv({ FARSIGHT_SSH_USER: 'scanner', FARSIGHT_SSH_PASSWORD: SECRET }), /FARSIGHT_SSH_TARGETS is not/);
  await assert.rejects(credentialsFromEnv({ FARSIGHT_SSH_USER: 'u', FARSIGHT_SSH_TARGETS: '127.7.3.1', FARSIGHT_SSH_PORT: 'ssh' }), /FARSIGHT_SSH_PORT='ssh' is not a port/);
  await assert.rejects(credentialsFromEnv({ FARSIGHT_SSH_USER: 'u', FARSIGHT_SSH_TARGETS: '127.7.3.1', FARSIGHT_SSH_PASSWORD: 'p', FARSIGHT_SSH_ELEVATION: 'doas' }), /not sudo or su/);
});

test('known hosts: pin on first use, match, changed; file format and errors', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'farsight-kh-'));
  try {
    const path = join(dir, 'sub', 'known_hosts');
    const blob = Buffer.concat([Buffer.from([0, 0, 0, 11]), Buffer.from('ssh-ed25519'), Buffer.from([0, 0, 0, 32]), Buffer.alloc(32, 7)]);
    const other = Buffer.concat([Buffer.from([0, 0, 0, 11]), Buffer.from('ssh-ed25519'), Buffer.from([0, 0, 0, 32]), Buffer.alloc(32, 8)]);
    assert.equal(keyTypeOf(blob), 'ssh-ed25519');
    assert.match(keyFingerprint(blob), /^SHA256:[A-Za-z0-9+/]{43}$/);
    const kh = await KnownHosts.open(path);
    assert.equal(kh.check('127.7.3.1', 22, blob), 'new');
    assert.equal(kh.check('127.7.3.1', 22, blob), 'match');
    assert.equal(kh.check('127.7.3.1', 22, other), 'changed');
    assert.equal(kh.check('127.7.3.1', 2222, other), 'new');
    await kh.flush();
    const text = readFileSync(path, 'utf8');
    assert.match(text, /^\[127\.7\.3\.1\]:22 ssh-ed25519 [A-Za-z0-9+/=]+\n\[127\.7\.3\.1\]:2222 ssh-ed25519 /);
    const again = await KnownHosts.open(path);
    assert.equal(again.check('127.7.3.1', 22, other), 'changed');
    assert.equal(again.check('127.7.3.1', 2222, other), 'match');
    assert.throws(() => parseKnownHosts('# comment\n\n127.7.3.1 ssh-ed25519 AAAA\n', 'kh'), (e: unknown) => isFarsightError(e, 'KNOWN_HOSTS_INVALID') && /kh line 3/.test(e.message));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('credentials file: a host name in targets applies to the address the scan resolved it to (HostResult.hostnames), not to the address alone', async () => {
  const [c] = await parseCredentials({ ssh: [{ targets: ['db1.farsight.test', '127.7.3.0/30'], user: 'scanner', password: SECRET }] });
  assert.ok(c);
  const cases: Array<[string, string[], number]> = [
    ['127.7.9.9', ['db1.farsight.test'], 1],
    ['127.7.9.9', ['DB1.farsight.test.'], 1],
    ['127.7.9.9', [], 0],
    ['127.7.9.9', ['db2.farsight.test'], 0],
    ['127.7.3.1', [], 1],
  ];
  for (const [address, names, want] of cases) assert.equal(credentialsFor([c], address, names).length, want, `${address} ${names.join(',')}`);
});
