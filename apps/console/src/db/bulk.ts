/**
 * Multi-row writes without per-row query building, for ingestion's hot path. On SQLite: one
 * `INSERT … VALUES (?,…),(?,…)` per chunk of rows, chunked under SQLite's bound-variable limit
 * (the SQL text depends only on the chunk's row count, so the dialect's statement cache reuses
 * it). On PostgreSQL: one `INSERT … SELECT * FROM unnest($1::type[], …)` whose text never
 * depends on the row count (one parameter per column). Both take the same `ON CONFLICT …` tail.
 */
import { CompiledQuery, type Kysely } from 'kysely';
import { dialectOf } from './helpers.ts';
import type { Database } from './schema.ts';

type Exec = Kysely<Database>;

/** A column of a bulk write: its name and its PostgreSQL type (the UNNEST array element type). */
export type BulkColumn = readonly [name: string, pgType: 'integer' | 'text'];

/** Bound variables per SQLite statement (SQLite's limit is 32,766 since 3.32; stay well under). */
export const SQLITE_MAX_VARIABLES = 16_000;
/** Rows per SQLite statement at most (bigger statements cost more to prepare than they save). */
export const SQLITE_MAX_ROWS = 500;

/** Rows per chunk for `columns` columns on SQLite (at least 1). */
export function sqliteChunkRows(columns: number): number {
  return Math.max(1, Math.min(SQLITE_MAX_ROWS, Math.floor(SQLITE_MAX_VARIABLES / Math.max(1, columns))));
}

/** The SQLite statement text for `rows` rows (pure; exported for tests). */
export function sqliteInsertText(table: string, columns: readonly BulkColumn[], rows: number, tail: string): string {
  const tuple = `(${columns.map(() => '?').join(',')})`;
  return `INSERT INTO "${table}" (${columns.map(([n]) => `"${n}"`).join(',')}) VALUES ${Array.from({ length: rows }, () => tuple).join(',')}${tail ? ` ${tail}` : ''}`;
}

/** The PostgreSQL statement text (pure; exported for tests). */
export function postgresInsertText(table: string, columns: readonly BulkColumn[], tail: string): string {
  const arrays = columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(',');
  return `INSERT INTO "${table}" (${columns.map(([n]) => `"${n}"`).join(',')}) SELECT * FROM unnest(${arrays})${tail ? ` ${tail}` : ''}`;
}

/**
 * Inserts `rows` (each an array in `columns` order) into `table`, with an optional tail
 * (`ON CONFLICT …`, `RETURNING …`). Returns the rows a RETURNING tail produced, in no
 * particular order.
 */
export async function bulkInsert<R = Record<string, unknown>>(db: Exec, table: string, columns: readonly BulkColumn[], rows: ReadonlyArray<readonly unknown[]>, tail = ''): Promise<R[]> {
  if (rows.length === 0) return [];
  const exec = db;
  if (dialectOf(exec) === 'postgres') {
    const arrays = columns.map((_, c) => rows.map((r) => r[c] ?? null));
    const res = await exec.executeQuery<R>(CompiledQuery.raw(postgresInsertText(table, columns, tail), arrays));
    return [...res.rows];
  }
  const out: R[] = [];
  const per = sqliteChunkRows(columns.length);
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    const params: unknown[] = [];
    for (const r of chunk) for (let c = 0; c < columns.length; c++) params.push(r[c] ?? null);
    const res = await exec.executeQuery<R>(CompiledQuery.raw(sqliteInsertText(table, columns, chunk.length, tail), params));
    out.push(...res.rows);
  }
  return out;
}

/**
 * Runs `text` for every id of `ids`: `text` holds `IN (:ids)` and `?` placeholders for `params`
 * (bound first). SQLite: once per chunk of at most 500 ids, bound as `IN (?,…)`. PostgreSQL: once,
 * with `= ANY($n::integer[])`.
 */
export async function forIdChunks(db: Exec, text: string, params: readonly unknown[], ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  if (dialectOf(db) === 'postgres') {
    let n = 0;
    const bound = text.replace(/\?/g, () => `$${++n}`).replace('IN (:ids)', `= ANY($${params.length + 1}::integer[])`);
    await db.executeQuery(CompiledQuery.raw(bound, [...params, [...ids]]));
    return;
  }
  for (let i = 0; i < ids.length; i += SQLITE_MAX_ROWS) {
    const chunk = ids.slice(i, i + SQLITE_MAX_ROWS);
    await db.executeQuery(CompiledQuery.raw(text.replace('(:ids)', `(${chunk.map(() => '?').join(',')})`), [...params, ...chunk]));
  }
}
