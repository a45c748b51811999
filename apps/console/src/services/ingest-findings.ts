/**
 * Records the findings of a batch's hosts, set-based: one read of the (already existing)
 * assets' findings, one UPDATE per chunk of sightings, multi-row INSERTs (db/bulk.ts, no
 * per-row query building) for new findings and their history. Status is decided at
 * integration (findings.ts); ingestion records the sighting and its proof.
 */
import { CompiledQuery, type Kysely } from 'kysely';
import type { HostResultMessage } from '@farsight/engine-protocol';
import type { Database } from '../db/index.ts';
import { bulkInsert, forIdChunks, postgresInsertText, type BulkColumn } from '../db/bulk.ts';
import { dialectOf } from '../db/helpers.ts';

type Tx = Kysely<Database>;
type F = HostResultMessage['findings'][number];
const READ_CHUNK = 500;

const FINDING_COLUMNS: BulkColumn[] = [['asset_id', 'integer'], ['check_id', 'text'], ['port', 'integer'], ['protocol', 'text'], ['instance', 'text'], ['status', 'text'],
  ['severity', 'text'], ['title', 'text'], ['proof', 'text'], ['first_seen', 'text'], ['last_seen', 'text'], ['since', 'text'],
  ['first_scan_id', 'integer'], ['last_scan_id', 'integer'], ['status_scan_id', 'integer']];
const HISTORY_COLUMNS: BulkColumn[] = [['finding_id', 'integer'], ['scan_id', 'integer'], ['at', 'text'], ['from_status', 'text'], ['to_status', 'text'], ['reason', 'text']];

/** The semantic key of a finding on an asset. */
function key(assetId: number, f: { checkId?: string; check_id?: string; port: number; protocol: string; instance: string }): string {
  return `${assetId}|${f.checkId ?? f.check_id ?? ''}|${f.port}|${f.protocol}|${f.instance}`;
}

/**
 * Upserts the findings of `items` on their semantic key. `created` lists assets made in this
 * batch: they have no findings yet, so they are not read.
 */
export async function writeFindings(tx: Tx, items: Array<{ assetId: number; host: HostResultMessage }>, scanId: number, now: string, created: ReadonlySet<number> = new Set()): Promise<void> {
  // The same key twice (in one host, or one host twice in a batch) is one finding; the last proof wins.
  const wanted = new Map<string, { assetId: number; f: F }>();
  for (const { assetId, host } of items) for (const f of host.findings) wanted.set(key(assetId, f), { assetId, f });
  if (wanted.size === 0) return;
  const toRead = [...new Set([...wanted.values()].map((w) => w.assetId))].filter((a) => !created.has(a));
  const known = new Map<string, { id: number; severity: string; title: string | null; proof: string | null }>();
  for (let i = 0; i < toRead.length; i += READ_CHUNK) {
    const rows = await tx.selectFrom('findings').select(['id', 'asset_id', 'check_id', 'port', 'protocol', 'instance', 'severity', 'title', 'proof'])
      .where('asset_id', 'in', toRead.slice(i, i + READ_CHUNK)).execute();
    for (const r of rows) known.set(key(r.asset_id, r), r);
  }
  const seen: number[] = [];
  const fresh: Array<{ assetId: number; f: F }> = [];
  for (const [k, w] of wanted) {
    const e = known.get(k);
    if (!e) { fresh.push(w); continue; }
    seen.push(e.id);
    if (e.severity !== w.f.severity || e.title !== (w.f.title ?? null) || e.proof !== (w.f.proof ?? null)) {
      await tx.updateTable('findings').set({ severity: w.f.severity, title: w.f.title ?? null, proof: w.f.proof ?? null }).where('id', '=', e.id).execute();
    }
  }
  await forIdChunks(tx, 'UPDATE findings SET last_seen = ?, last_scan_id = ? WHERE id IN (:ids)', [now, scanId], seen);
  if (fresh.length === 0) return;
  const rows = fresh.map(({ assetId, f }) => [
    assetId, f.checkId, f.port, f.protocol, f.instance, 'new', f.severity, f.title ?? null, f.proof ?? null, now, now, now, scanId, scanId, scanId,
  ]);
  const reason = `first seen in scan ${scanId}`;
  if (dialectOf(tx) === 'postgres') {
    // One round trip: the new findings and their first history entries in one statement.
    const arrays = FINDING_COLUMNS.map((_, c) => rows.map((r) => r[c] ?? null));
    const n = FINDING_COLUMNS.length;
    await tx.executeQuery(CompiledQuery.raw(`WITH ins AS (${postgresInsertText('findings', FINDING_COLUMNS, 'RETURNING id')})
      INSERT INTO finding_history (finding_id, scan_id, at, from_status, to_status, reason) SELECT id, $${n + 1}::integer, $${n + 2}::text, NULL, 'new', $${n + 3}::text FROM ins`,
    [...arrays, scanId, now, reason]));
    return;
  }
  const ids = await bulkInsert<{ id: number }>(tx, 'findings', FINDING_COLUMNS, rows, 'RETURNING id');
  // Every new finding gets the same first history entry, so RETURNING's row order does not matter.
  await bulkInsert(tx, 'finding_history', HISTORY_COLUMNS, ids.map((r) => [r.id, scanId, now, null, 'new', reason]));
}
