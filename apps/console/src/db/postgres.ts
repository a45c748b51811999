/** Kysely on PostgreSQL through `pg`, with bigint/numeric counts parsed to numbers so both dialects return the same shapes. */
import pg from 'pg';
import { PostgresDialect } from 'kysely';

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/** Types parser: int8 (count(), bigint ids) and numeric as JS numbers — values stay below 2^53 here. */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID || oid === NUMERIC_OID) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/** A pool (max `poolSize`) and the Kysely dialect that uses it. */
export function openPostgres(url: string, poolSize = 10): { pool: pg.Pool; dialect: PostgresDialect } {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 10_000 });
  // An idle client losing its server (restart, kill) must not crash the process.
  pool.on('error', () => {});
  return { pool, dialect: new PostgresDialect({ pool }) };
}
