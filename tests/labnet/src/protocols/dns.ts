/** DNS over UDP (RFC 1035): version.bind CH TXT (the BIND convention) and A records of the labnet's names. */
import type { DnsProfile } from '../catalog.ts';
import type { ServiceContext } from '../session.ts';

const TYPE_A = 1, TYPE_TXT = 16, CLASS_IN = 1, CLASS_CH = 3;
const RCODE_FORMERR = 1, RCODE_NXDOMAIN = 3, RCODE_REFUSED = 5;

/** Reads the question name at `offset` (no compression in questions); null when malformed. */
export function readQname(msg: Buffer, offset: number): { name: string; end: number } | null {
  const labels: string[] = [];
  let p = offset;
  for (let n = 0; n < 128; n++) {
    const len = msg[p];
    if (len === undefined || len > 63) return null; // pointers are not valid in a question
    if (len === 0) return { name: labels.join('.').toLowerCase(), end: p + 1 };
    if (p + 1 + len > msg.length) return null;
    labels.push(msg.toString('latin1', p + 1, p + 1 + len));
    p += 1 + len;
  }
  return null;
}

function rr(type: number, cls: number, ttl: number, rdata: Buffer): Buffer {
  const b = Buffer.alloc(12);
  b.writeUInt16BE(0xc00c, 0); // pointer to the question name
  b.writeUInt16BE(type, 2);
  b.writeUInt16BE(cls, 4);
  b.writeUInt32BE(ttl, 6);
  b.writeUInt16BE(rdata.length, 10);
  return Buffer.concat([b, rdata]);
}

/** Answers one DNS query datagram; null drops it (responses and garbage get no reply). */
export function dnsReply(msg: Buffer, ctx: ServiceContext): Buffer | null {
  if (msg.length < 12 || (msg[2] ?? 0) & 0x80) return null; // too short, or a response
  const p = ctx.profile as DnsProfile;
  const id = msg.readUInt16BE(0);
  const rd = (msg[2] ?? 0) & 0x01;
  const opcode = ((msg[2] ?? 0) >> 3) & 0x0f;
  const head = (rcode: number, an: number, aa: boolean): Buffer => {
    const h = Buffer.alloc(12);
    h.writeUInt16BE(id, 0);
    h.writeUInt8(0x80 | (aa ? 0x04 : 0) | rd, 2);
    h.writeUInt8(rcode, 3);
    h.writeUInt16BE(1, 4);
    h.writeUInt16BE(an, 6);
    return h;
  };
  const q = msg.readUInt16BE(4) === 1 && opcode === 0 ? readQname(msg, 12) : null;
  if (!q || q.end + 4 > msg.length) {
    const h = head(RCODE_FORMERR, 0, false);
    h.writeUInt16BE(0, 4);
    return h;
  }
  const question = msg.subarray(12, q.end + 4);
  const qtype = msg.readUInt16BE(q.end);
  const qclass = msg.readUInt16BE(q.end + 2);
  if (qclass === CLASS_CH && qtype === TYPE_TXT && (q.name === 'version.bind' || q.name === 'version.server')) {
    const txt = Buffer.from(p.versionBind, 'latin1').subarray(0, 255);
    return Buffer.concat([head(0, 1, true), question, rr(TYPE_TXT, CLASS_CH, 0, Buffer.concat([Buffer.from([txt.length]), txt]))]);
  }
  const known = ctx.names.get(q.name);
  if (qclass === CLASS_IN && known !== undefined) {
    if (qtype !== TYPE_A || known.includes(':')) return Buffer.concat([head(0, 0, true), question]);
    return Buffer.concat([head(0, 1, true), question, rr(TYPE_A, CLASS_IN, 300, Buffer.from(known.split('.').map(Number)))]);
  }
  const zone = [...ctx.names.keys()].some((n) => q.name.endsWith(`.${n.split('.').slice(1).join('.')}`));
  // Names in the lab's zones do not exist; anything else would need recursion, which is off.
  return Buffer.concat([head(zone ? RCODE_NXDOMAIN : RCODE_REFUSED, 0, zone), question]);
}
