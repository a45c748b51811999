import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { bannerComplete, classify, type Classified } from './classify.ts';
import { mysqlError, mysqlHandshake } from './loopback-fixture.ts';
import { bannerWaitMs, portHint } from './port-hints.ts';
import { encodeBson } from './bson.ts';

const RUNS = { seed: 42, numRuns: 1000 };

void test('first bytes name their protocol', () => {
  const mongoReply = Buffer.concat([Buffer.alloc(16), Buffer.alloc(5), encodeBson({ ok: 1 })]);
  mongoReply.writeInt32LE(mongoReply.length, 0);
  mongoReply.writeInt32LE(2013, 12);
  const table: [Buffer | string, Classified | undefined, number?][] = [
    ['SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.10\r\n', 'ssh'],
    ['Pre-auth notice\r\nSSH-2.0-dropbear_2022.83\r\n', 'ssh'],
    ['220 (vsFTPd 3.0.3)\r\n', 'numeric'],
    ['220-mail.lab ESMTP\r\n', 'numeric'],
    ['+OK Dovecot ready.\r\n', 'pop3'],
    ['* OK [CAPABILITY IMAP4rev1] Dovecot ready.\r\n', 'imap'],
    [mysqlHandshake('8.0.36'), 'mysql'],
    [mysqlError(1130, "Host '1.2.3.4' is not allowed"), 'mysql'],
    [Buffer.from([0xff, 0xfd, 0x18, 0xff, 0xfd, 0x20]), 'telnet'],
    ['RFB 003.008\n', 'vnc'],
    ['HTTP/1.1 400 Bad Request\r\n', 'http'],
    ["-ERR wrong number of arguments for 'get' command\r\n", 'redis'],
    ['END\r\nERROR\r\nERROR\r\n', 'memcached'],
    ['ERROR\r\n', 'memcached'],
    ['It looks like you are trying to access MongoDB over HTTP on the native driver port.\r\n', 'mongodb'],
    [mongoReply, 'mongodb'],
    [Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28]), 'tls'],
    ['RTSP/1.0 200 OK\r\n', 'rtsp'],
    ['Ubuntu 22.04.4 LTS\r\nhost login: ', 'telnet'],
    ['hello\r\n', 'telnet', 23],
    ['hello\r\n', undefined, 4000],
    [Buffer.from([0x00, 0x01, 0x02]), undefined],
  ];
  for (const [bytes, want, port] of table) {
    const b = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes;
    assert.equal(classify(b, port ?? 4000), want, JSON.stringify(b.toString('latin1')));
  }
  assert.equal(classify(Buffer.from('-ERR [AUTH] busy\r\n'), 110, true), 'pop3', 'an unsolicited -ERR is POP3');
});

void test('banners are complete once there is enough to act on', () => {
  const table: [string | Buffer, boolean][] = [
    ['SSH-2.0-OpenSSH_9.6', false],
    ['SSH-2.0-OpenSSH_9.6\r\n', true],
    ['220-Welcome\r\n', false],
    ['220-Welcome\r\n220 ready\r\n', true],
    ['+OK ready\r\n', true],
    [mysqlHandshake('8.0.36').subarray(0, 20), false],
    [mysqlHandshake('8.0.36'), true],
    [Buffer.from([0xff, 0xfd]), false],
    [Buffer.from([0xff, 0xfd, 0x18]), true],
    ['RFB 003.0', false],
    ['some text\n', true],
  ];
  for (const [bytes, want] of table) assert.equal(bannerComplete(typeof bytes === 'string' ? Buffer.from(bytes) : bytes), want, String(bytes));
});

void test('port hints order the probes and size the banner wait', () => {
  assert.deepEqual(portHint(443).order.slice(0, 2), ['tls', 'http']);
  assert.equal(portHint(6379).order[0], 'redis');
  assert.equal(portHint(27017).order[0], 'mongodb');
  assert.equal(portHint(9999).order[0], 'http');
  assert.equal(bannerWaitMs(22, 2000), 1500);
  assert.equal(bannerWaitMs(993, 2000), 300, 'implicit TLS: the client speaks first at the TCP level');
  assert.equal(bannerWaitMs(80, 2000), 300);
  assert.equal(bannerWaitMs(9999, 2000), 500);
  assert.equal(bannerWaitMs(22, 100), 100, 'never longer than the read timeout');
  for (const p of [1, 22, 80, 443, 65535]) assert.equal(new Set(portHint(p).order).size, 6, `port ${p} tries every probe once`);
});

void test('random bytes never make the classifier throw', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 1, max: 65535 }), (bytes, port) => {
    classify(Buffer.from(bytes), port, port % 2 === 0);
    bannerComplete(Buffer.from(bytes));
  }), RUNS);
});
