/**
 * Kysely on the built-in `node:sqlite` (no native addon): a thin wrapper giving
 * `DatabaseSync` the better-sqlite3 shape Kysely's SqliteDialect drives. Kysely serialises
 * all queries on its one connection, so a transaction never interleaves with other work.
 */
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import { SqliteDialect, type SqliteDatabase, type SqliteStatement } from 'kysely';

/** Options of the SQLite database behind the console. */
export interface SqliteOptions {
  /** File path, or ':memory:'. */
  path: string;
  /** Milliseconds a writer waits for another process's lock before SQLITE_BUSY. */
  busyTimeoutMs?: number;
}

function toSqlite(v: unknown): SQLInputValue {
  if (v === undefined || v === null) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'string' || v instanceof Uint8Array) return v;
  // Objects reach SQL only as JSON text (the portable column type for JSON).
  return JSON.stringify(v);
}

function wrapStatement(stmt: StatementSync): SqliteStatement {
  const params = (p: ReadonlyArray<unknown>): SQLInputValue[] => p.map(toSqlite);
  return {
    // A statement returns rows when it has result columns (SELECT, or ... RETURNING).
    reader: stmt.columns().length > 0,
    all: (p) => stmt.all(...params(p)),
    run: (p) => stmt.run(...params(p)),
    iterate: (p) => stmt.iterate(...params(p)),
  };
}

/** Opens the database file with WAL, synchronous=FULL (nothing acknowledged is lost on a crash) and foreign keys on. */
export function openSqlite(opts: SqliteOptions): { database: DatabaseSync; dialect: SqliteDialect } {
  const database = new DatabaseSync(opts.path);
  database.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.trunc(opts.busyTimeoutMs ?? 5000))}`);
  if (opts.path !== ':memory:') database.exec('PRAGMA journal_mode = WAL');
  database.exec('PRAGMA synchronous = FULL');
  database.exec('PRAGMA foreign_keys = ON');
  const wrapped: SqliteDatabase = {
    close: () => database.close(),
    prepare: (sql) => wrapStatement(database.prepare(sql)),
  };
  return { database, dialect: new SqliteDialect({ database: wrapped }) };
}
