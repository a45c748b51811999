import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { looksLikeRedisError, parseMemcachedVersion, parseRedisInfo, parseResp, parseRespReplies, respCommand } from './kv-parse.ts';
import { buildSslRequest, buildStartup, parsePgAnswer, pgMessageNeed } from './postgres-parse.ts';
import { parseTelnet, startsWithIac } from './telnet-parse.ts';

const RUNS = { seed: 42, numRuns: 500 };

function pgMessage(type: string, body: Buffer): Buffer {
  const h = Buffer.alloc(5);
  h.write(type, 0, 'latin1');
  h.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([h, body]);
}

void test('PostgreSQL: our requests and the server answers to a StartupMessage', () => {
  assert.equal(buildSslRequest().toString('hex'), '0000000804d2162f');
  const startup = buildStartup();
  assert.equal(startup.readInt32BE(0), startup.length);
  assert.equal(startup.readInt32BE(4), 196608);
  const md5 = Buffer.alloc(8);
  md5.writeInt32BE(5, 0);
  assert.deepEqual(parsePgAnswer(pgMessage('R', md5)), { kind: 'auth', method: 5, methodName: 'md5-password' });
  const sasl = Buffer.concat([Buffer.from([0, 0, 0, 10]), Buffer.from('SCRAM-SHA-256\0\0')]);
  assert.deepEqual(parsePgAnswer(pgMessage('R', sasl)), { kind: 'auth', method: 10, methodName: 'sasl', saslMechanisms: ['SCRAM-SHA-256'] });
  const err = pgMessage('E', Buffer.from('SFATAL\0VFATAL\0C28000\0Mno pg_hba.conf entry for host "127.0.0.1"\0Fauth.c\0L543\0RClientAuthentication\0\0'));
  const e = parsePgAnswer(err);
  assert.ok(e?.kind === 'error');
  assert.equal(e.fields.C, '28000');
  assert.equal(e.fields.R, 'ClientAuthentication');
  assert.deepEqual(parsePgAnswer(Buffer.from('EFATAL: unsupported frontend protocol\0')), { kind: 'legacy-error', message: 'FATAL: unsupported frontend protocol' });
  assert.equal(pgMessageNeed(Buffer.from('HTTP/1.1')), -1);
  assert.equal(pgMessageNeed(err.subarray(0, 10)), err.length - 10);
});

void test('Redis RESP replies and INFO', () => {
  assert.equal(respCommand('INFO', 'server').toString(), '*2\r\n$4\r\nINFO\r\n$6\r\nserver\r\n');
  const info = '# Server\r\nredis_version:7.2.4\r\nredis_mode:standalone\r\nos:Linux 6.1.0-18-amd64 x86_64\r\n';
  const buf = Buffer.from(`+PONG\r\n$${Buffer.byteLength(info)}\r\n${info}\r\n`);
  const [ping, bulk] = parseRespReplies(buf, 2);
  assert.deepEqual(ping, { kind: 'simple', text: 'PONG', end: 7 });
  assert.equal(bulk?.kind, 'bulk');
  assert.deepEqual(parseRedisInfo(bulk?.kind === 'bulk' ? bulk.text ?? '' : ''), { redis_version: '7.2.4', redis_mode: 'standalone', os: 'Linux 6.1.0-18-amd64 x86_64' });
  assert.deepEqual(parseResp(Buffer.from('-NOAUTH Authentication required.\r\n')), { kind: 'error', text: 'NOAUTH Authentication required.', end: 34 });
  assert.equal(parseResp(Buffer.from('$10\r\nshort\r\n')), undefined, 'bulk incomplete');
  assert.deepEqual(parseResp(Buffer.from('$-1\r\n')), { kind: 'bulk', text: null, end: 5 });
  assert.equal(looksLikeRedisError(Buffer.from("-ERR wrong number of arguments for 'get' command\r\n")), true);
  assert.equal(looksLikeRedisError(Buffer.from('-ERR\r\n')), false);
});

void test('memcached version replies', () => {
  assert.equal(parseMemcachedVersion(Buffer.from('VERSION 1.6.21\r\n')), '1.6.21');
  assert.equal(parseMemcachedVersion(Buffer.from('VERSION 1.5.22-ubuntu\n')), '1.5.22-ubuntu');
  assert.equal(parseMemcachedVersion(Buffer.from('ERROR\r\n')), undefined);
});

void test('Telnet: IAC sequences are stripped and every option refused (RFC 854/855)', () => {
  const bytes = Buffer.from([0xff, 0xfd, 0x18, 0xff, 0xfb, 0x01, 0xff, 0xfa, 0x18, 0x01, 0xff, 0xf0, ...Buffer.from('login: '), 0xff, 0xff]);
  assert.equal(startsWithIac(bytes), true);
  const t = parseTelnet(bytes);
  assert.equal(t.text.toString('latin1'), 'login: \xff');
  assert.deepEqual([...t.reply], [0xff, 0xfc, 0x18, 0xff, 0xfe, 0x01]);
  assert.equal(t.options, 2);
  assert.equal(startsWithIac(Buffer.from('login:')), false);
  assert.deepEqual(parseTelnet(Buffer.from([0xff, 0xfd])).text, Buffer.alloc(0), 'a cut command is dropped');
});

void test('random bytes never make the database and telnet parsers throw', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
    const b = Buffer.from(bytes);
    parsePgAnswer(b);
    parsePgAnswer(Buffer.concat([Buffer.from('E'), b]));
    parseRespReplies(b, 4);
    parseRedisInfo(b.toString('latin1'));
    parseMemcachedVersion(b);
    parseTelnet(b);
  }), RUNS);
});
