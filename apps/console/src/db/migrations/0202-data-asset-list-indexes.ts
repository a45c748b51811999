/**
 * Indexes for paging asset lists (issue 3 benchmark): sorting 100,000 assets by host name or
 * OS without an index sorted every row on every page (hundreds of ms); with one, a page walks
 * the index. `(column, id)` matches the list's tie-break on id.
 */
import type { Kysely } from 'kysely';

/** Creates the asset sort indexes. */
export async function up(db: Kysely<never>): Promise<void> {
  await db.schema.createIndex('assets_host_name').on('assets').columns(['host_name', 'id']).execute();
  await db.schema.createIndex('assets_os').on('assets').columns(['os', 'id']).execute();
  await db.schema.createIndex('scan_hosts_asset_done').on('scan_hosts').columns(['asset_id', 'done_at']).execute();
}

/** Drops them. */
export async function down(db: Kysely<never>): Promise<void> {
  for (const name of ['scan_hosts_asset_done', 'assets_os', 'assets_host_name']) await db.schema.dropIndex(name).execute();
}
