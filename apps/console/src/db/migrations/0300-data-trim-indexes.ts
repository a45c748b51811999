/**
 * Ingestion speed (issue 3): indexes that cost upkeep on every ingested row without serving a
 * query. `findings_check` (findings.check_id): no query filters or sorts findings by check
 * alone (lookups go through `findings_key`, which starts with asset_id; exceptions are matched
 * in memory). `scan_hosts_asset` (scan_hosts.asset_id): a prefix of `scan_hosts_asset_done`
 * (asset_id, done_at), which serves every lookup it did.
 */
import type { Kysely } from 'kysely';

/** Drops the two indexes. */
export async function up(db: Kysely<never>): Promise<void> {
  await db.schema.dropIndex('findings_check').ifExists().execute();
  await db.schema.dropIndex('scan_hosts_asset').ifExists().execute();
}

/** Recreates them. */
export async function down(db: Kysely<never>): Promise<void> {
  await db.schema.createIndex('findings_check').on('findings').column('check_id').execute();
  await db.schema.createIndex('scan_hosts_asset').on('scan_hosts').column('asset_id').execute();
}
