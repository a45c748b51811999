/**
 * Ingestion of result batches. A batch is identified by (scan, engine, seq); its row in
 * `scan_batches` is written in the same transaction as everything it carries, so a replayed
 * or duplicated batch is recognised and changes nothing. The caller acknowledges only after
 * this returns (i.e. after the commit), with `committedSeq`: every batch up to it is in.
 */
import type { HostResultMessage, MessageOf } from '@farsight/engine-protocol';
import type { Kysely } from 'kysely';
import type { Database, Db } from '../db/index.ts';
import { nowIso } from '../db/helpers.ts';
import { ingestHost, type HostIngest } from './ingest-host.ts';
import { ingestHostsBatched } from './ingest-hosts.ts';
import { writeFindings } from './ingest-findings.ts';
import { writeHostAuth } from './ingest-auth.ts';
import { bulkInsert } from '../db/bulk.ts';
import { appendScanLog } from './scans-status.ts';

/** What ingesting a batch did. */
export interface IngestResult {
  /** The scan does not exist (deleted): acknowledge and forget. */
  unknownScan: boolean;
  /** The batch was ingested before; nothing changed. */
  duplicate: boolean;
  /** Every batch of this scan and engine with seq ≤ committedSeq is committed. */
  committedSeq: number;
  /** The engine's last seq, once it said the scan finished. */
  lastSeq: number | null;
  status: string;
}

/** Parses a protocol scan id back to the console's integer id (undefined when it is not one). */
export function scanIdOf(text: string): number | undefined {
  return /^[1-9]\d{0,9}$/.test(text) && Number(text) <= 2 ** 31 - 1 ? Number(text) : undefined;
}

/** Options of ingestBatch. */
export interface IngestOptions {
  /** Write hosts one at a time (the path a merging batch takes); tests compare it with the batched path. */
  oneByOne?: boolean;
}

/** Ingests one batch from `engineId` in one transaction; idempotent per (scan, engine, seq). */
export async function ingestBatch(db: Db, engineId: number, batch: MessageOf<'results.batch'>, opts: IngestOptions = {}): Promise<IngestResult> {
  const scanId = scanIdOf(batch.scanId);
  if (scanId === undefined) return { unknownScan: true, duplicate: false, committedSeq: batch.seq, lastSeq: null, status: 'unknown' };
  return db.transaction().execute(async (tx) => {
    const scan = await tx.selectFrom('scans').select(['id', 'site_id', 'committed_seq', 'last_seq', 'status', 'engine_id', 'parent_scan_id']).where('id', '=', scanId).executeTakeFirst();
    if (!scan) return { unknownScan: true, duplicate: false, committedSeq: batch.seq, lastSeq: null, status: 'unknown' };
    // A stopped chunk of a pool scan (its hosts moved to another engine, or the scan was
    // stopped): late batches are acknowledged and dropped, so no host is reported twice.
    if (scan.parent_scan_id !== null && (scan.status === 'stopped' || scan.engine_id !== engineId)) {
      return { unknownScan: true, duplicate: false, committedSeq: batch.seq, lastSeq: null, status: scan.status };
    }
    const now = nowIso();
    const inserted = await tx.insertInto('scan_batches').values({ scan_id: scanId, engine_id: engineId, seq: batch.seq, hosts: batch.hosts.length, received_at: now })
      .onConflict((oc) => oc.columns(['scan_id', 'engine_id', 'seq']).doNothing()).returning('seq').executeTakeFirst();
    if (!inserted) return { unknownScan: false, duplicate: true, committedSeq: scan.committed_seq, lastSeq: scan.last_seq, status: scan.status };
    let newHosts = 0;
    let newUp = 0;
    // Hosts reported before (an earlier batch, or earlier in this one): one read, then kept current.
    const priorStatus = new Map<string, string>();
    const addresses = [...new Set(batch.hosts.map((h) => h.address))];
    for (let i = 0; i < addresses.length; i += 400) {
      const rows = await tx.selectFrom('scan_hosts').select(['address', 'status']).where('scan_id', '=', scanId).where('address', 'in', addresses.slice(i, i + 400)).execute();
      for (const r of rows) priorStatus.set(r.address, r.status);
    }
    for (const host of batch.hosts) {
      const prior = priorStatus.get(host.address);
      if (prior === undefined) { newHosts++; if (host.status === 'up') newUp++; }
      else if (prior !== 'up' && host.status === 'up') newUp++;
      priorStatus.set(host.address, host.status);
    }
    // A chunk of a pool scan records its results under the pool scan, the only scan users see:
    // asset, identifier, service, software and finding scan ids (and their reasons), login
    // outcomes. Progress (scan_hosts) and batches stay per chunk (failover moves a chunk's rest).
    const shownId = scan.parent_scan_id ?? scanId;
    const ref = { id: shownId, siteId: scan.site_id };
    const batched = opts.oneByOne ? null : await ingestHostsBatched(tx, ref, batch.hosts, now);
    const withAssets = batched ? await writeScanHosts(tx, scanId, batch, batched.results, now) : await ingestOneByOne(tx, ref, scanId, batch, now);
    await writeFindings(tx, withAssets, shownId, now, batched?.created);
    await writeHostAuth(tx, shownId, withAssets, now);
    // Advance the contiguous cursor over this batch and any that arrived early.
    let committed = scan.committed_seq;
    if (batch.seq === committed + 1) {
      committed = batch.seq;
      for (;;) {
        const next = await tx.selectFrom('scan_batches').select('seq').where('scan_id', '=', scanId).where('engine_id', '=', engineId).where('seq', '=', committed + 1).executeTakeFirst();
        if (!next) break;
        committed++;
      }
    } else if (batch.seq > committed + 1) {
      await appendScanLog(tx, scanId, 'warn', `batch ${batch.seq} arrived before batch ${committed + 1}; kept, acknowledged once the gap is filled`);
    }
    await tx.updateTable('scans').set((eb) => ({
      committed_seq: committed, hosts_done: eb('hosts_done', '+', newHosts), hosts_up: eb('hosts_up', '+', newUp), updated_at: now,
    })).where('id', '=', scanId).execute();
    return { unknownScan: false, duplicate: false, committedSeq: committed, lastSeq: scan.last_seq, status: scan.status };
  });
}

