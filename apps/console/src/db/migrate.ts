/** Applies the static migration list (migrations/index.ts) with Kysely's Migrator; concurrent consoles on PostgreSQL serialise on its lock. */
import { Migrator, type Migration } from 'kysely/migration';
import { FarsightError } from '@farsight/common';
import { MIGRATIONS } from './migrations/index.ts';
import type { Db } from './index.ts';

/** Brings the schema to the latest migration; throws DB_MIGRATION_FAILED naming the failed one. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({
    db,
    // Kysely types migrations over Kysely<any>; ours take Kysely<never> so they cannot use the app's schema types.
    provider: { getMigrations: () => Promise.resolve(MIGRATIONS as unknown as Record<string, Migration>) },
    // Areas are numbered in blocks written in parallel, so a lower number may land after a higher one.
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    throw new FarsightError('DB_MIGRATION_FAILED', `database migration ${failed?.migrationName ?? '(unknown)'} failed: ${error instanceof Error ? error.message : String(error)}; the database is unchanged from the last good migration`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
