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

/** Prepared statements kept per connection (distinct SQL texts; ingestion uses a few dozen). */
export const STATEMENT_CACHE_SIZE = 256;

/**
 * A bounded LRU of prepared statements keyed by SQL text. Preparing costs as much as running
 * a small INSERT, and Kysely prepares every query, so reuse roughly doubles ingestion speed.
 * Safe to reuse: Kysely runs one query at a time on this connection, and node:sqlite resets a
 * statement before each run. An evicted statement is dropped, not finalized by hand: node:sqlite
 * finalizes it when it is garbage-collected or the database closes, so an iterator still
 * holding it stays valid.
 */
export class StatementCache {
  readonly #map = new Map<string, SqliteStatement>();
  readonly #max: number;
  readonly #prepare: (sql: string) => SqliteStatement;
  constructor(prepare: (sql: string) => SqliteStatement, max = STATEMENT_CACHE_SIZE) {
    this.#prepare = prepare;
    this.#max = Math.max(1, max);
  }
  /** The statement for `sql`, prepared once and marked most recently used. */
  get(sql: string): SqliteStatement {
    const hit = this.#map.get(sql);
    if (hit) {
      this.#map.delete(sql);
      this.#map.set(sql, hit);
      return hit;
    }
    const stmt = this.#prepare(sql);
    this.#map.set(sql, stmt);
    if (this.#map.size > this.#max) {
      const oldest = this.#map.keys().next().value;
      if (oldest !== undefined) this.#map.delete(oldest);
    }
    return stmt;
  }
  /** Number of cached statements. */
  get size(): number { return this.#map.size; }
  /** Forgets every statement (before the database closes). */
  clear(): void { this.#map.clear(); }
}

/** Opens the database file with WAL, synchronous=FULL (nothing acknowledged is lost on a crash) and foreign keys on. */
export function openSqlite(opts: SqliteOptions): { database: DatabaseSync; dialect: SqliteDialect } {
  const database = new DatabaseSync(opts.path);
  database.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.trunc(opts.busyTimeoutMs ?? 5000))}`);
  if (opts.path !== ':memory:') database.exec('PRAGMA journal_mode = WAL');
  database.exec('PRAGMA synchronous = FULL');
  database.exec('PRAGMA foreign_keys = ON');
  database.exec('PRAGMA cache_size = -65536');
  const cache = new StatementCache((sql) => wrapStatement(database.prepare(sql)));
  const wrapped: SqliteDatabase = {
    close: () => { cache.clear(); database.close(); },
    prepare: (sql) => cache.get(sql),
  };
  return { database, dialect: new SqliteDialect({ database: wrapped }) };
}
