/**
 * Pool scans (issue 4): a scan of a site that targets an engine pool is split into chunk
 * scans, one per engine, each a row of `scans` with `parent_scan_id` set. A chunk is an
 * ordinary scan for dispatch, ingestion and integration; the parent only aggregates.
 */
import type { Kysely } from 'kysely';

/** Adds scans.parent_scan_id. */
export async function up(db: Kysely<never>): Promise<void> {
  await db.schema.alterTable('scans').addColumn('parent_scan_id', 'integer').execute();
  await db.schema.createIndex('scans_parent').on('scans').column('parent_scan_id').execute();
}

/** Drops it. */
export async function down(db: Kysely<never>): Promise<void> {
  await db.schema.dropIndex('scans_parent').execute();
  await db.schema.alterTable('scans').dropColumn('parent_scan_id').execute();
}
