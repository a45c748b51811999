/**
 * Pure parser of the MySQL/MariaDB initial handshake packet (Protocol::HandshakeV10) and of
 * the error packet a server sends instead when it refuses the client (ERR_Packet).
 */

/** What the server's first packet told us. */
export type MysqlGreeting =
  | {
    kind: 'handshake';
    protocolVersion: number;
    serverVersion: string;
    connectionId: number;
    capabilities: number;
    charset?: number;
    statusFlags?: number;
    authPlugin?: string;
  }
  | { kind: 'error'; code: number; message: string };

/** Packets larger than this are not greetings (real ones are < 200 bytes). */
const MAX_GREETING = 4096;

/** Bytes needed before the first packet is complete: 0 when complete, -1 when not MySQL-like. */
export function mysqlPacketNeed(buf: Buffer): number {
  if (buf.length < 4) return 4 - buf.length;
  const len = buf.readUIntLE(0, 3);
  if (len === 0 || len > MAX_GREETING || buf[3] !== 0) return -1;
  return Math.max(0, 4 + len - buf.length);
}

/** Parses the greeting packet; undefined when the bytes are not a MySQL greeting. */
export function parseMysqlGreeting(buf: Buffer): MysqlGreeting | undefined {
  if (mysqlPacketNeed(buf) !== 0) return undefined;
  const len = buf.readUIntLE(0, 3);
  const p = buf.subarray(4, 4 + len);
  if (p[0] === 0xff) {
    if (p.length < 3) return undefined;
    let msg = p.subarray(3).toString('utf8');
    if (msg.startsWith('#') && msg.length >= 6) msg = msg.slice(6); // '#' + 5-char SQLSTATE (protocol 4.1)
    return { kind: 'error', code: p.readUInt16LE(1), message: msg.slice(0, 512) };
  }
  const protocolVersion = p[0] ?? 0;
  // Protocol 10 since MySQL 3.21; 9 is older still. Anything else is not MySQL.
  if (protocolVersion !== 10 && protocolVersion !== 9) return undefined;
  const nul = p.indexOf(0, 1);
  if (nul < 0 || nul > 128) return undefined;
  const serverVersion = p.subarray(1, nul).toString('latin1');
  if (!/^[\x20-\x7e]+$/.test(serverVersion) || !/\d/.test(serverVersion)) return undefined;
  let pos = nul + 1;
  if (pos + 4 > p.length) return { kind: 'handshake', protocolVersion, serverVersion, connectionId: 0, capabilities: 0 };
  const connectionId = p.readUInt32LE(pos);
  pos += 4 + 8 + 1; // auth-plugin-data-part-1 and filler
  if (pos + 2 > p.length) return { kind: 'handshake', protocolVersion, serverVersion, connectionId, capabilities: 0 };
  let capabilities = p.readUInt16LE(pos);
  pos += 2;
  if (pos + 5 > p.length) return { kind: 'handshake', protocolVersion, serverVersion, connectionId, capabilities };
  const charset = p[pos] ?? 0;
  const statusFlags = p.readUInt16LE(pos + 1);
  capabilities = (capabilities | (p.readUInt16LE(pos + 3) << 16)) >>> 0;
  pos += 5;
  const authDataLen = p[pos] ?? 0;
  pos += 1 + 10;
  const CLIENT_SECURE_CONNECTION = 0x8000;
  const CLIENT_PLUGIN_AUTH = 0x80000;
  if (capabilities & CLIENT_SECURE_CONNECTION) pos += Math.max(13, authDataLen - 8);
  let authPlugin: string | undefined;
  if (capabilities & CLIENT_PLUGIN_AUTH && pos < p.length) {
    const end = p.indexOf(0, pos);
    authPlugin = p.subarray(pos, end < 0 ? p.length : end).toString('latin1').slice(0, 64) || undefined;
  }
  return { kind: 'handshake', protocolVersion, serverVersion, connectionId, capabilities, charset, statusFlags, ...(authPlugin ? { authPlugin } : {}) };
}

/** Splits a MariaDB version behind the `5.5.5-` replication prefix (MDEV-4088): `5.5.5-10.11.6-MariaDB` → `10.11.6-MariaDB`. */
export function mysqlDisplayVersion(serverVersion: string): string {
  return /^5\.5\.5-\d+\.\d+\.\d+-MariaDB/i.test(serverVersion) ? serverVersion.slice(6) : serverVersion;
}
