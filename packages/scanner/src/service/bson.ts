/**
 * Minimal BSON (bsonspec.org 1.1) encoder and decoder: enough for MongoDB's hello/isMaster
 * and buildInfo. The decoder is bounded in depth and element count and never throws.
 */

/** A decoded BSON value (binary, ObjectId and other exotic types are summarised as strings). */
export type BsonValue = number | bigint | string | boolean | null | BsonValue[] | BsonDocument;
/** A decoded BSON document. */
export interface BsonDocument { [key: string]: BsonValue }

const MAX_DEPTH = 16;
const MAX_ELEMENTS = 2000;

/** Encodes a document of strings, numbers (int32 when integral and in range, else double), booleans, null, arrays and sub-documents. */
export function encodeBson(doc: Record<string, unknown>): Buffer {
  const parts: Buffer[] = [];
  for (const [key, value] of Object.entries(doc)) parts.push(encodeElement(key, value));
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(4);
  head.writeInt32LE(body.length + 5);
  return Buffer.concat([head, body, Buffer.from([0])]);
}

function cstring(s: string): Buffer {
  return Buffer.concat([Buffer.from(s.replace(/\0/g, ''), 'utf8'), Buffer.from([0])]);
}

function encodeElement(key: string, value: unknown): Buffer {
  const name = cstring(key);
  if (typeof value === 'string') {
    const s = Buffer.from(value, 'utf8');
    const len = Buffer.alloc(4);
    len.writeInt32LE(s.length + 1);
    return Buffer.concat([Buffer.from([0x02]), name, len, s, Buffer.from([0])]);
  }
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= -0x80000000 && value <= 0x7fffffff) {
      const b = Buffer.alloc(4);
      b.writeInt32LE(value);
      return Buffer.concat([Buffer.from([0x10]), name, b]);
    }
    const b = Buffer.alloc(8);
    b.writeDoubleLE(value);
    return Buffer.concat([Buffer.from([0x01]), name, b]);
  }
  if (typeof value === 'bigint') {
    const b = Buffer.alloc(8);
    b.writeBigInt64LE(value);
    return Buffer.concat([Buffer.from([0x12]), name, b]);
  }
  if (typeof value === 'boolean') return Buffer.concat([Buffer.from([0x08]), name, Buffer.from([value ? 1 : 0])]);
  if (value === null || value === undefined) return Buffer.concat([Buffer.from([0x0a]), name]);
  if (Array.isArray(value)) {
    const asDoc: Record<string, unknown> = {};
    value.forEach((v, i) => { asDoc[String(i)] = v; });
    return Buffer.concat([Buffer.from([0x04]), name, encodeBson(asDoc)]);
  }
  return Buffer.concat([Buffer.from([0x03]), name, encodeBson(value as Record<string, unknown>)]);
}

/** Decodes one document at `offset`; returns it and its end, or a reason when malformed. */
export function decodeBson(buf: Buffer, offset = 0): { doc: BsonDocument; end: number } | string {
  const budget = { elements: MAX_ELEMENTS };
  const r = decodeDoc(buf, offset, 0, budget, false);
  return typeof r === 'string' ? r : { doc: r.value as BsonDocument, end: r.end };
}

type Budget = { elements: number };

function decodeDoc(buf: Buffer, offset: number, depth: number, budget: Budget, asArray: boolean): { value: BsonValue; end: number } | string {
  if (depth > MAX_DEPTH) return 'BSON nested too deeply';
  if (offset + 5 > buf.length) return 'BSON document truncated';
  const size = buf.readInt32LE(offset);
  if (size < 5 || offset + size > buf.length) return `BSON document size ${size} out of range`;
  const end = offset + size;
  if (buf[end - 1] !== 0) return 'BSON document not terminated';
  const doc: BsonDocument = {};
  const arr: BsonValue[] = [];
  let pos = offset + 4;
  while (pos < end - 1) {
    if (--budget.elements < 0) return 'BSON has too many elements';
    const type = buf[pos] ?? 0;
    const nul = buf.indexOf(0, pos + 1);
    if (nul < 0 || nul >= end) return 'BSON element name not terminated';
    const key = buf.subarray(pos + 1, nul).toString('utf8');
    pos = nul + 1;
    const v = decodeValue(buf, type, pos, end, depth, budget);
    if (typeof v === 'string') return v;
    if (asArray) arr.push(v.value);
    else doc[key] = v.value;
    pos = v.end;
  }
  return { value: asArray ? arr : doc, end };
}

function fixed(buf: Buffer, pos: number, end: number, n: number): boolean {
  return pos + n <= end;
}

function decodeValue(buf: Buffer, type: number, pos: number, end: number, depth: number, budget: Budget): { value: BsonValue; end: number } | string {
  switch (type) {
    case 0x01: return fixed(buf, pos, end, 8) ? { value: buf.readDoubleLE(pos), end: pos + 8 } : 'BSON double truncated';
    case 0x02: case 0x0d: case 0x0e: {
      if (!fixed(buf, pos, end, 4)) return 'BSON string truncated';
      const len = buf.readInt32LE(pos);
      if (len < 1 || pos + 4 + len > end) return `BSON string length ${len} out of range`;
      return { value: buf.subarray(pos + 4, pos + 3 + len).toString('utf8'), end: pos + 4 + len };
    }
    case 0x03: case 0x04: return decodeDoc(buf, pos, depth + 1, budget, type === 0x04);
    case 0x05: {
      if (!fixed(buf, pos, end, 5)) return 'BSON binary truncated';
      const len = buf.readInt32LE(pos);
      if (len < 0 || pos + 5 + len > end) return 'BSON binary length out of range';
      return { value: `<binary ${len} bytes>`, end: pos + 5 + len };
    }
    case 0x06: case 0x0a: case 0x7f: case 0xff: return { value: null, end: pos };
    case 0x07: return fixed(buf, pos, end, 12) ? { value: buf.subarray(pos, pos + 12).toString('hex'), end: pos + 12 } : 'BSON ObjectId truncated';
    case 0x08: return fixed(buf, pos, end, 1) ? { value: buf[pos] !== 0, end: pos + 1 } : 'BSON boolean truncated';
    case 0x09: case 0x11: case 0x12:
      return fixed(buf, pos, end, 8) ? { value: buf.readBigInt64LE(pos), end: pos + 8 } : 'BSON int64 truncated';
    case 0x10: return fixed(buf, pos, end, 4) ? { value: buf.readInt32LE(pos), end: pos + 4 } : 'BSON int32 truncated';
    case 0x13: return fixed(buf, pos, end, 16) ? { value: '<decimal128>', end: pos + 16 } : 'BSON decimal128 truncated';
    case 0x0b: {
      const a = buf.indexOf(0, pos);
      const b = a < 0 ? -1 : buf.indexOf(0, a + 1);
      return b < 0 || b >= end ? 'BSON regex truncated' : { value: `/${buf.subarray(pos, a).toString('utf8')}/`, end: b + 1 };
    }
    default: return `BSON type 0x${type.toString(16)} not supported`;
  }
}
