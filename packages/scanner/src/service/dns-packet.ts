/**
 * DNS messages (RFC 1035 §4): the CHAOS-class `version.bind` TXT query servers such as BIND
 * answer with their version, and a bounded parser of the reply.
 */

/** Query for `version.bind` CH TXT with the given id (RD clear: it is not a recursive question). */
export function buildVersionBindQuery(id: number): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(id & 0xffff, 0);
  header.writeUInt16BE(0x0000, 2);
  header.writeUInt16BE(1, 4);
  const qname = Buffer.from([7, ...Buffer.from('version'), 4, ...Buffer.from('bind'), 0]);
  const tail = Buffer.alloc(4);
  tail.writeUInt16BE(16, 0); // TXT
  tail.writeUInt16BE(3, 2); // CH (RFC 1035 §3.2.4)
  return Buffer.concat([header, qname, tail]);
}

/** A parsed reply: header facts and the TXT strings of its answers. */
export interface DnsReply {
  id: number;
  rcode: number;
  rcodeName: string;
  authoritative: boolean;
  recursionAvailable: boolean;
  answers: number;
  txt: string[];
}

const RCODES = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED'];

/** Skips a (possibly compressed) name; returns the offset after it or -1. */
function skipName(buf: Buffer, pos: number): number {
  for (let i = 0; i < 128; i++) {
    const len = buf[pos];
    if (len === undefined) return -1;
    if (len === 0) return pos + 1;
    if ((len & 0xc0) === 0xc0) return pos + 2 <= buf.length ? pos + 2 : -1;
    if ((len & 0xc0) !== 0) return -1;
    pos += 1 + len;
  }
  return -1;
}

/** Parses a DNS reply; undefined when `buf` is not a DNS response. Never throws. */
export function parseDnsReply(buf: Buffer): DnsReply | undefined {
  if (buf.length < 12) return undefined;
  const flags = buf.readUInt16BE(2);
  if ((flags & 0x8000) === 0) return undefined;
  const qd = buf.readUInt16BE(4);
  const an = buf.readUInt16BE(6);
  const rcode = flags & 0x0f;
  const reply: DnsReply = {
    id: buf.readUInt16BE(0), rcode, rcodeName: RCODES[rcode] ?? `RCODE${rcode}`,
    authoritative: (flags & 0x0400) !== 0, recursionAvailable: (flags & 0x0080) !== 0, answers: an, txt: [],
  };
  let pos = 12;
  for (let i = 0; i < Math.min(qd, 4); i++) {
    pos = skipName(buf, pos);
    if (pos < 0 || pos + 4 > buf.length) return reply;
    pos += 4;
  }
  for (let i = 0; i < Math.min(an, 16); i++) {
    pos = skipName(buf, pos);
    if (pos < 0 || pos + 10 > buf.length) return reply;
    const type = buf.readUInt16BE(pos);
    const rdlen = buf.readUInt16BE(pos + 8);
    pos += 10;
    if (pos + rdlen > buf.length) return reply;
    if (type === 16) {
      const parts: string[] = [];
      for (let p = pos; p < pos + rdlen;) {
        const l = buf[p] ?? 0;
        parts.push(buf.subarray(p + 1, Math.min(p + 1 + l, pos + rdlen)).toString('latin1'));
        p += 1 + l;
      }
      reply.txt.push(parts.join(''));
    }
    pos += rdlen;
  }
  return reply;
}
