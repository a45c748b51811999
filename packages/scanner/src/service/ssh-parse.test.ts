import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildKexInit, buildSshPacket, parseKexInit, parseSshIdentification, readSshPacket, splitIdentification, unionLists } from './ssh-parse.ts';

const RUNS = { seed: 42, numRuns: 500 };

void test('identification lines split into RFC 4253 §4.2 parts', () => {
  const table: [string, string, string, string | undefined][] = [
    ['SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.10', '2.0', 'OpenSSH_8.9p1', 'Ubuntu-3ubuntu0.10'],
    ['SSH-2.0-OpenSSH_7.4', '2.0', 'OpenSSH_7.4', undefined],
    ['SSH-1.99-Cisco-1.25', '1.99', 'Cisco-1.25', undefined],
    ['SSH-2.0-dropbear_2022.83', '2.0', 'dropbear_2022.83', undefined],
    ['SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u2 extra words', '2.0', 'OpenSSH_9.2p1', 'Debian-2+deb12u2 extra words'],
    ['SSH-2.0-', '2.0', '', undefined],
  ];
  for (const [line, proto, software, comments] of table) {
    const id = splitIdentification(line);
    assert.ok(id, line);
    assert.equal(id.protoVersion, proto, line);
    assert.equal(id.softwareVersion, software, line);
    assert.equal(id.comments, comments, line);
  }
  assert.equal(splitIdentification('HTTP/1.1 200 OK'), undefined);
});

void test('the identification line is found after prelude lines and only once complete', () => {
  const buf = Buffer.from('Welcome\r\nauthorised users only\r\nSSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13.5\r\n\x00\x00');
  const id = parseSshIdentification(buf);
  assert.equal(id?.identification, 'SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13.5');
  assert.equal(buf[id?.end ?? 0], 0);
  assert.equal(parseSshIdentification(Buffer.from('SSH-2.0-OpenSSH_9.6')), undefined, 'no LF yet');
  assert.equal(parseSshIdentification(Buffer.from(`SSH-2.0-${'x'.repeat(2000)}\r\n`)), undefined, 'overlong line');
  assert.equal(parseSshIdentification(Buffer.from('line\n'.repeat(30) + 'SSH-2.0-x\n')), undefined, 'too many prelude lines');
});

const LISTS = [
  ['curve25519-sha256', 'diffie-hellman-group14-sha1'], ['ssh-ed25519', 'ssh-rsa'],
  ['aes128-ctr', 'aes256-cbc'], ['aes128-ctr', '3des-cbc'], ['hmac-sha2-256'], ['hmac-sha2-256', 'hmac-md5'],
  ['none', 'zlib@openssh.com'], ['none'], [], [],
];

void test('a KEXINIT packet round-trips through the parser', () => {
  const packet = buildSshPacket(buildKexInit(LISTS));
  assert.equal(packet.length % 8, 0, 'RFC 4253 §6: total length is a multiple of the block size');
  const r = readSshPacket(Buffer.concat([packet, Buffer.from('trailing')]));
  assert.equal(r.kind, 'packet');
  assert.ok(r.kind === 'packet');
  assert.equal(r.end, packet.length);
  const kex = parseKexInit(r.payload);
  assert.ok(typeof kex !== 'string', String(kex));
  assert.deepEqual(kex.kexAlgorithms, LISTS[0]);
  assert.deepEqual(kex.hostKeyAlgorithms, LISTS[1]);
  assert.deepEqual(unionLists(kex.ciphersClientToServer, kex.ciphersServerToClient), ['aes128-ctr', 'aes256-cbc', '3des-cbc']);
  assert.deepEqual(unionLists(kex.macsClientToServer, kex.macsServerToClient), ['hmac-sha2-256', 'hmac-md5']);
  assert.deepEqual(kex.languagesClientToServer, []);
  assert.equal(kex.firstKexPacketFollows, false);
  assert.equal(kex.cookie, '07'.repeat(16));
});

void test('packet framing reports what is missing or wrong', () => {
  assert.deepEqual(readSshPacket(Buffer.from([0, 0])), { kind: 'need', bytes: 3 });
  const packet = buildSshPacket(buildKexInit(LISTS));
  const cut = readSshPacket(packet.subarray(0, 40));
  assert.equal(cut.kind, 'need');
  assert.equal(readSshPacket(Buffer.from([0xff, 0xff, 0xff, 0xff, 4])).kind, 'invalid');
  assert.equal(readSshPacket(Buffer.from([0, 0, 0, 8, 9, 0, 0, 0, 0, 0, 0, 0])).kind, 'invalid', 'padding ≥ length');
});

void test('malformed KEXINIT payloads are reported, not thrown', () => {
  assert.match(String(parseKexInit(Buffer.from([21, ...Buffer.alloc(20)]))), /expected SSH_MSG_KEXINIT/);
  assert.match(String(parseKexInit(Buffer.from([20, 1, 2]))), /too short/);
  const payload = buildKexInit(LISTS);
  assert.match(String(parseKexInit(payload.subarray(0, 40))), /name-list \d/);
  const huge = Buffer.from(payload);
  huge.writeUInt32BE(0x7fffffff, 17);
  assert.match(String(parseKexInit(huge)), /exceeds packet/);
});

void test('random bytes never make the SSH parsers throw', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
    const b = Buffer.from(bytes);
    parseSshIdentification(b);
    const r = readSshPacket(b);
    if (r.kind === 'packet') parseKexInit(r.payload);
    parseKexInit(b);
    parseKexInit(Buffer.concat([Buffer.from([20]), b]));
  }), RUNS);
});
