/**
 * SNMP GetRequest/Response (RFC 3416 PDUs in RFC 1157/1901 messages), BER encoded (X.690)
 * by hand: just enough for sysDescr.0 and sysObjectID.0 with a community string.
 */

/** sysDescr.0 (RFC 3418 SNMPv2-MIB): a free-text description of the system. */
export const SYS_DESCR = '1.3.6.1.2.1.1.1.0';
/** sysObjectID.0 (RFC 3418 SNMPv2-MIB): the vendor's OID for the device type. */
export const SYS_OBJECT_ID = '1.3.6.1.2.1.1.2.0';

function berLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  if (n < 0x100) return Buffer.from([0x81, n]);
  return Buffer.from([0x82, n >> 8, n & 0xff]);
}

function tlv(tag: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), berLength(body.length), body]);
}

function berInt(n: number): Buffer {
  const bytes: number[] = [];
  let v = n;
  do { bytes.unshift(v & 0xff); v = Math.floor(v / 256); } while (v > 0);
  if ((bytes[0] ?? 0) & 0x80) bytes.unshift(0);
  return tlv(0x02, Buffer.from(bytes));
}

/** BER-encodes a dotted OID (X.690 §8.19: first two arcs combined, base-128 subidentifiers). */
export function encodeOid(oid: string): Buffer {
  const arcs = oid.split('.').map(Number);
  const subids = [(arcs[0] ?? 0) * 40 + (arcs[1] ?? 0), ...arcs.slice(2)];
  const out: number[] = [];
  for (const id of subids) {
    const chunk: number[] = [id & 0x7f];
    for (let v = Math.floor(id / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

/** Decodes BER OID content bytes to dotted form. */
export function decodeOid(body: Buffer): string {
  const subids: number[] = [];
  let v = 0;
  for (const b of body.subarray(0, 128)) {
    v = v * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) { subids.push(v); v = 0; }
  }
  const [first, ...rest] = subids;
  if (first === undefined) return '';
  const top = first < 40 ? 0 : first < 80 ? 1 : 2;
  return [top, first - top * 40, ...rest].join('.');
}

/** GetRequest for `oids` (version 0 = v1, 1 = v2c). */
export function buildSnmpGet(version: 0 | 1, community: string, requestId: number, oids: string[]): Buffer {
  const varbinds = tlv(0x30, Buffer.concat(oids.map((o) => tlv(0x30, Buffer.concat([encodeOid(o), Buffer.from([0x05, 0x00])])))));
  const pdu = tlv(0xa0, Buffer.concat([berInt(requestId), berInt(0), berInt(0), varbinds]));
  return tlv(0x30, Buffer.concat([berInt(version), tlv(0x04, Buffer.from(community, 'latin1')), pdu]));
}

interface Tlv { tag: number; body: Buffer; end: number }

function readTlv(buf: Buffer, pos: number): Tlv | undefined {
  const tag = buf[pos];
  let lenByte = buf[pos + 1];
  if (tag === undefined || lenByte === undefined) return undefined;
  let p = pos + 2;
  let len = lenByte;
  if (lenByte & 0x80) {
    const n = lenByte & 0x7f;
    if (n === 0 || n > 3) return undefined;
    len = 0;
    for (let i = 0; i < n; i++) { lenByte = buf[p++]; if (lenByte === undefined) return undefined; len = len * 256 + lenByte; }
  }
  if (p + len > buf.length) return undefined;
  return { tag, body: buf.subarray(p, p + len), end: p + len };
}

/** A parsed GetResponse: version, community, error status and the varbinds as text. */
export interface SnmpReply {
  version: number;
  community: string;
  requestId: number;
  errorStatus: number;
  values: Record<string, string>;
}

/** Parses a GetResponse (PDU tag 0xa2); undefined when not SNMP. Never throws. */
export function parseSnmpReply(buf: Buffer): SnmpReply | undefined {
  const msg = readTlv(buf, 0);
  if (msg?.tag !== 0x30) return undefined;
  const ver = readTlv(msg.body, 0);
  const comm = ver && readTlv(msg.body, ver.end);
  const pdu = comm && readTlv(msg.body, comm.end);
  if (ver?.tag !== 0x02 || comm?.tag !== 0x04 || pdu?.tag !== 0xa2) return undefined;
  const rid = readTlv(pdu.body, 0);
  const err = rid && readTlv(pdu.body, rid.end);
  const idx = err && readTlv(pdu.body, err.end);
  const list = idx && readTlv(pdu.body, idx.end);
  if (!rid || !err || !list || list.tag !== 0x30) return undefined;
  const values: Record<string, string> = {};
  let pos = 0;
  for (let i = 0; i < 16 && pos < list.body.length; i++) {
    const vb = readTlv(list.body, pos);
    if (!vb) break;
    pos = vb.end;
    const name = readTlv(vb.body, 0);
    const value = name && readTlv(vb.body, name.end);
    if (name?.tag !== 0x06 || !value) continue;
    values[decodeOid(name.body)] = value.tag === 0x06 ? decodeOid(value.body) : value.tag === 0x04 ? value.body.toString('latin1').slice(0, 1024) : `<tag 0x${value.tag.toString(16)}>`;
  }
  return { version: uint(ver.body), community: comm.body.toString('latin1'), requestId: uint(rid.body), errorStatus: uint(err.body), values };
}

function uint(b: Buffer): number {
  let v = 0;
  for (const x of b.subarray(0, 6)) v = v * 256 + x;
  return v;
}
