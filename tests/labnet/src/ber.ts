/** Minimal BER (X.690) for SNMP: definite lengths, INTEGER, OCTET STRING, NULL, OID, SEQUENCE and context tags. */

/** One decoded TLV. */
export interface Tlv { tag: number; value: Buffer; end: number }

/** Reads the TLV at `offset`; throws on truncation or unsupported (indefinite/long-tag) forms. */
export function readTlv(buf: Buffer, offset: number): Tlv {
  const tag = buf[offset];
  let lenByte = buf[offset + 1];
  if (tag === undefined || lenByte === undefined) throw new Error('BER truncated');
  if ((tag & 0x1f) === 0x1f) throw new Error('BER long tags not supported');
  let p = offset + 2;
  let len = lenByte;
  if (lenByte & 0x80) {
    const n = lenByte & 0x7f;
    if (n === 0 || n > 3) throw new Error('BER length form not supported');
    len = 0;
    for (let i = 0; i < n; i++) {
      lenByte = buf[p++];
      if (lenByte === undefined) throw new Error('BER truncated');
      len = len * 256 + lenByte;
    }
  }
  if (p + len > buf.length) throw new Error('BER value truncated');
  return { tag, value: buf.subarray(p, p + len), end: p + len };
}

/** All TLVs inside a constructed value. */
export function children(value: Buffer): Tlv[] {
  const out: Tlv[] = [];
  for (let p = 0; p < value.length && out.length < 256;) {
    const t = readTlv(value, p);
    out.push(t);
    p = t.end;
  }
  return out;
}

/** Encodes a TLV with a definite length. */
export function tlv(tag: number, value: Buffer): Buffer {
  const n = value.length;
  const len = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), len, value]);
}

/** Two's-complement INTEGER content (minimal length). */
export function intBytes(v: number): Buffer {
  const out: number[] = [];
  let x = v;
  do { out.unshift(x & 0xff); x = Math.floor(x / 256); } while (x !== 0 && x !== -1);
  if (v >= 0 && ((out[0] ?? 0) & 0x80)) out.unshift(0);
  if (v < 0 && !((out[0] ?? 0) & 0x80)) out.unshift(0xff);
  return Buffer.from(out);
}

/** Decodes INTEGER content (up to 6 bytes). */
export function readInt(v: Buffer): number {
  if (v.length === 0 || v.length > 6) throw new Error('BER integer length');
  return v.readIntBE(0, v.length);
}

/** Encodes dotted OID content. */
export function oidBytes(oid: string): Buffer {
  const parts = oid.split('.').map(Number);
  const out: number[] = [(parts[0] ?? 0) * 40 + (parts[1] ?? 0)];
  for (const n of parts.slice(2)) {
    const chunk: number[] = [n & 0x7f];
    for (let x = Math.floor(n / 128); x > 0; x = Math.floor(x / 128)) chunk.unshift((x & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return Buffer.from(out);
}

/** Decodes OID content to dotted form. */
export function readOid(v: Buffer): string {
  if (v.length === 0 || v.length > 128) throw new Error('BER OID length');
  const first = v[0] ?? 0;
  const parts = [Math.min(2, Math.floor(first / 40)), first - Math.min(2, Math.floor(first / 40)) * 40];
  let n = 0;
  for (const b of v.subarray(1)) {
    n = n * 128 + (b & 0x7f);
    if (n > 2 ** 32) throw new Error('BER OID arc too large');
    if (!(b & 0x80)) { parts.push(n); n = 0; }
  }
  return parts.join('.');
}
