/**
 * Blackout windows (SPEC §4 scheduling): times when a site's scans (site_id set) or every
 * scan (site_id null: global) must not run. A blackout repeats by a rule in the engine
 * maintenance grammar (`rule`) or covers one period (`from_at`–`until_at`).
 */
import type { Kysely } from 'kysely';
import { addIdColumn } from '../helpers.ts';

/** Creates the table. */
export async function up(db: Kysely<never>): Promise<void> {
  await addIdColumn(db, db.schema.createTable('blackouts'))
    .addColumn('site_id', 'integer', (c) => c.references('sites.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('rule', 'text')
    .addColumn('from_at', 'text')
    .addColumn('until_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('blackouts_site').on('blackouts').column('site_id').execute();
}

/** Drops it. */
export async function down(db: Kysely<never>): Promise<void> {
  await db.schema.dropTable('blackouts').execute();
}
