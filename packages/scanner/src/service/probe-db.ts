/**
 * Client-first database probes: Redis (RESP PING + INFO server), memcached (`version`),
 * MongoDB (OP_MSG hello + buildInfo, legacy OP_QUERY for servers before 3.6) and
 * PostgreSQL (SSLRequest, StartupMessage). Each returns what the exchange established.
 */
import { orForeign, prefixOk, type Conn } from './conn.ts';
import { addNote, openTcp, type Ctx } from './context.ts';
import { parseMemcachedVersion, parseRedisInfo, parseRespReplies, respCommand } from './kv-parse.ts';
import type { BsonDocument } from './bson.ts';
import { buildOpMsg, buildOpQuery, mongoFacts, mongoMessageNeed, parseMongoReply, releaseForWireVersion, type MongoFacts } from './mongo-wire.ts';
import { buildSslRequest, buildStartup, parsePgAnswer, pgMessageNeed } from './postgres-parse.ts';
import { KEYS } from './match-keys.ts';
import { addEvidence, fallbackService, matchInto, mergeParams } from './result.ts';
import { printable } from './text.ts';
import { tlsHandshake } from './tls-probe.ts';
import { certificateInfo } from './tls-cert.ts';

/** Outcome of one client-first probe: identified, answered in some other protocol, or silent. */
export type ProbeOutcome = 'identified' | 'foreign' | 'nothing';

function times(ctx: Ctx): { firstMs: number; idleMs: number } {
  return { firstMs: ctx.opts.readTimeoutMs, idleMs: ctx.opts.readTimeoutMs };
}

/** Redis: PING and INFO server pipelined; NOAUTH still identifies Redis (auth required). */
export async function probeRedis(ctx: Ctx, conn: Conn): Promise<ProbeOutcome> {
  conn.write(Buffer.concat([respCommand('PING'), respCommand('INFO', 'server')]));
  await conn.wait(orForeign((d) => parseRespReplies(d, 2).length === 2, (d) => '+-$'.includes(String.fromCharCode(d[0] ?? 0))), times(ctx));
  const replies = parseRespReplies(conn.data(), 2);
  const [ping, info] = replies;
  const isRedis = ping !== undefined && ((ping.kind === 'simple' && /^PONG$/i.test(ping.text)) || (ping.kind === 'error' && /^(NOAUTH|DENIED|ERR)/.test(ping.text)));
  if (!isRedis) return conn.data().length > 0 ? 'foreign' : 'nothing';
  const r = ctx.result;
  r.name = 'redis';
  r.banner = printable(conn.data().subarray(0, ping.end));
  let version: string | undefined;
  if (info?.kind === 'bulk' && info.text) {
    matchInto(r, ctx.opts.matcher, 'redis-info', KEYS.redisInfo, info.text.slice(0, 8192));
    const kv = parseRedisInfo(info.text);
    version = kv.redis_version?.slice(0, 32);
    mergeParams(r, { 'redis.auth_required': 'false', ...(kv.os ? { 'redis.os': kv.os } : {}), ...(kv.redis_mode ? { 'redis.mode': kv.redis_mode } : {}) });
  }
  matchInto(r, ctx.opts.matcher, 'redis-ping', KEYS.redisPing, `${ping.kind === 'error' ? '-' : '+'}${ping.text}`);
  if (ping.kind === 'error') mergeParams(r, { 'redis.auth_required': 'true' });
  fallbackService(r, { vendor: 'Redis', product: 'Redis', version, cpe: `cpe:/a:redis:redis:${version ?? '-'}` });
  conn.close();
  return 'identified';
}

/** memcached: the text protocol's `version` command. */
export async function probeMemcached(ctx: Ctx, conn: Conn): Promise<ProbeOutcome> {
  conn.write('version\r\n');
  await conn.wait(orForeign((d) => d.includes(0x0a), (d) => prefixOk(d, 'VERSION ')), times(ctx));
  const version = parseMemcachedVersion(conn.data());
  if (version === undefined) return conn.data().length > 0 ? 'foreign' : 'nothing';
  const r = ctx.result;
  r.name = 'memcached';
  r.banner = printable(conn.data());
  matchInto(r, ctx.opts.matcher, 'memcached-version', KEYS.memcachedVersion, `VERSION ${version}`);
  const v = /^[\d.]+/.exec(version)?.[0];
  fallbackService(r, { vendor: 'Memcached', product: 'Memcached', version: v, cpe: `cpe:/a:memcached:memcached:${v ?? '-'}` });
  conn.close();
  return 'identified';
}

function mongoReplies(buf: Buffer, max: number): BsonDocument[] {
  const out: BsonDocument[] = [];
  let pos = 0;
  for (let i = 0; i < max && pos < buf.length; i++) {
    const rest = buf.subarray(pos);
    if (mongoMessageNeed(rest) !== 0) break;
    const reply = parseMongoReply(rest);
    if (typeof reply === 'string') break;
    out.push(reply.doc);
    pos += rest.readInt32LE(0);
  }
  return out;
}

/** JSON of a decoded document (int64 as numbers), capped: the text `mongodb.buildinfo` expects. */
export function bsonJson(doc: BsonDocument): string {
  return JSON.stringify(doc, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)).slice(0, 8192);
}

function twoReplies(d: Buffer): boolean {
  return mongoReplies(d, 2).length === 2 || (d.length >= 16 && mongoMessageNeed(d) < 0);
}

