/**
 * MongoDB wire protocol messages (MongoDB "Wire Protocol" spec): OP_MSG (2013) for servers
 * since 3.6 and the legacy OP_QUERY (2004) / OP_REPLY (1) pair for older ones, which do not
 * understand OP_MSG. Pure builders and parsers.
 */
import { decodeBson, encodeBson, type BsonDocument } from './bson.ts';

const OP_REPLY = 1;
const OP_QUERY = 2004;
const OP_MSG = 2013;
/** MongoDB's maximum message size is 48 MB; a greeting reply is far below 1 MB. */
const MAX_MESSAGE = 1024 * 1024;

function header(length: number, requestId: number, opCode: number): Buffer {
  const h = Buffer.alloc(16);
  h.writeInt32LE(length, 0);
  h.writeInt32LE(requestId, 4);
  h.writeInt32LE(0, 8);
  h.writeInt32LE(opCode, 12);
  return h;
}

/** OP_MSG with one body section (kind 0) holding `command`. */
export function buildOpMsg(requestId: number, command: Record<string, unknown>): Buffer {
  const body = Buffer.concat([Buffer.alloc(4), Buffer.from([0]), encodeBson(command)]);
  return Buffer.concat([header(16 + body.length, requestId, OP_MSG), body]);
}

/** Legacy OP_QUERY of `command` against `<db>.$cmd`, numberToReturn -1. */
export function buildOpQuery(requestId: number, db: string, command: Record<string, unknown>): Buffer {
  const name = Buffer.from(`${db}.$cmd\0`, 'utf8');
  const skipReturn = Buffer.alloc(8);
  skipReturn.writeInt32LE(0, 0);
  skipReturn.writeInt32LE(-1, 4);
  const body = Buffer.concat([Buffer.alloc(4), name, skipReturn, encodeBson(command)]);
  return Buffer.concat([header(16 + body.length, requestId, OP_QUERY), body]);
}

/** Bytes missing before the first message is complete: 0 complete, -1 not a Mongo message. */
export function mongoMessageNeed(buf: Buffer): number {
  if (buf.length < 16) return 16 - buf.length;
  const len = buf.readInt32LE(0);
  const op = buf.readInt32LE(12);
  if (len < 21 || len > MAX_MESSAGE || (op !== OP_MSG && op !== OP_REPLY)) return -1;
  return Math.max(0, len - buf.length);
}

/** The first document of an OP_MSG or OP_REPLY reply, its responseTo, or a reason. */
export function parseMongoReply(buf: Buffer): { responseTo: number; doc: BsonDocument } | string {
  const need = mongoMessageNeed(buf);
  if (need < 0) return 'not a MongoDB reply';
  if (need > 0) return 'MongoDB reply truncated';
  const len = buf.readInt32LE(0);
  const msg = buf.subarray(0, len);
  const responseTo = msg.readInt32LE(8);
  const op = msg.readInt32LE(12);
  let docAt: number;
  if (op === OP_MSG) {
    if (msg[20] !== 0) return 'OP_MSG reply does not start with a body section';
    docAt = 21;
  } else {
    if (len < 36) return 'OP_REPLY too short';
    if (msg.readInt32LE(32) < 1) return 'OP_REPLY carries no document';
    docAt = 36;
  }
  const r = decodeBson(msg, docAt);
  return typeof r === 'string' ? r : { responseTo, doc: r.doc };
}

/** Facts a hello/isMaster/buildInfo reply discloses. */
export interface MongoFacts {
  version?: string;
  maxWireVersion?: number;
  gitVersion?: string;
  ok?: boolean;
  errmsg?: string;
  setName?: string;
}

/** Picks version-related fields from a reply document. */
export function mongoFacts(doc: BsonDocument): MongoFacts {
  const f: MongoFacts = {};
  if (typeof doc.version === 'string') f.version = doc.version.slice(0, 64);
  if (typeof doc.maxWireVersion === 'number') f.maxWireVersion = doc.maxWireVersion;
  if (typeof doc.gitVersion === 'string') f.gitVersion = doc.gitVersion.slice(0, 64);
  if (typeof doc.ok === 'number') f.ok = doc.ok === 1;
  if (typeof doc.errmsg === 'string') f.errmsg = doc.errmsg.slice(0, 256);
  if (typeof doc.setName === 'string') f.setName = doc.setName.slice(0, 128);
  return f;
}

/** Lowest server release that speaks a wire version (MongoDB driver spec table); a floor only. */
export function releaseForWireVersion(wire: number): string | undefined {
  const table: [number, string][] = [
    [25, '8.0'], [21, '7.0'], [17, '6.0'], [13, '5.0'], [9, '4.4'], [8, '4.2'], [7, '4.0'], [6, '3.6'], [5, '3.4'],
    [4, '3.2'], [3, '3.0'], [2, '2.6'], [0, '2.4'],
  ];
  for (const [w, release] of table) if (wire >= w) return release;
  return undefined;
}
