/**
 * Deep pages of asset lists sorted by address (issue 3 benchmark): `assets_ip` indexed `ip`
 * alone, so PostgreSQL sorted the id tie-break of every preceding row (an incremental sort
 * over up to 100,000 rows). `(ip, id)` lets a page walk the index in either direction, like
 * `(host_name, id)` and `(os, id)` (0202). It replaces `assets_ip`, whose lookups it serves.
 */
import type { Kysely } from 'kysely';

/** Creates `assets_ip_id`, drops `assets_ip`. */
export async function up(db: Kysely<never>): Promise<void> {
  await db.schema.createIndex('assets_ip_id').on('assets').columns(['ip', 'id']).execute();
  await db.schema.dropIndex('assets_ip').ifExists().execute();
}

/** Back to `assets_ip`. */
export async function down(db: Kysely<never>): Promise<void> {
  await db.schema.createIndex('assets_ip').on('assets').column('ip').execute();
  await db.schema.dropIndex('assets_ip_id').execute();
}
