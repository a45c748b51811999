/**
 * Ingest speed (issue 3, ≥ 50,000 findings/s on SQLite): every finding written or re-seen also
 * updated `findings_last_scan`. Its only readers were the integration queries of
 * `apps/console/src/services/findings.ts`, which now name the scan's assets
 * (`asset_id IN (…scan_hosts…)`) and so walk the `findings_key` unique index by asset instead.
 */
import type { Kysely } from 'kysely';

/** Drops findings_last_scan. */
export async function up(db: Kysely<never>): Promise<void> {
  await db.schema.dropIndex('findings_last_scan').ifExists().execute();
}

/** Restores it. */
export async function down(db: Kysely<never>): Promise<void> {
  await db.schema.createIndex('findings_last_scan').on('findings').column('last_scan_id').execute();
}