/** MongoDB: OP_MSG hello + buildInfo; when the server ignores OP_MSG, legacy OP_QUERY on a fresh connection. */
export async function probeMongo(ctx: Ctx, conn: Conn): Promise<ProbeOutcome> {
  conn.write(Buffer.concat([buildOpMsg(1, { hello: 1, $db: 'admin' }), buildOpMsg(2, { buildInfo: 1, $db: 'admin' })]));
  await conn.wait(twoReplies, times(ctx));
  let docs = mongoReplies(conn.data(), 2);
  if (docs.length === 0) {
    if (conn.data().length > 0 && mongoMessageNeed(conn.data()) < 0) return 'foreign';
    conn.close();
    const legacy = await openTcp(ctx);
    if (!legacy) return 'nothing';
    legacy.write(Buffer.concat([buildOpQuery(3, 'admin', { isMaster: 1 }), buildOpQuery(4, 'admin', { buildinfo: 1 })]));
    await legacy.wait(twoReplies, times(ctx));
    docs = mongoReplies(legacy.data(), 2);
    legacy.close();
    if (docs.length === 0) return 'nothing';
  }
  const r = ctx.result;
  r.name = 'mongodb';
  const facts = docs.map(mongoFacts);
  const buildInfo = docs.find((d) => typeof d.version === 'string');
  if (buildInfo) matchInto(r, ctx.opts.matcher, 'mongodb-buildinfo', KEYS.mongodbBuildinfo, bsonJson(buildInfo));
  const merged: MongoFacts = Object.assign({}, ...facts) as MongoFacts;
  const version = facts.find((f) => f.version)?.version;
  addEvidence(r, { probe: 'mongodb-hello', key: 'mongodb.hello', value: `maxWireVersion=${merged.maxWireVersion ?? '?'} version=${version ?? '?'}` });
  const denied = facts.find((f) => f.ok === false && f.errmsg);
  if (denied?.errmsg) mergeParams(r, { 'mongodb.error': denied.errmsg });
  mergeParams(r, { 'mongodb.auth_required': version ? 'false' : denied ? 'true' : 'unknown' });
  if (!version && merged.maxWireVersion !== undefined) {
    const floor = releaseForWireVersion(merged.maxWireVersion);
    if (floor) mergeParams(r, { 'mongodb.min_version': floor });
  }
  r.banner = printable(`MongoDB ${version ?? `wire ${merged.maxWireVersion ?? '?'}`}`);
  fallbackService(r, { vendor: 'MongoDB', product: 'MongoDB', version, cpe: `cpe:/a:mongodb:mongodb:${version ?? '-'}` });
  conn.close();
  return 'identified';
}

/** PostgreSQL: SSLRequest ('S'/'N'), then a StartupMessage whose answer names the auth method or the refusal. */
export async function probePostgres(ctx: Ctx, conn: Conn): Promise<ProbeOutcome> {
  conn.write(buildSslRequest());
  await conn.wait((d) => d.length >= 1, times(ctx));
  const d = conn.data();
  if (d.length === 0) return 'nothing';
  const first = String.fromCharCode(d[0] ?? 0);
  if (d.length !== 1 || (first !== 'S' && first !== 'N')) return pgMessageNeed(d) === 0 && parsePgAnswer(d) ? classifyStartup(ctx, conn, undefined) : 'foreign';
  const r = ctx.result;
  r.name = 'postgresql';
  conn.consume();
  mergeParams(r, { 'postgresql.ssl': first === 'S' ? 'supported' : 'not supported' });
  if (first === 'S') {
    await recordPgTls(ctx, conn);
    const fresh = await openTcp(ctx);
    if (!fresh) return finishPg(ctx);
    return classifyStartup(ctx, fresh, buildStartup());
  }
  return classifyStartup(ctx, conn, buildStartup());
}

async function recordPgTls(ctx: Ctx, conn: Conn): Promise<void> {
  const hs = await tlsHandshake(ctx, conn);
  if ('error' in hs) { addNote(ctx, `PostgreSQL TLS: ${hs.error}`); return; }
  ctx.result.tls = { protocol: hs.protocol, cipher: hs.cipher, supportedProtocols: [], ...(hs.cert ? { certificate: certificateInfo(hs.cert) } : {}) };
  hs.conn.close();
}

async function classifyStartup(ctx: Ctx, conn: Conn, startup: Buffer | undefined): Promise<ProbeOutcome> {
  if (startup) {
    conn.write(startup);
    await conn.wait((d) => pgMessageNeed(d) <= 0, times(ctx));
  }
  const ans = parsePgAnswer(conn.data());
  conn.close();
  const r = ctx.result;
  r.name = 'postgresql';
  if (ans?.kind === 'auth') {
    mergeParams(r, { 'postgresql.auth': ans.methodName, ...(ans.saslMechanisms ? { 'postgresql.sasl': ans.saslMechanisms.join(',') } : {}) });
    addEvidence(r, { probe: 'postgresql-startup', key: 'postgresql.auth', value: ans.methodName });
  } else if (ans) {
    const message = ans.kind === 'error' ? `${ans.fields.C ?? ''} ${ans.fields.M ?? ''}`.trim() : ans.message;
    matchInto(r, ctx.opts.matcher, 'postgresql-startup', KEYS.postgresqlError, message);
    if (ans.kind === 'error') mergeParams(r, { 'postgresql.error_code': ans.fields.C ?? '', 'postgresql.error_routine': ans.fields.R ?? '' });
    r.banner ??= printable(message);
  }
  return finishPg(ctx);
}

function finishPg(ctx: Ctx): ProbeOutcome {
  fallbackService(ctx.result, { vendor: 'PostgreSQL', product: 'PostgreSQL', cpe: 'cpe:/a:postgresql:postgresql:-' });
  return 'identified';
}
