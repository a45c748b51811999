/**
 * A raw TLS/SSL ClientHello builder and ServerHello parser (RFC 5246 §7.4.1, RFC 6101 for
 * SSL 3.0). Node's OpenSSL cannot speak SSLv3 or offer 3DES/RC4/EXPORT suites at all
 * (STACK.md), so the protocol and cipher checks ask with hand-made hellos and read only the
 * server's first answer — no key exchange ever happens. Pure functions.
 */

/** SSL/TLS protocol versions on the wire. */
export const WIRE = { SSLv3: 0x0300, 'TLSv1': 0x0301, 'TLSv1.1': 0x0302, 'TLSv1.2': 0x0303 } as const;

/** Weak cipher suite classes and their IANA codes (names per the IANA TLS registry). */
export const WEAK_CIPHERS: Record<'null' | 'export' | 'anon' | 'rc4' | 'des' | '3des', Record<number, string>> = {
  null: { 0x0001: 'TLS_RSA_WITH_NULL_MD5', 0x0002: 'TLS_RSA_WITH_NULL_SHA', 0x003b: 'TLS_RSA_WITH_NULL_SHA256', 0xc006: 'TLS_ECDHE_ECDSA_WITH_NULL_SHA', 0xc010: 'TLS_ECDHE_RSA_WITH_NULL_SHA', 0xc015: 'TLS_ECDH_anon_WITH_NULL_SHA' },
  export: { 0x0003: 'TLS_RSA_EXPORT_WITH_RC4_40_MD5', 0x0006: 'TLS_RSA_EXPORT_WITH_RC2_CBC_40_MD5', 0x0008: 'TLS_RSA_EXPORT_WITH_DES40_CBC_SHA', 0x0011: 'TLS_DHE_DSS_EXPORT_WITH_DES40_CBC_SHA', 0x0014: 'TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA' },
  anon: { 0x0034: 'TLS_DH_anon_WITH_AES_128_CBC_SHA', 0x003a: 'TLS_DH_anon_WITH_AES_256_CBC_SHA', 0x006c: 'TLS_DH_anon_WITH_AES_128_CBC_SHA256', 0x006d: 'TLS_DH_anon_WITH_AES_256_CBC_SHA256', 0x00a6: 'TLS_DH_anon_WITH_AES_128_GCM_SHA256', 0x00a7: 'TLS_DH_anon_WITH_AES_256_GCM_SHA384', 0xc018: 'TLS_ECDH_anon_WITH_AES_128_CBC_SHA', 0xc019: 'TLS_ECDH_anon_WITH_AES_256_CBC_SHA' },
  rc4: { 0x0004: 'TLS_RSA_WITH_RC4_128_MD5', 0x0005: 'TLS_RSA_WITH_RC4_128_SHA', 0xc007: 'TLS_ECDHE_ECDSA_WITH_RC4_128_SHA', 0xc011: 'TLS_ECDHE_RSA_WITH_RC4_128_SHA', 0x0018: 'TLS_DH_anon_WITH_RC4_128_MD5' },
  des: { 0x0009: 'TLS_RSA_WITH_DES_CBC_SHA', 0x0012: 'TLS_DHE_DSS_WITH_DES_CBC_SHA', 0x0015: 'TLS_DHE_RSA_WITH_DES_CBC_SHA' },
  '3des': { 0x000a: 'TLS_RSA_WITH_3DES_EDE_CBC_SHA', 0x0013: 'TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA', 0x0016: 'TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA', 0xc008: 'TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA', 0xc012: 'TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA', 0x001b: 'TLS_DH_anon_WITH_3DES_EDE_CBC_SHA' },
};

/** A weak cipher class name. */
export type WeakCipherClass = keyof typeof WEAK_CIPHERS;

/** The class and IANA name of a weak cipher code, or undefined for any other suite. */
export function weakCipher(code: number): { cls: WeakCipherClass; name: string } | undefined {
  for (const [cls, table] of Object.entries(WEAK_CIPHERS) as [WeakCipherClass, Record<number, string>][]) {
    const name = table[code];
    if (name) return { cls, name };
  }
  return undefined;
}

/** Suites an SSL 3.0 server commonly picks (plus the renegotiation SCSV, RFC 5746). */
export const SSLV3_CIPHERS = [0x002f, 0x0035, 0x000a, 0x0005, 0x0004, 0x0009, 0x00ff];

