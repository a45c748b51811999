/**
 * Engine operations (issue 4):
 * - Per-engine concurrent-scan limit: `scan_engines.scan_limit`, the most scans the dispatcher
 *   sends to that engine at once (1–64). NULL means the console-wide default
 *   (FARSIGHT_ENGINE_SCAN_LIMIT, else 4). Set through `PUT /api/farsight/scan_engines/{id}/settings`.
 * - Pool scans show only the pool scan: results a chunk (a `scans` row with `parent_scan_id`)
 *   recorded under its own id before ingest wrote the parent's are moved to the parent's id
 *   (asset, identifier, service, software, finding and finding-history scan ids, login
 *   outcomes). Progress rows (`scan_hosts`, `scan_batches`, `scan_log`) stay per chunk.
 */
import { sql, type Kysely } from 'kysely';

/** `<column> = its chunk's parent` for rows whose column names a chunk. */
const PARENT_OF = (column: string) => sql.raw(`(SELECT s.parent_scan_id FROM scans s WHERE s.id = ${column})`);
const IS_CHUNK = (column: string) => sql.raw(`${column} IN (SELECT id FROM scans WHERE parent_scan_id IS NOT NULL)`);

/** Adds the column and moves chunk ids of results to their pool scan. */
export async function up(db: Kysely<never>): Promise<void> {
  await db.schema.alterTable('scan_engines').addColumn('scan_limit', 'integer').execute();
  await moveChunkResultsToParents(db);
}

/** Rewrites every result scan id that names a chunk to its pool scan (idempotent). */
export async function moveChunkResultsToParents(db: Kysely<never>): Promise<void> {
  const columns: Array<[string, string]> = [
    ['assets', 'last_scan_id'], ['asset_addresses', 'scan_id'], ['services', 'last_scan_id'], ['software', 'last_scan_id'],
    ['findings', 'first_scan_id'], ['findings', 'last_scan_id'], ['findings', 'status_scan_id'], ['finding_history', 'scan_id'],
  ];
  for (const [table, column] of columns) {
    await sql`UPDATE ${sql.table(table)} SET ${sql.ref(column)} = ${PARENT_OF(`${table}.${column}`)} WHERE ${IS_CHUNK(`${table}.${column}`)}`.execute(db);
  }
  // Login outcomes are keyed by (scan, address): a host is reported by one chunk of a pool scan, so nothing collides; skip any that would.
  await sql`UPDATE scan_host_auth SET scan_id = ${PARENT_OF('scan_host_auth.scan_id')} WHERE ${IS_CHUNK('scan_host_auth.scan_id')}
    AND NOT EXISTS (SELECT 1 FROM scan_host_auth o WHERE o.address = scan_host_auth.address AND o.scan_id = ${PARENT_OF('scan_host_auth.scan_id')})`.execute(db);
}

/** Drops the column (results stay under the pool scan). */
export async function down(db: Kysely<never>): Promise<void> {
  await db.schema.alterTable('scan_engines').dropColumn('scan_limit').execute();
}
