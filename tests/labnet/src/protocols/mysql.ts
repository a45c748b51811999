/**
 * MySQL/MariaDB: the protocol-10 initial handshake packet, then "Access denied" for any
 * login (https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_handshake_v10.html).
 */
import { randomBytes } from 'node:crypto';
import type { MysqlProfile } from '../catalog.ts';
import { guard, type ServiceContext, type Stream } from '../session.ts';

let threadId = 11;

function packet(seq: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUIntLE(payload.length, 0, 3);
  head.writeUInt8(seq & 0xff, 3);
  return Buffer.concat([head, payload]);
}

/** The initial handshake payload (without the 4-byte packet header). */
export function mysqlHandshake(p: MysqlProfile, id: number): Buffer {
  const scramble = Buffer.from(randomBytes(20).map((b) => 0x21 + (b % 0x5e))); // printable, no NUL
  const fixed = Buffer.alloc(4 + 8 + 1 + 2 + 1 + 2 + 2 + 1 + 10);
  let o = 0;
  o = fixed.writeUInt32LE(id, o);
  scramble.copy(fixed, o, 0, 8); o += 8;
  o = fixed.writeUInt8(0, o);
  o = fixed.writeUInt16LE(p.capabilities & 0xffff, o);
  o = fixed.writeUInt8(p.charset, o);
  o = fixed.writeUInt16LE(0x0002, o); // SERVER_STATUS_AUTOCOMMIT
  o = fixed.writeUInt16LE(p.capabilities >>> 16, o);
  fixed.writeUInt8(21, o); // length of auth-plugin-data; reserved 10 bytes stay zero
  return Buffer.concat([
    Buffer.from([10]), Buffer.from(`${p.serverVersion}\0`, 'latin1'), fixed,
    scramble.subarray(8), Buffer.from([0]), Buffer.from(`${p.authPlugin}\0`, 'latin1'),
  ]);
}

function accessDenied(seq: number, user: string, from: string): Buffer {
  const msg = Buffer.from(`Access denied for user '${user}'@'${from}' (using password: YES)`, 'utf8');
  const head = Buffer.alloc(3);
  head.writeUInt8(0xff, 0);
  head.writeUInt16LE(1045, 1); // ER_ACCESS_DENIED_ERROR
  return packet(seq, Buffer.concat([head, Buffer.from('#28000', 'latin1'), msg]));
}

/** Serves one MySQL connection. */
export function serveMysql(stream: Stream, ctx: ServiceContext): void {
  const p = ctx.profile as MysqlProfile;
  threadId = (threadId % 1_000_000) + 1;
  stream.write(packet(0, mysqlHandshake(p, threadId)));
  let buf = Buffer.alloc(0);
  stream.on('data', guard(stream, (d: Buffer) => {
    buf = Buffer.concat([buf, d]);
    if (buf.length > 65_536) { stream.destroy(); return; }
    if (buf.length < 4) return;
    const len = buf.readUIntLE(0, 3);
    if (buf.length < 4 + len) return;
    const seq = buf.readUInt8(3);
    // HandshakeResponse41: caps(4) max-packet(4) charset(1) filler(23) then the NUL-terminated user name.
    const body = buf.subarray(4, 4 + len);
    const nul = body.indexOf(0, 32);
    const user = len > 32 && nul > 32 ? body.subarray(32, nul).toString('utf8').slice(0, 64) : '';
    stream.end(accessDenied(seq + 1, user, stream.remoteAddress ?? 'localhost'));
  }));
}
