/**
 * Minimal BSON (https://bsonspec.org/spec.html) for the MongoDB simulator and its tests.
 * Numbers that are safe int32 encode as int32, others as double; wrap in Double to force a
 * double (mongod sends `ok: 1.0`); bigint encodes as int64.
 */

/** A value that must be encoded as a BSON double even when it is integral. */
export class Double {
  readonly value: number;
  constructor(value: number) { this.value = value; }
}

/** Any value the encoder accepts. */
export type BsonValue = string | number | bigint | boolean | null | Date | Double | BsonValue[] | { [k: string]: BsonValue };

function cstring(s: string): Buffer {
  if (s.includes('\0')) throw new Error('BSON key contains NUL');
  return Buffer.from(`${s}\0`, 'utf8');
}

function element(key: string, v: BsonValue): Buffer {
  const k = cstring(key);
  const b = (type: number, body: Buffer): Buffer => Buffer.concat([Buffer.from([type]), k, body]);
  if (v instanceof Double) { const x = Buffer.alloc(8); x.writeDoubleLE(v.value); return b(0x01, x); }
  if (typeof v === 'string') {
    const s = Buffer.from(v, 'utf8');
    const len = Buffer.alloc(4);
    len.writeInt32LE(s.length + 1);
    return b(0x02, Buffer.concat([len, s, Buffer.from([0])]));
  }
  if (typeof v === 'number') {
    if (Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31) { const x = Buffer.alloc(4); x.writeInt32LE(v); return b(0x10, x); }
    const x = Buffer.alloc(8); x.writeDoubleLE(v); return b(0x01, x);
  }
  if (typeof v === 'bigint') { const x = Buffer.alloc(8); x.writeBigInt64LE(v); return b(0x12, x); }
  if (typeof v === 'boolean') return b(0x08, Buffer.from([v ? 1 : 0]));
  if (v === null) return b(0x0a, Buffer.alloc(0));
  if (v instanceof Date) { const x = Buffer.alloc(8); x.writeBigInt64LE(BigInt(v.getTime())); return b(0x09, x); }
  if (Array.isArray(v)) return b(0x04, encodeBson(Object.fromEntries(v.map((x, i) => [String(i), x]))));
  return b(0x03, encodeBson(v));
}

/** Encodes a document. */
export function encodeBson(doc: { [k: string]: BsonValue }): Buffer {
  const body = Buffer.concat(Object.entries(doc).map(([k, v]) => element(k, v)));
  const len = Buffer.alloc(4);
  len.writeInt32LE(body.length + 5);
  return Buffer.concat([len, body, Buffer.from([0])]);
}

/** A decoded value (binary, ObjectId and timestamps come back as Buffers / bigint). */
export type Decoded = string | number | bigint | boolean | null | Date | Buffer | Decoded[] | { [k: string]: Decoded };

const MAX_DEPTH = 32;

/** Own-property assignment, so a `__proto__` key from the wire cannot change a prototype. */
function set(o: { [k: string]: Decoded }, key: string, value: Decoded): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Decodes the document at `offset`; throws on malformed input (bounds-checked, depth-limited). */
export function decodeBson(buf: Buffer, offset = 0, depth = 0): { [k: string]: Decoded } {
  if (depth > MAX_DEPTH) throw new Error('BSON nesting too deep');
  if (offset + 5 > buf.length) throw new Error('BSON document truncated');
  const len = buf.readInt32LE(offset);
  const end = offset + len;
  if (len < 5 || end > buf.length || buf[end - 1] !== 0) throw new Error('BSON document length invalid');
  const out: { [k: string]: Decoded } = {};
  let p = offset + 4;
  while (p < end - 1) {
    const type = buf.readUInt8(p++);
    const nul = buf.indexOf(0, p);
    if (nul < 0 || nul >= end) throw new Error('BSON key unterminated');
    const key = buf.toString('utf8', p, nul);
    p = nul + 1;
    const need = (n: number): void => { if (p + n > end - 1) throw new Error('BSON value truncated'); };
    switch (type) {
      case 0x01: need(8); set(out, key, buf.readDoubleLE(p)); p += 8; break;
      case 0x02: { need(4); const n = buf.readInt32LE(p); need(4 + n); if (n < 1) throw new Error('BSON string length invalid'); set(out, key, buf.toString('utf8', p + 4, p + 4 + n - 1)); p += 4 + n; break; }
      case 0x03: case 0x04: {
        need(4); const n = buf.readInt32LE(p); need(n);
        const sub = decodeBson(buf, p, depth + 1);
        set(out, key, type === 0x04 ? Object.values(sub) : sub); p += n; break;
      }
      case 0x05: { need(5); const n = buf.readInt32LE(p); need(5 + n); if (n < 0) throw new Error('BSON binary length invalid'); set(out, key, buf.subarray(p + 5, p + 5 + n)); p += 5 + n; break; }
      case 0x07: need(12); set(out, key, buf.subarray(p, p + 12)); p += 12; break;
      case 0x08: need(1); set(out, key, buf[p] === 1); p += 1; break;
      case 0x09: need(8); set(out, key, new Date(Number(buf.readBigInt64LE(p)))); p += 8; break;
      case 0x0a: set(out, key, null); break;
      case 0x10: need(4); set(out, key, buf.readInt32LE(p)); p += 4; break;
      case 0x11: case 0x12: need(8); set(out, key, buf.readBigInt64LE(p)); p += 8; break;
      default: throw new Error(`BSON type 0x${type.toString(16)} not supported`);
    }
  }
  return out;
}
