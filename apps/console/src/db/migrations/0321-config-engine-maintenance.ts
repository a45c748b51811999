/**
 * The maintenance windows each engine last published (issue 4), kept by the console so a
 * schedule can be checked against them, and scans held back, while the engine is not connected.
 */
import type { Kysely } from 'kysely';

/** Creates the table. */
export async function up(db: Kysely<never>): Promise<void> {
  await db.schema.createTable('engine_maintenance')
    .addColumn('engine_id', 'integer', (c) => c.primaryKey().references('scan_engines.id').onDelete('cascade'))
    .addColumn('rules', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .execute();
}

/** Drops it. */
export async function down(db: Kysely<never>): Promise<void> {
  await db.schema.dropTable('engine_maintenance').execute();
}
