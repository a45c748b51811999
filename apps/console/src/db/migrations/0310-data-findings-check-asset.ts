/**
 * `GET /api/3/vulnerabilities/{id}/assets` (issue 3): the assets a vulnerability affects are read
 * from findings by check. `findings_check_asset` (check_id, asset_id, status) serves that lookup
 * as an index-only walk in asset order — `status` is there so "not remediated" is decided in the
 * index, without reading rows (see bench/README.md). 0300 dropped the single-column
 * `findings_check`; this one has a query to serve.
 */
import type { Kysely } from 'kysely';

/** Creates findings_check_asset. */
export async function up(db: Kysely<never>): Promise<void> {
  await db.schema.createIndex('findings_check_asset').on('findings').columns(['check_id', 'asset_id', 'status']).execute();
}

/** Drops it. */
export async function down(db: Kysely<never>): Promise<void> {
  await db.schema.dropIndex('findings_check_asset').ifExists().execute();
}
