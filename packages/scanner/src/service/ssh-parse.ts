/**
 * Pure parsers of the SSH version exchange (RFC 4253 §4.2) and of the server's KEXINIT
 * packet (RFC 4253 §6 binary packet, §7.1 SSH_MSG_KEXINIT). No I/O here.
 */

/** The parsed identification line `SSH-protoversion-softwareversion SP comments`. */
export interface SshIdentification {
  /** The whole line without CR LF. */
  identification: string;
  protoVersion: string;
  softwareVersion: string;
  comments?: string;
  /** Byte offset just after the line's LF (where the binary packets start). */
  end: number;
}

/** Name-lists of a KEXINIT packet, in RFC 4253 §7.1 order. */
export interface KexInit {
  cookie: string;
  kexAlgorithms: string[];
  hostKeyAlgorithms: string[];
  ciphersClientToServer: string[];
  ciphersServerToClient: string[];
  macsClientToServer: string[];
  macsServerToClient: string[];
  compressionClientToServer: string[];
  compressionServerToClient: string[];
  languagesClientToServer: string[];
  languagesServerToClient: string[];
  firstKexPacketFollows: boolean;
}

/** RFC 4253 §4.2: the line is at most 255 characters including CR LF. We allow some slack. */
const MAX_LINE = 1024;
/** RFC 4253 §4.2 lets a server send other lines first; we look at no more than this many. */
const MAX_PRELUDE_LINES = 20;
/** RFC 4253 §6.1: implementations must handle packets of 35000 bytes; nothing sane is larger. */
export const MAX_SSH_PACKET = 35_000;
/** SSH_MSG_KEXINIT (RFC 4253 §12). */
const MSG_KEXINIT = 20;

/**
 * Finds the identification line in the bytes a server sent first. Returns undefined while
 * no complete `SSH-` line is present (more bytes may come), or when the prelude is too long.
 */
export function parseSshIdentification(buf: Buffer): SshIdentification | undefined {
  let start = 0;
  for (let lineNo = 0; lineNo < MAX_PRELUDE_LINES && start < buf.length; lineNo++) {
    const lf = buf.indexOf(0x0a, start);
    if (lf < 0) return undefined;
    if (lf - start > MAX_LINE) return undefined;
    const line = buf.subarray(start, lf).toString('latin1').replace(/\r$/, '');
    if (line.startsWith('SSH-')) {
      const parsed = splitIdentification(line);
      return parsed ? { ...parsed, end: lf + 1 } : undefined;
    }
    start = lf + 1;
  }
  return undefined;
}

/** Splits `SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.10` into its RFC 4253 parts. */
export function splitIdentification(line: string): Omit<SshIdentification, 'end'> | undefined {
  const m = /^SSH-([^-\s]+)-(\S*)(?: (.*))?$/.exec(line);
  if (!m) return undefined;
  const comments = m[3]?.trim();
  return {
    identification: line,
    protoVersion: m[1] ?? '',
    softwareVersion: m[2] ?? '',
    ...(comments ? { comments } : {}),
  };
}

/** Result of trying to read one binary packet from the front of a buffer. */
export type PacketResult =
  | { kind: 'packet'; payload: Buffer; end: number }
  | { kind: 'need'; bytes: number }
  | { kind: 'invalid'; reason: string };

/** Reads one unencrypted binary packet (RFC 4253 §6): uint32 length, byte padding, payload, padding. */
export function readSshPacket(buf: Buffer, offset = 0): PacketResult {
  if (buf.length - offset < 5) return { kind: 'need', bytes: 5 - (buf.length - offset) };
  const packetLength = buf.readUInt32BE(offset);
  const padding = buf[offset + 4] ?? 0;
  if (packetLength < 5 || packetLength > MAX_SSH_PACKET) return { kind: 'invalid', reason: `packet length ${packetLength} out of range` };
  if (padding >= packetLength) return { kind: 'invalid', reason: `padding length ${padding} exceeds packet length ${packetLength}` };
  const end = offset + 4 + packetLength;
  if (buf.length < end) return { kind: 'need', bytes: end - buf.length };
  return { kind: 'packet', payload: buf.subarray(offset + 5, end - padding), end };
}

/** Parses a KEXINIT payload (starting at the message number). Returns a reason string when malformed. */
export function parseKexInit(payload: Buffer): KexInit | string {
  if (payload.length < 17) return 'KEXINIT too short';
  if (payload[0] !== MSG_KEXINIT) return `expected SSH_MSG_KEXINIT (20), got message ${payload[0]}`;
  const cookie = payload.subarray(1, 17).toString('hex');
  let pos = 17;
  const lists: string[][] = [];
  for (let i = 0; i < 10; i++) {
    if (pos + 4 > payload.length) return `name-list ${i} truncated`;
    const len = payload.readUInt32BE(pos);
    pos += 4;
    if (len > payload.length - pos) return `name-list ${i} length ${len} exceeds packet`;
    const text = payload.subarray(pos, pos + len).toString('latin1');
    pos += len;
    lists.push(text === '' ? [] : text.split(',').slice(0, 200));
  }
  const follows = pos < payload.length ? payload[pos] !== 0 : false;
  const l = (i: number): string[] => lists[i] ?? [];
  return {
    cookie,
    kexAlgorithms: l(0), hostKeyAlgorithms: l(1),
    ciphersClientToServer: l(2), ciphersServerToClient: l(3),
    macsClientToServer: l(4), macsServerToClient: l(5),
    compressionClientToServer: l(6), compressionServerToClient: l(7),
    languagesClientToServer: l(8), languagesServerToClient: l(9),
    firstKexPacketFollows: follows,
  };
}

/** Union of two name-lists in first-seen order (checks want everything the server offers). */
export function unionLists(a: string[], b: string[]): string[] {
  return [...new Set([...a, ...b])];
}

/** Builds a KEXINIT payload (for tests and for servers in tests). */
export function buildKexInit(lists: string[][], cookie = Buffer.alloc(16, 7)): Buffer {
  const parts: Buffer[] = [Buffer.from([MSG_KEXINIT]), cookie];
  for (let i = 0; i < 10; i++) {
    const s = Buffer.from((lists[i] ?? []).join(','), 'latin1');
    const len = Buffer.alloc(4);
    len.writeUInt32BE(s.length);
    parts.push(len, s);
  }
  parts.push(Buffer.from([0, 0, 0, 0, 0]));
  return Buffer.concat(parts);
}

/** Wraps a payload in an unencrypted binary packet with RFC 4253 §6 padding (block size 8). */
export function buildSshPacket(payload: Buffer): Buffer {
  let padding = 8 - ((payload.length + 5) % 8);
  if (padding < 4) padding += 8;
  const head = Buffer.alloc(5);
  head.writeUInt32BE(payload.length + padding + 1);
  head[4] = padding;
  return Buffer.concat([head, payload, Buffer.alloc(padding)]);
}
