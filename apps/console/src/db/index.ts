/** The console database: one Kysely instance type (`Db`) over SQLite (default) or PostgreSQL (`DATABASE_URL`). */
import { Kysely } from 'kysely';
import { FarsightError } from '@farsight/common';
import type { Database } from './schema.ts';
import { openSqlite } from './sqlite-dialect.ts';
import { openPostgres } from './postgres.ts';

/** The Kysely instance every service takes. */
export type Db = Kysely<Database>;
export type { Database } from './schema.ts';
export { dialectOf, nowIso, toCount, addIdColumn, isUniqueViolation } from './helpers.ts';
export { migrateToLatest } from './migrate.ts';

/** Where the data lives: a SQLite file (or ':memory:') or a postgres:// URL. */
export type DbLocation = { sqlitePath: string } | { databaseUrl: string; poolSize?: number };

/** Opens the database (does not migrate; call migrateToLatest). */
export function openDb(where: DbLocation): Db {
  if ('databaseUrl' in where) {
    if (!/^postgres(ql)?:\/\//.test(where.databaseUrl)) {
      throw new FarsightError('INVALID_ARGUMENT', `DATABASE_URL must start with postgres:// or postgresql:// (got ${where.databaseUrl.split(':')[0]}:…); unset it to use the embedded SQLite database`);
    }
    return new Kysely<Database>({ dialect: openPostgres(where.databaseUrl, where.poolSize).dialect });
  }
  return new Kysely<Database>({ dialect: openSqlite({ path: where.sqlitePath }).dialect });
}
