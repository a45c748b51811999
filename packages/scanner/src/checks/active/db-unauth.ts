/**
 * Unauthenticated data stores, each asked one read-only question: Redis `INFO server`,
 * memcached `stats`, MongoDB `listDatabases` (nameOnly) over OP_MSG. An answer with data
 * proves access without credentials; an auth error (`-NOAUTH`, code 13) proves the opposite.
 */
import type { ActiveCheck, Finding } from '../types.ts';
import type { ServiceResult } from '../../types.ts';
import { buildOpMsg, mongoMessageNeed, parseMongoReply } from '../../service/mongo-wire.ts';
import { findingOf } from '../vuln-def.ts';
import { exchange } from '../io.ts';
import { SERVICE_DEFS as D } from './service-defs.ts';

type Svc = Pick<ServiceResult, 'port' | 'protocol'>;

/** Pure: Redis answered INFO with its version. */
export function evaluateRedis(reply: string, s: Svc): Finding[] {
  const v = /redis_version:([^\r\n]{1,40})/.exec(reply)?.[1];
  return reply.startsWith('$') && v ? [findingOf(D.redis, s, 'redis-unauth', `INFO server without AUTH returned redis_version:${v}`)] : [];
}

/** Pure: memcached answered stats. */
export function evaluateMemcached(reply: string, s: Svc): Finding[] {
  const stats = reply.split(/\r?\n/).filter((l) => l.startsWith('STAT '));
  return stats.length > 0 && /^END\r?$/m.test(reply)
    ? [findingOf(D.memcached, s, 'memcached-unauth', `stats without SASL returned ${stats.length} STAT lines, e.g. ${stats.slice(0, 3).join('; ')}`)] : [];
}

/** Evidence of the MongoDB question: the reply's ok, database names, or the error. */
export interface MongoEvidence { ok: boolean; databases: string[]; error?: string }

/** Pure: listDatabases succeeded. */
export function evaluateMongo(e: MongoEvidence, s: Svc): Finding[] {
  return e.ok ? [findingOf(D.mongodb, s, 'mongodb-unauth', `listDatabases without credentials returned ok:1 with ${e.databases.length} database(s): ${e.databases.slice(0, 8).join(', ')}`)] : [];
}

const redisDone = (d: Buffer): boolean => {
  const t = d.toString('latin1');
  if (!t.startsWith('$')) return t.includes('\n');
  const m = /^\$(-?\d+)\r\n/.exec(t);
  return m !== null && d.length >= m[0].length + Number(m[1]) + 2;
};

/** Redis without AUTH. */
export const redisUnauth: ActiveCheck<string> = {
  meta: { id: 'redis-unauth', title: 'Redis without authentication', categories: ['safe'], services: ['redis'], reports: [D.redis.id] },
  appliesTo: (s) => s.protocol === 'tcp' && s.name === 'redis',
  async run(ctx) {
    const conn = await ctx.net.connect();
    try {
      return (await exchange(conn, '*2\r\n$4\r\nINFO\r\n$6\r\nserver\r\n', redisDone, ctx.net.readTimeoutMs)).toString('latin1', 0, 8192);
    } finally { conn.close(); }
  },
  evaluate: (e, s) => evaluateRedis(e, s),
};

/** memcached without SASL. */
export const memcachedUnauth: ActiveCheck<string> = {
  meta: { id: 'memcached-unauth', title: 'memcached without authentication', categories: ['safe'], services: ['memcached'], reports: [D.memcached.id] },
  appliesTo: (s) => s.protocol === 'tcp' && s.name === 'memcached',
  async run(ctx) {
    const conn = await ctx.net.connect();
    try {
      return (await exchange(conn, 'stats\r\n', (d) => /(?:^|\n)(?:END|ERROR|CLIENT_ERROR[^\n]*|SERVER_ERROR[^\n]*)\r?\n/.test(d.toString('latin1')), ctx.net.readTimeoutMs)).toString('latin1', 0, 16_384);
    } finally { conn.close(); }
  },
  evaluate: (e, s) => evaluateMemcached(e, s),
};

/** MongoDB without access control. */
export const mongodbUnauth: ActiveCheck<MongoEvidence> = {
  meta: { id: 'mongodb-unauth', title: 'MongoDB without authentication', categories: ['safe'], services: ['mongodb'], reports: [D.mongodb.id] },
  appliesTo: (s) => s.protocol === 'tcp' && (s.name === 'mongodb' || s.name === 'mongod'),
  async run(ctx) {
    const conn = await ctx.net.connect();
    try {
      const data = await exchange(conn, buildOpMsg(0x4653, { listDatabases: 1, nameOnly: true, $db: 'admin' }), (d) => mongoMessageNeed(d) <= 0, ctx.net.readTimeoutMs);
      const r = parseMongoReply(data);
      if (typeof r === 'string') return { ok: false, databases: [], error: r };
      const dbs = Array.isArray(r.doc.databases) ? r.doc.databases : [];
      const names = dbs.map((d) => (typeof d === 'object' && d !== null && !Array.isArray(d) && typeof d.name === 'string' ? d.name : '?'));
      return { ok: r.doc.ok === 1 && Array.isArray(r.doc.databases), databases: names, ...(typeof r.doc.errmsg === 'string' ? { error: r.doc.errmsg } : {}) };
    } finally { conn.close(); }
  },
  evaluate: (e, s) => evaluateMongo(e, s),
};