type Tx = Kysely<Database>;
type Batch = MessageOf<'results.batch'>;
type WithAsset = { assetId: number; host: HostResultMessage };

/** Per-host progress rows of a batch written at once (the same address twice: the last report wins). */
async function writeScanHosts(tx: Tx, scanId: number, batch: Batch, results: HostIngest[], now: string): Promise<WithAsset[]> {
  const rows = new Map<string, unknown[]>();
  const withAssets: WithAsset[] = [];
  batch.hosts.forEach((host, i) => {
    const r = results[i] as HostIngest;
    if (r.assetId !== null) withAssets.push({ assetId: r.assetId, host });
    rows.delete(host.address);
    rows.set(host.address, [scanId, host.address, host.status, r.assetId, r.openPorts, r.findings, batch.seq, now]);
  });
  await bulkInsert(tx, 'scan_hosts', [['scan_id', 'integer'], ['address', 'text'], ['status', 'text'], ['asset_id', 'integer'], ['open_ports', 'integer'], ['findings', 'integer'], ['seq', 'integer'], ['done_at', 'text']],
    [...rows.values()], `ON CONFLICT (scan_id, address) DO UPDATE SET status = excluded.status, asset_id = excluded.asset_id, open_ports = excluded.open_ports,
      findings = excluded.findings, seq = excluded.seq, done_at = excluded.done_at`);
  return withAssets;
}

/**
 * One host at a time (a host of the batch merges assets): each host sees the merges of the hosts
 * before it. `scan.id` is the scan users see; `hostsScanId` the scan (chunk) whose progress rows these are.
 */
async function ingestOneByOne(tx: Tx, scan: { id: number; siteId: number }, hostsScanId: number, batch: Batch, now: string): Promise<WithAsset[]> {
  const withAssets: WithAsset[] = [];
  for (const host of batch.hosts) {
    const r = await ingestHost(tx, scan, host);
    if (r.assetId !== null) withAssets.push({ assetId: r.assetId, host });
    const row = { status: host.status, asset_id: r.assetId, open_ports: r.openPorts, findings: r.findings, seq: batch.seq, done_at: now };
    await tx.insertInto('scan_hosts').values({ scan_id: hostsScanId, address: host.address, ...row })
      .onConflict((oc) => oc.columns(['scan_id', 'address']).doUpdateSet(row)).execute();
  }
  // An asset merged by a later host of this batch no longer exists: findings follow the merge.
  const alive = new Set((withAssets.length === 0 ? [] : await tx.selectFrom('assets').select('id').where('id', 'in', [...new Set(withAssets.map((w) => w.assetId))]).execute()).map((a) => a.id));
  for (const w of withAssets.filter((x) => !alive.has(x.assetId))) {
    const row = await tx.selectFrom('scan_hosts').select('asset_id').where('scan_id', '=', hostsScanId).where('address', '=', w.host.address).executeTakeFirst();
    if (row?.asset_id) w.assetId = row.asset_id;
  }
  return withAssets;
}
