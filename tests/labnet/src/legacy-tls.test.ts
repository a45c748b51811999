// The legacy TLS front's decisions: which hellos it answers as an SSL 3.0 / 3DES / RC4 server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { legacyChoice, legacyServerFlight, parseClientHello } from './protocols/legacy-tls.ts';

function hello(version: number, ciphers: number[]): Buffer {
  const suites = Buffer.alloc(2 + ciphers.length * 2);
  suites.writeUInt16BE(ciphers.length * 2, 0);
  ciphers.forEach((c, i) => suites.writeUInt16BE(c, 2 + i * 2));
  const body = Buffer.concat([Buffer.from([version >> 8, version & 0xff]), Buffer.alloc(32), Buffer.from([0]), suites, Buffer.from([1, 0])]);
  const hs = Buffer.concat([Buffer.from([1, 0, body.length >> 8, body.length & 0xff]), body]);
  return Buffer.concat([Buffer.from([22, 3, 1, hs.length >> 8, hs.length & 0xff]), hs]);
}

test('parseClientHello reads version and suites; rejects other records', () => {
  assert.deepEqual(parseClientHello(hello(0x0300, [0x002f, 0x00ff])), { version: 0x0300, ciphers: [0x002f, 0x00ff] });
  assert.equal(parseClientHello(Buffer.from('GET / HTTP/1.1\r\n\r\n')), null);
  assert.equal(parseClientHello(hello(0x0303, [0x000a]).subarray(0, 46)), null, 'truncated');
});

test('legacyChoice table', () => {
  const all = { sslv3: true, ciphers: ['3des', 'rc4'] as ('3des' | 'rc4')[] };
  const rows: [string, Buffer, Parameters<typeof legacyChoice>[1], ReturnType<typeof legacyChoice>][] = [
    ['SSLv3 hello, SSLv3 on', hello(0x0300, [0x002f]), all, { version: 0x0300, cipher: 0x002f }],
    ['SSLv3 hello, SSLv3 off', hello(0x0300, [0x002f]), { ciphers: ['3des'] }, null],
    ['weak-only TLS 1.2 hello', hello(0x0303, [0x0005, 0x000a]), all, { version: 0x0303, cipher: 0x000a }],
    ['weak suites next to modern ones go to OpenSSL', hello(0x0303, [0xc02f, 0x000a]), all, null],
    ['3DES only when 3DES is enabled', hello(0x0303, [0x000a]), { ciphers: ['rc4'] }, null],
    ['a TLS 1.3-style hello with modern suites', hello(0x0303, [0x1301, 0x1302]), all, null],
  ];
  for (const [name, h, legacy, want] of rows) {
    const p = parseClientHello(h);
    assert.ok(p, name);
    assert.deepEqual(legacyChoice(p, legacy), want, name);
  }
});

test('legacyServerFlight: ServerHello, Certificate, ServerHelloDone in one record', () => {
  const der = Buffer.from('3003020101', 'hex');
  const f = legacyServerFlight(0x0300, 0x000a, der);
  assert.deepEqual([...f.subarray(0, 3)], [22, 3, 0]);
  assert.equal(f.readUInt16BE(3), f.length - 5);
  assert.equal(f[5], 2, 'ServerHello first');
  assert.equal(f.readUInt16BE(9), 0x0300);
  assert.equal(f.readUInt16BE(44), 0x000a, 'chosen suite after random and empty session id');
  assert.equal(f[f.length - 4], 14, 'ServerHelloDone last');
});
