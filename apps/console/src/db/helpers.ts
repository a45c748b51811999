/** Small portable-SQL helpers shared by migrations and services (both SQLite and PostgreSQL). */
import { PostgresAdapter, sql, type CreateTableBuilder, type Kysely } from 'kysely';

/** Which SQL dialect a Kysely instance speaks. */
export function dialectOf(db: { getExecutor(): { adapter: unknown } }): 'sqlite' | 'postgres' {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** Adds an integer auto-increment primary key `id` (INTEGER PRIMARY KEY on SQLite, identity on PostgreSQL). */
export function addIdColumn<T extends string>(db: Kysely<never> | Kysely<object>, table: CreateTableBuilder<T, never>): CreateTableBuilder<T, 'id'> {
  return dialectOf(db) === 'postgres'
    ? table.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

/** Now as ISO-8601 text (the portable timestamp column type). */
export function nowIso(): string {
  return new Date().toISOString();
}

/** A count() result as a number (PostgreSQL returns bigint counts as strings unless parsed). */
export function toCount(v: unknown): number {
  const n = typeof v === 'string' ? Number(v) : typeof v === 'bigint' ? Number(v) : typeof v === 'number' ? v : 0;
  return Number.isFinite(n) ? n : 0;
}

/** `count(*)` as an expression that selects into a number-ish column; pass the row through toCount. */
export const countAll = sql<number | string>`count(*)`;

/** True when `e` is a unique-constraint violation on either dialect (so services can answer CONFLICT). */
export function isUniqueViolation(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const x = e as { code?: unknown; errcode?: unknown; message?: unknown };
  return x.code === '23505' || (typeof x.message === 'string' && /UNIQUE constraint failed/.test(x.message));
}

/**
 * True for errors the database raises because of a value it was given (PostgreSQL SQLSTATE
 * class 22 "data exception": NUL bytes, out-of-range numbers, bad encodings; SQLite "too big"),
 * which the API reports as 400 rather than 500.
 */
export function isDataError(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const x = e as { code?: unknown; message?: unknown };
  return (typeof x.code === 'string' && /^22[0-9A-Z]{3}$/.test(x.code) && 'severity' in e) || (typeof x.message === 'string' && /string or blob too big|integer overflow/.test(x.message));
}
