/**
 * NTP (RFC 5905 §7.3 client/server packets) and the mode 6 control READVAR request
 * (RFC 9327 / RFC 1305 appendix B), whose text names the daemon's version and system.
 */

/** A 48-byte client request: LI 0, version 4, mode 3. */
export function buildNtpClient(): Buffer {
  const b = Buffer.alloc(48);
  b[0] = (0 << 6) | (4 << 3) | 3;
  return b;
}

/** A mode 6 READVAR request (opcode 2) for the system variables, association 0. */
export function buildNtpReadvar(sequence: number): Buffer {
  const b = Buffer.alloc(12);
  b[0] = (0 << 6) | (2 << 3) | 6;
  b[1] = 2;
  b.writeUInt16BE(sequence & 0xffff, 2);
  return b;
}

/** Facts from a mode 4 (server) reply. */
export interface NtpServerReply {
  version: number;
  stratum: number;
  refId: string;
}

/** Parses a server reply (mode 4); undefined otherwise. */
export function parseNtpServer(buf: Buffer): NtpServerReply | undefined {
  if (buf.length < 48) return undefined;
  const first = buf[0] ?? 0;
  if ((first & 0x07) !== 4) return undefined;
  const stratum = buf[1] ?? 0;
  const ref = buf.subarray(12, 16);
  // RFC 5905 §7.3: stratum 0/1 carry a four-letter code, higher strata an IPv4 address.
  const refId = stratum <= 1 ? ref.toString('latin1').replace(/[^\x20-\x7e]/g, '') : [...ref].join('.');
  return { version: (first >> 3) & 0x07, stratum, refId };
}

/** One control-message fragment (mode 6 response). */
export interface NtpControlFragment {
  sequence: number;
  more: boolean;
  offset: number;
  data: string;
}

/** Parses a mode 6 response fragment; undefined otherwise. */
export function parseNtpControl(buf: Buffer): NtpControlFragment | undefined {
  if (buf.length < 12) return undefined;
  const first = buf[0] ?? 0;
  const op = buf[1] ?? 0;
  if ((first & 0x07) !== 6 || (op & 0x80) === 0) return undefined;
  const offset = buf.readUInt16BE(8);
  const count = buf.readUInt16BE(10);
  return { sequence: buf.readUInt16BE(2), more: (op & 0x20) !== 0, offset, data: buf.subarray(12, 12 + Math.min(count, buf.length - 12)).toString('latin1') };
}

/** Joins fragments by offset into the READVAR text (bounded). */
export function joinFragments(fragments: NtpControlFragment[]): string {
  return [...fragments].sort((a, b) => a.offset - b.offset).map((f) => f.data).join('').replace(/\r?\n/g, ' ').slice(0, 4096).trim();
}
