/**
 * MongoDB wire protocol (https://www.mongodb.com/docs/manual/reference/mongodb-wire-protocol/):
 * OP_QUERY on admin.$cmd answered with OP_REPLY, OP_MSG answered with OP_MSG. Commands:
 * hello/isMaster, buildInfo, listDatabases (Unauthorized when the profile requires auth), ping.
 */
import type { MongodbProfile } from '../catalog.ts';
import { Double, decodeBson, encodeBson, type BsonValue, type Decoded } from '../bson.ts';
import { guard, type ServiceContext, type Stream } from '../session.ts';

const OP_REPLY = 1;
const OP_QUERY = 2004;
const OP_MSG = 2013;
const MAX_MESSAGE = 1 << 20;
let connectionId = 100;
let responseId = 1;

function commandReply(p: MongodbProfile, cmd: { [k: string]: Decoded }, conn: number): { [k: string]: BsonValue } {
  const name = Object.keys(cmd)[0] ?? '';
  const lower = name.toLowerCase();
  if (lower === 'ismaster' || lower === 'hello') {
    return {
      ...(lower === 'hello' ? { isWritablePrimary: true } : { ismaster: true }),
      topologyVersion: { processId: `65f1c0de${conn.toString(16).padStart(16, '0')}`, counter: 0n },
      maxBsonObjectSize: 16_777_216, maxMessageSizeBytes: 48_000_000, maxWriteBatchSize: 100_000, localTime: new Date(),
      logicalSessionTimeoutMinutes: 30, connectionId: conn, minWireVersion: 0, maxWireVersion: p.maxWireVersion, readOnly: false, ok: new Double(1),
    };
  }
  if (lower === 'buildinfo') {
    const [a = 0, b = 0, c = 0] = p.mongoVersion.split('.').map(Number);
    return {
      version: p.mongoVersion, gitVersion: p.gitVersion, modules: [], allocator: 'tcmalloc', javascriptEngine: 'mozjs', sysInfo: 'deprecated',
      versionArray: [a, b, c, 0], openssl: { running: 'OpenSSL 3.0.2 15 Mar 2022', compiled: 'OpenSSL 3.0.2 15 Mar 2022' },
      buildEnvironment: { distmod: 'ubuntu2204', distarch: 'x86_64', target_arch: 'x86_64', target_os: 'linux' },
      bits: 64, debug: false, maxBsonObjectSize: 16_777_216, storageEngines: ['devnull', 'ephemeralForTest', 'wiredTiger'], ok: new Double(1),
    };
  }
  if (lower === 'ping') return { ok: new Double(1) };
  if (lower === 'listdatabases') {
    if (p.requireAuth) return { ok: new Double(0), errmsg: 'command listDatabases requires authentication', code: 13, codeName: 'Unauthorized' };
    const dbs = [['admin', 40960], ['config', 110592], ['local', 73728], ['customers', 8_429_568]] as const;
    return {
      databases: dbs.map(([n, size]) => ({ name: n, sizeOnDisk: size, empty: false })),
      totalSize: dbs.reduce((s, [, size]) => s + size, 0), totalSizeMb: 8, ok: new Double(1),
    };
  }
  return { ok: new Double(0), errmsg: `no such command: '${name.slice(0, 64)}'`, code: 59, codeName: 'CommandNotFound' };
}

function header(len: number, responseTo: number, op: number): Buffer {
  const h = Buffer.alloc(16);
  h.writeInt32LE(len, 0);
  h.writeInt32LE(responseId++ & 0x7fffffff, 4);
  h.writeInt32LE(responseTo, 8);
  h.writeInt32LE(op, 12);
  return h;
}

/** The reply to one complete wire message, or null to close. */
export function mongoReply(p: MongodbProfile, msg: Buffer, conn: number): Buffer | null {
  const requestId = msg.readInt32LE(4);
  const op = msg.readInt32LE(12);
  if (op === OP_QUERY) {
    const nul = msg.indexOf(0, 20);
    if (nul < 0) return null;
    const doc = decodeBson(msg, nul + 1 + 8);
    const inner = (doc.$query && typeof doc.$query === 'object' && !Array.isArray(doc.$query) && !(doc.$query instanceof Date) && !Buffer.isBuffer(doc.$query)) ? doc.$query as { [k: string]: Decoded } : doc;
    const body = encodeBson(commandReply(p, inner, conn));
    const fixed = Buffer.alloc(20); // responseFlags, cursorID, startingFrom, numberReturned
    fixed.writeInt32LE(1, 16);
    return Buffer.concat([header(16 + 20 + body.length, requestId, OP_REPLY), fixed, body]);
  }
  if (op === OP_MSG) {
    if (msg.length < 21 || msg[20] !== 0) return null; // flagBits then a kind-0 body section
    const body = encodeBson(commandReply(p, decodeBson(msg, 21), conn));
    return Buffer.concat([header(16 + 4 + 1 + body.length, requestId, OP_MSG), Buffer.alloc(4), Buffer.from([0]), body]);
  }
  return null;
}

/** Serves one MongoDB connection. */
export function serveMongodb(stream: Stream, ctx: ServiceContext): void {
  const p = ctx.profile as MongodbProfile;
  const conn = ++connectionId;
  let buf = Buffer.alloc(0);
  let count = 0;
  stream.on('data', guard(stream, (d: Buffer) => {
    buf = Buffer.concat([buf, d]);
    while (buf.length >= 16) {
      const len = buf.readInt32LE(0);
      if (len < 16 || len > MAX_MESSAGE || ++count > 1000) { stream.destroy(); return; }
      if (buf.length < len) return;
      const reply = mongoReply(p, buf.subarray(0, len), conn);
      buf = buf.subarray(len);
      if (!reply) { stream.destroy(); return; }
      stream.write(reply);
    }
  }));
}