function u16(n: number): Buffer { const b = Buffer.alloc(2); b.writeUInt16BE(n); return b; }
function vec16(b: Buffer): Buffer { return Buffer.concat([u16(b.length), b]); }
function ext(type: number, body: Buffer): Buffer { return Buffer.concat([u16(type), vec16(body)]); }

/** Builds a ClientHello record offering `ciphers` at `version` (extensions only for TLS). */
export function clientHello(version: number, ciphers: number[], serverName?: string): Buffer {
  const random = Buffer.alloc(32);
  for (let i = 0; i < 32; i++) random[i] = (i * 73 + 41) & 0xff;
  const suites = Buffer.concat(ciphers.map(u16));
  let extensions: Buffer = Buffer.alloc(0);
  if (version >= WIRE.TLSv1) {
    const parts: Buffer[] = [];
    if (serverName) {
      const name = Buffer.from(serverName, 'ascii');
      parts.push(ext(0, vec16(Buffer.concat([Buffer.from([0]), vec16(name)]))));
    }
    parts.push(ext(10, vec16(Buffer.concat([0x001d, 0x0017, 0x0018].map(u16))))); // supported_groups (RFC 8422)
    parts.push(ext(11, Buffer.from([1, 0]))); // ec_point_formats: uncompressed
    if (version >= WIRE['TLSv1.2']) {
      parts.push(ext(13, vec16(Buffer.concat([0x0401, 0x0501, 0x0601, 0x0201, 0x0403, 0x0503, 0x0603, 0x0203, 0x0804, 0x0805, 0x0806].map(u16)))));
    }
    parts.push(ext(0xff01, Buffer.from([0]))); // renegotiation_info (RFC 5746)
    extensions = vec16(Buffer.concat(parts));
  }
  const body = Buffer.concat([u16(version), random, Buffer.from([0]), vec16(suites), Buffer.from([1, 0]), extensions]);
  const hs = Buffer.concat([Buffer.from([1, (body.length >> 16) & 0xff, (body.length >> 8) & 0xff, body.length & 0xff]), body]);
  // Record-layer version: SSL 3.0 for an SSLv3 hello, TLS 1.0 otherwise (what real clients send).
  return Buffer.concat([Buffer.from([22]), u16(version === WIRE.SSLv3 ? WIRE.SSLv3 : WIRE.TLSv1), vec16(hs)]);
}

/** The server's first answer to a hello. */
export type HelloReply =
  | { kind: 'server-hello'; version: number; cipher: number }
  | { kind: 'alert'; level: number; description: number }
  | { kind: 'incomplete' }
  | { kind: 'invalid'; reason: string };

/** Parses the first record a server sent after our ClientHello. */
export function parseServerReply(buf: Buffer): HelloReply {
  if (buf.length < 5) return { kind: 'incomplete' };
  const type = buf[0];
  if (buf[1] !== 3 || (type !== 21 && type !== 22)) return { kind: 'invalid', reason: 'not a TLS record' };
  const len = buf.readUInt16BE(3);
  if (len === 0 || len > 18_432) return { kind: 'invalid', reason: `bad record length ${len}` };
  if (type === 21) {
    if (buf.length < 7) return { kind: 'incomplete' };
    return { kind: 'alert', level: buf[5] ?? 0, description: buf[6] ?? 0 };
  }
  if (buf.length < 5 + Math.min(len, 44)) return { kind: 'incomplete' };
  if (buf[5] !== 2) return { kind: 'invalid', reason: `first handshake message is type ${buf[5]}, not ServerHello` };
  if (len < 42) return { kind: 'invalid', reason: 'ServerHello too short' };
  const version = buf.readUInt16BE(9);
  const sid = buf[43] ?? 0;
  if (sid > 32) return { kind: 'invalid', reason: 'session id longer than 32 bytes' };
  const at = 44 + sid;
  if (at + 3 > 5 + len) return { kind: 'invalid', reason: 'ServerHello too short' };
  if (buf.length < at + 3) return { kind: 'incomplete' };
  return { kind: 'server-hello', version, cipher: buf.readUInt16BE(at) };
}

/** True once parseServerReply can decide. */
export function replyComplete(buf: Buffer): boolean {
  return parseServerReply(buf).kind !== 'incomplete';
}

/** Wire version as a name (`SSLv3`, `TLSv1.2`, …). */
export function versionName(v: number): string {
  const hit = Object.entries(WIRE).find(([, n]) => n === v);
  return hit ? hit[0] : `0x${v.toString(16).padStart(4, '0')}`;
}
