/**
 * Engine trust (issue 4): shared-secret limits (max uses, allowed source CIDRs, use count),
 * engine certificates issued by the console's engine CA (revocable), and each engine's link
 * facts (direction, pinned key, heartbeat, skew, work).
 */
import type { Kysely } from 'kysely';
import { addIdColumn } from '../helpers.ts';

/** Adds the columns and tables. */
export async function up(db: Kysely<never>): Promise<void> {
  await db.schema.alterTable('engine_shared_secrets').addColumn('max_uses', 'integer').execute();
  await db.schema.alterTable('engine_shared_secrets').addColumn('uses', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('engine_shared_secrets').addColumn('allowed_cidrs', 'text').execute();
  await addIdColumn(db, db.schema.createTable('engine_certificates'))
    .addColumn('engine_id', 'integer', (c) => c.notNull().references('scan_engines.id').onDelete('cascade'))
    .addColumn('fingerprint256', 'text', (c) => c.notNull().unique())
    .addColumn('serial', 'text', (c) => c.notNull())
    .addColumn('not_after', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('engine_certificates_engine').on('engine_certificates').column('engine_id').execute();
  await db.schema.createTable('engine_links')
    .addColumn('engine_id', 'integer', (c) => c.primaryKey().references('scan_engines.id').onDelete('cascade'))
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('key_pin', 'text')
    .addColumn('last_heartbeat_at', 'text')
    .addColumn('clock_skew_ms', 'integer')
    .addColumn('running_scans', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('queue_depth', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('revoked_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

/** Drops them. */
export async function down(db: Kysely<never>): Promise<void> {
  await db.schema.dropTable('engine_links').execute();
  await db.schema.dropTable('engine_certificates').execute();
  await db.schema.alterTable('engine_shared_secrets').dropColumn('allowed_cidrs').execute();
  await db.schema.alterTable('engine_shared_secrets').dropColumn('uses').execute();
  await db.schema.alterTable('engine_shared_secrets').dropColumn('max_uses').execute();
}
