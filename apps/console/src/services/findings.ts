/**
 * The finding lifecycle, decided when a scan integrates (every result batch committed):
 *   seen in this scan:   remediated → reopened; new (from an earlier scan) → active; reopened (earlier) → active
 *   not seen, but its asset was scanned (up) in this scan: new|active|reopened → remediated
 * A finding first seen in this scan stays `new`. Set-based SQL, idempotent: integrating the
 * same scan twice (e.g. after a crash mid-integration) changes nothing the second time.
 */
import { sql, type Kysely } from 'kysely';
import type { Database, Db } from '../db/index.ts';
import { nowIso, toCount } from '../db/helpers.ts';

type Tx = Kysely<Database>;

/** The finding statuses. */
export const FINDING_STATUSES = ['new', 'active', 'remediated', 'reopened'] as const;
/** A finding status. */
export type FindingStatus = (typeof FINDING_STATUSES)[number];

/** Counts of status changes made by one integration. */
export interface IntegrationCounts { reopened: number; active: number; remediated: number; new: number }

async function transition(tx: Tx, scanId: number, now: string, to: FindingStatus, reason: string, where: ReturnType<typeof sql<boolean>>): Promise<number> {
  // History first: it needs the status before the change.
  const r = await sql`INSERT INTO finding_history (finding_id, scan_id, at, from_status, to_status, reason)
    SELECT id, ${scanId}, ${now}, status, ${to}, ${reason} FROM findings WHERE ${where}`.execute(tx);
  const n = Number(r.numAffectedRows ?? 0n);
  if (n === 0) return 0;
  await sql`UPDATE findings SET status = ${to}, status_scan_id = ${scanId}
    ${to === 'reopened' ? sql`, since = ${now}` : sql``} WHERE ${where}`.execute(tx);
  return n;
}

/** `asset_id IN (assets up in the scan)`. */
function scannedAssets(scanId: number): ReturnType<typeof sql<boolean>> {
  return sql<boolean>`asset_id IN (SELECT asset_id FROM scan_hosts WHERE scan_id = ${scanId} AND status = 'up' AND asset_id IS NOT NULL)`;
}

/**
 * Applies the lifecycle for scan `hostsScanId` (inside the caller's transaction). A chunk of a pool
 * scan judges the assets it scanned, but its findings carry the pool scan's id (ingest.ts), so
 * the lifecycle and the history it writes name the pool scan, the one users see.
 */
export async function integrateFindings(tx: Tx, hostsScanId: number): Promise<IntegrationCounts> {
  const now = nowIso();
  const parent = await tx.selectFrom('scans').select('parent_scan_id').where('id', '=', hostsScanId).executeTakeFirst();
  const scanId = parent?.parent_scan_id ?? hostsScanId;
  // Every query names the scan's assets first: a finding seen in this scan belongs to an asset that
  // was up in it, and the asset_id prefix of findings_key is the index that serves them (0312).
  const scanned = scannedAssets(hostsScanId);
  const reopened = await transition(tx, scanId, now, 'reopened', `seen again in scan ${scanId} after it was remediated`,
    sql<boolean>`${scanned} AND last_scan_id = ${scanId} AND status = 'remediated'`);
  const active = await transition(tx, scanId, now, 'active', `seen again in scan ${scanId}`,
    sql<boolean>`${scanned} AND last_scan_id = ${scanId} AND ((status = 'new' AND first_scan_id <> ${scanId}) OR (status = 'reopened' AND status_scan_id <> ${scanId}))`);
  const remediated = await transition(tx, scanId, now, 'remediated', `not found on its asset in scan ${scanId}`,
    sql<boolean>`${scanned} AND last_scan_id < ${scanId} AND status <> 'remediated'`);
  const fresh = await tx.selectFrom('findings').select((eb) => eb.fn.countAll().as('n')).where(scannedAssets(hostsScanId)).where('first_scan_id', '=', scanId).where('status', '=', 'new').executeTakeFirst();
  return { reopened, active, remediated, new: toCount(fresh?.n) };
}

/** A finding as the asset vulnerabilities route shows it. */
export interface FindingView {
  id: number; checkId: string; port: number; protocol: string; instance: string; status: FindingStatus; severity: string;
  title: string | null; proof: string | null; firstSeen: string; lastSeen: string; since: string;
}

/** Findings of an asset (not remediated unless asked), grouped per check by the caller; sorted by check and port. */
export async function listAssetFindings(db: Db, assetId: number, opts: { includeRemediated?: boolean } = {}): Promise<FindingView[]> {
  let q = db.selectFrom('findings').selectAll().where('asset_id', '=', assetId);
  if (!opts.includeRemediated) q = q.where('status', '!=', 'remediated');
  const rows = await q.orderBy('check_id').orderBy('port').orderBy('protocol').orderBy('instance').execute();
  return rows.map((r) => ({
    id: r.id, checkId: r.check_id, port: r.port, protocol: r.protocol, instance: r.instance, status: r.status as FindingStatus,
    severity: r.severity, title: r.title, proof: r.proof, firstSeen: r.first_seen, lastSeen: r.last_seen, since: r.since,
  }));
}

/** The status history of a finding, oldest first. */
export async function findingHistory(db: Db, findingId: number): Promise<Array<{ scanId: number | null; at: string; from: string | null; to: string; reason: string }>> {
  const rows = await db.selectFrom('finding_history').selectAll().where('finding_id', '=', findingId).orderBy('id').execute();
  return rows.map((r) => ({ scanId: r.scan_id, at: r.at, from: r.from_status, to: r.to_status, reason: r.reason }));
}
