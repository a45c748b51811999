/**
 * Per-engine concurrent-scan limit (issue 4): `scan_engines.scan_limit`, the most scans the
 * dispatcher sends to that engine at once (1–64). NULL means the console-wide default
 * (FARSIGHT_ENGINE_SCAN_LIMIT, else 4). Set through `PUT /api/farsight/scan_engines/{id}/settings`.
 */
import type { Kysely } from 'kysely';

/** Adds the column. */
export async function up(db: Kysely<never>): Promise<void> {
  await db.schema.alterTable('scan_engines').addColumn('scan_limit', 'integer').execute();
}

/** Drops it. */
export async function down(db: Kysely<never>): Promise<void> {
  await db.schema.alterTable('scan_engines').dropColumn('scan_limit').execute();
}
