// Raw ClientHello builder and ServerHello parser: table tests and a property test on garbage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { WIRE, clientHello, parseServerReply, replyComplete, versionName, weakCipher } from './tls-hello.ts';

function serverHello(version: number, cipher: number, sid = 0, recordLen?: number): Buffer {
  const body = Buffer.concat([Buffer.from([version >> 8, version & 0xff]), Buffer.alloc(32, 7), Buffer.from([sid]), Buffer.alloc(sid, 1), Buffer.from([cipher >> 8, cipher & 0xff, 0])]);
  const hs = Buffer.concat([Buffer.from([2, 0, body.length >> 8, body.length & 0xff]), body]);
  const len = recordLen ?? hs.length;
  return Buffer.concat([Buffer.from([22, 3, 1, len >> 8, len & 0xff]), hs]);
}

test('clientHello: record and hello versions, cipher list, extensions only for TLS', () => {
  const v3 = clientHello(WIRE.SSLv3, [0x002f, 0x00ff]);
  assert.deepEqual([...v3.subarray(0, 3)], [22, 3, 0], 'SSLv3 record version');
  assert.equal(v3.readUInt16BE(9), 0x0300);
  assert.equal(v3.readUInt16BE(44), 4, 'two suites');
  assert.equal(v3.length, 5 + 4 + 2 + 32 + 1 + 2 + 4 + 2, 'no extensions in an SSL 3.0 hello');
  const t12 = clientHello(WIRE['TLSv1.2'], [0xc012], 'www.lab');
  assert.deepEqual([...t12.subarray(0, 3)], [22, 3, 1]);
  assert.equal(t12.readUInt16BE(9), 0x0303);
  assert.ok(t12.includes(Buffer.from('www.lab')), 'SNI carries the host name');
  assert.equal(t12.readUInt16BE(3), t12.length - 5, 'record length');
});

test('parseServerReply: table of server answers', () => {
  const rows: [string, Buffer, ReturnType<typeof parseServerReply>][] = [
    ['SSLv3 hello', serverHello(0x0300, 0x000a), { kind: 'server-hello', version: 0x0300, cipher: 0x000a }],
    ['TLS 1.2 hello with session id', serverHello(0x0303, 0xc018, 32), { kind: 'server-hello', version: 0x0303, cipher: 0xc018 }],
    ['handshake_failure alert', Buffer.from([21, 3, 3, 0, 2, 2, 40]), { kind: 'alert', level: 2, description: 40 }],
    ['protocol_version alert', Buffer.from([21, 3, 0, 0, 2, 2, 70]), { kind: 'alert', level: 2, description: 70 }],
    ['too short', Buffer.from([22, 3]), { kind: 'incomplete' }],
    ['half a hello', serverHello(0x0303, 0x0005).subarray(0, 30), { kind: 'incomplete' }],
    ['HTTP answer', Buffer.from('HTTP/1.1 400 Bad Request\r\n'), { kind: 'invalid', reason: 'not a TLS record' }],
    ['SSH banner', Buffer.from('SSH-2.0-OpenSSH_9.6\r\n'), { kind: 'invalid', reason: 'not a TLS record' }],
    ['certificate first', Buffer.from([22, 3, 3, 0, 60, 11, ...Buffer.alloc(59)]), { kind: 'invalid', reason: 'first handshake message is type 11, not ServerHello' }],
    ['zero-length record', Buffer.from([22, 3, 3, 0, 0]), { kind: 'invalid', reason: 'bad record length 0' }],
    ['session id too long', (() => { const b = serverHello(0x0303, 0x0005); b[43] = 40; return b; })(), { kind: 'invalid', reason: 'session id longer than 32 bytes' }],
  ];
  for (const [name, input, want] of rows) assert.deepEqual(parseServerReply(input), want, name);
  assert.equal(replyComplete(serverHello(0x0301, 0x0004)), true);
  assert.equal(replyComplete(Buffer.from([22, 3, 1])), false);
});

test('weak cipher table and version names', () => {
  assert.deepEqual(weakCipher(0x000a), { cls: '3des', name: 'TLS_RSA_WITH_3DES_EDE_CBC_SHA' });
  assert.deepEqual(weakCipher(0xc018), { cls: 'anon', name: 'TLS_ECDH_anon_WITH_AES_128_CBC_SHA' });
  assert.equal(weakCipher(0xc02f), undefined, 'ECDHE-RSA-AES128-GCM-SHA256 is not weak');
  assert.equal(versionName(0x0300), 'SSLv3');
  assert.equal(versionName(0x0304), '0x0304');
});

test('parseServerReply never throws on hostile bytes (seeded)', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
    const r = parseServerReply(Buffer.from(bytes));
    assert.ok(['server-hello', 'alert', 'incomplete', 'invalid'].includes(r.kind));
  }), { seed: 5150, numRuns: 2000 });
  fc.assert(fc.property(fc.uint8Array({ minLength: 0, maxLength: 80 }), (tail) => {
    const b = Buffer.concat([Buffer.from([22, 3, 3, 0, 70, 2]), Buffer.from(tail)]);
    assert.doesNotThrow(() => parseServerReply(b));
  }), { seed: 5151, numRuns: 1000 });
});
