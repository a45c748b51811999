/**
 * What Debian's OpenSSL 3 cannot serve (STACK.md): an SSL 3.0 server hello and 3DES/RC4
 * suites. A front reads the first record of a connection; when the ClientHello asks for
 * SSL 3.0 (and the service allows it) or offers only emulated weak suites, it answers with
 * ServerHello + Certificate + ServerHelloDone (RFC 6101 / RFC 5246 §7.4) and closes on the
 * next message — no key exchange is simulated. Any other hello goes to the real TLS server.
 */
import type { Socket } from 'node:net';
import type { LegacyTls } from '../spec-types.ts';

/** IANA codes the front accepts per emulated class (first match wins). */
const EMULATED: Record<'3des' | 'rc4', number[]> = { '3des': [0x000a, 0xc012, 0x0016, 0x0013, 0xc008], rc4: [0x0005, 0x0004, 0xc011, 0xc007] };
/** Suites an SSL 3.0 front picks from (RSA key exchange, as SSL 3.0 servers did). */
const SSLV3_PICK = [0x002f, 0x0035, 0x000a, 0x0005, 0x0004];
/** Suites that a modern client offers: when any is offered, the real server answers instead. */
const MODERN = new Set([0x1301, 0x1302, 0x1303, 0xc02b, 0xc02c, 0xc02f, 0xc030, 0xcca8, 0xcca9, 0xc009, 0xc00a, 0xc013, 0xc014, 0x009c, 0x009d, 0x009e, 0x009f]);
const MAX_RECORD = 16_384 + 5;

/** What the front reads from a ClientHello. */
export interface ClientHelloFacts { version: number; ciphers: number[] }

/** Parses a ClientHello record; null when it is not one. */
export function parseClientHello(buf: Buffer): ClientHelloFacts | null {
  if (buf.length < 5 + 4 + 35 || buf[0] !== 22 || buf[1] !== 3 || buf[5] !== 1) return null;
  const version = buf.readUInt16BE(9);
  const sid = buf[43] ?? 0;
  let at = 44 + sid;
  if (at + 2 > buf.length) return null;
  const n = buf.readUInt16BE(at);
  at += 2;
  if (n % 2 !== 0 || at + n > buf.length) return null;
  const ciphers: number[] = [];
  for (let i = 0; i < n; i += 2) ciphers.push(buf.readUInt16BE(at + i));
  return { version, ciphers };
}

/** The suite and version the front answers with, or null to hand over to OpenSSL. */
export function legacyChoice(hello: ClientHelloFacts, legacy: LegacyTls): { version: number; cipher: number } | null {
  if (hello.version === 0x0300) {
    const c = SSLV3_PICK.find((x) => hello.ciphers.includes(x));
    return legacy.sslv3 && c !== undefined ? { version: 0x0300, cipher: c } : null;
  }
  if (hello.version < 0x0301 || hello.ciphers.some((c) => MODERN.has(c))) return null;
  for (const cls of legacy.ciphers ?? []) {
    if (cls !== '3des' && cls !== 'rc4') continue;
    const c = EMULATED[cls].find((x) => hello.ciphers.includes(x));
    if (c !== undefined) return { version: Math.min(hello.version, 0x0303), cipher: c };
  }
  return null;
}

function handshake(type: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([type, (body.length >> 16) & 0xff, (body.length >> 8) & 0xff, body.length & 0xff]), body]);
}

/** ServerHello + Certificate + ServerHelloDone in one record. */
export function legacyServerFlight(version: number, cipher: number, certDer: Buffer): Buffer {
  const hello = Buffer.alloc(2 + 32 + 1 + 2 + 1);
  hello.writeUInt16BE(version, 0);
  for (let i = 0; i < 32; i++) hello[2 + i] = (i * 29 + 7) & 0xff;
  hello[34] = 0;
  hello.writeUInt16BE(cipher, 35);
  hello[37] = 0;
  const len3 = (n: number): Buffer => Buffer.from([(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]);
  const certs = Buffer.concat([len3(certDer.length + 3), len3(certDer.length), certDer]);
  const body = Buffer.concat([handshake(2, hello), handshake(11, certs), handshake(14, Buffer.alloc(0))]);
  const head = Buffer.alloc(5);
  head[0] = 22;
  head.writeUInt16BE(version, 1);
  head.writeUInt16BE(body.length, 3);
  return Buffer.concat([head, body]);
}

/** Reads the first record; answers it as a legacy server or hands the socket (bytes put back) to `next`. */
export function legacyTlsFront(raw: Socket, legacy: LegacyTls, certDer: () => Buffer | undefined, next: (s: Socket) => void): void {
  let buf = Buffer.alloc(0);
  const onData = (d: Buffer): void => {
    buf = Buffer.concat([buf, d]);
    if (buf.length < 5) return;
    const need = 5 + buf.readUInt16BE(3);
    if (buf.length < need && buf.length < MAX_RECORD && buf[0] === 22) return;
    raw.off('data', onData);
    raw.pause();
    const hello = parseClientHello(buf.subarray(0, need));
    const choice = hello ? legacyChoice(hello, legacy) : null;
    const der = certDer();
    if (!choice || !der) { raw.unshift(buf); next(raw); return; }
    raw.write(legacyServerFlight(choice.version, choice.cipher, der));
    // The next client message (key exchange or alert) ends the conversation.
    raw.once('data', () => raw.destroy());
    raw.resume();
  };
  raw.on('data', onData);
}
