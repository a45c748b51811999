/**
 * Pool scans (issue 4): a scan whose engine is a pool is split into chunk scans, one per
 * active engine of the pool (rows of `scans` with `parent_scan_id`). Each chunk is an ordinary
 * scan for dispatch, ingestion and integration. When an engine stays away past the failover
 * wait, its chunk is stopped and the hosts it had not reported move to a new chunk on another
 * engine; batches the old engine sends later are acknowledged and dropped (ingest.ts), so no
 * host is reported twice. The parent aggregates its chunks and finishes when they have.
 * Chunk ids are internal: what users see (the parent's log and status reason, results) names a
 * chunk by its label (`chunk 2/3 on engine 5`), and results carry the parent's id (ingest.ts).
 */
import { parseTargetList } from '@farsight/common';
import type { Db } from '../db/index.ts';
import { nowIso, toCount } from '../db/helpers.ts';
import { remainingTargets, splitTargets } from '../engines/pool-split.ts';
import { integrateFindings } from './findings.ts';
import { appendScanLog, queueCommand, setScanStatus } from './scans-status.ts';
import { canTransition, TERMINAL, type ScanStatus } from './scans-states.ts';
import type { ScanSpecStored } from './scans-model.ts';

/** Marks the reason of a chunk stopped because its hosts moved to another engine. */
export const MOVED_PREFIX = 'moved:';

/** A chunk's label as users see it (its name ends with `[label]`): `chunk 2/3 on engine 5`. */
export function chunkLabel(name: string): string {
  return /\[([^[\]]+)\]$/.exec(name)?.[1] ?? 'chunk';
}

/** Engine ids of a pool's members. */
export async function poolMembers(db: Db, poolId: number): Promise<number[]> {
  const rows = await db.selectFrom('engine_pool_members').select('engine_id').where('pool_id', '=', poolId).orderBy('engine_id').execute();
  return rows.map((r) => r.engine_id);
}

/** True when `engineId` is a pool. */
export async function isPool(db: Db, engineId: number): Promise<boolean> {
  const row = await db.selectFrom('scan_engines').select('kind').where('id', '=', engineId).executeTakeFirst();
  return row?.kind === 'pool';
}

async function insertChunk(db: Db, parent: { id: number; site_id: number; name: string; scan_type: string; started_by: string; template_id: string }, spec: ScanSpecStored, targets: string[], engineId: number, label: string, hostsTotal: number): Promise<number> {
  const now = nowIso();
  const chunkSpec: ScanSpecStored = { ...spec, targets, hostsSubset: true };
  const row = await db.insertInto('scans').values({
    site_id: parent.site_id, engine_id: engineId, parent_scan_id: parent.id, name: `${parent.name} [${label}]`.slice(0, 256),
    scan_type: parent.scan_type, status: 'queued', status_reason: `chunk of scan ${parent.id}: ${label}`, started_by: parent.started_by,
    template_id: parent.template_id, spec: JSON.stringify(chunkSpec), hosts_total: hostsTotal, hosts_done: 0, hosts_up: 0,
    committed_seq: 0, last_seq: null, created_at: now, start_time: null, end_time: null, updated_at: now,
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Splits a queued pool scan over `engines` (active members, in order); returns the chunk ids. */
export async function planPoolScan(db: Db, parentId: number, engines: readonly number[]): Promise<number[]> {
  return db.transaction().execute(async (tx) => {
    const p = await tx.selectFrom('scans').selectAll().where('id', '=', parentId).executeTakeFirst();
    if (p?.status !== 'queued' || engines.length === 0) return [];
    const spec = JSON.parse(p.spec) as ScanSpecStored;
    const chunks = splitTargets(spec.targets, engines.length);
    const ids: number[] = [];
    for (const [i, targets] of chunks.entries()) {
      const engineId = engines[i] as number;
      const { hostsTotal } = countHosts(targets);
      ids.push(await insertChunk(tx, p, spec, targets, engineId, `chunk ${i + 1}/${chunks.length} on engine ${engineId}`, hostsTotal));
    }
    await setScanStatus(tx, parentId, 'dispatched', `split into ${ids.length} chunk(s) across engines ${engines.slice(0, chunks.length).join(', ')} of pool ${p.engine_id}`);
    await setScanStatus(tx, parentId, 'running', `${ids.length} chunk(s) queued on their engines`);
    return ids;
  });
}

function countHosts(targets: string[]): { hostsTotal: number } {
  return { hostsTotal: parseTargetList(targets).count };
}

/** Addresses a chunk has reported (committed). */
async function reportedHosts(db: Db, chunkId: number): Promise<Set<string>> {
  const rows = await db.selectFrom('scan_hosts').select('address').where('scan_id', '=', chunkId).execute();
  return new Set(rows.map((r) => r.address));
}

/**
 * Moves the unfinished hosts of a chunk to another engine: the chunk stops (the old engine is
 * told, should it come back), its reported hosts are integrated, the rest become a new queued
 * chunk on `toEngine`. Returns the new chunk's id (undefined when nothing was left to scan).
 */
export async function moveChunk(db: Db, chunkId: number, toEngine: number, why: string): Promise<number | undefined> {
  return db.transaction().execute(async (tx) => {
    const c = await tx.selectFrom('scans').selectAll().where('id', '=', chunkId).executeTakeFirst();
    if (!c || c.parent_scan_id === null || TERMINAL.has(c.status as ScanStatus)) return undefined;
    const parent = await tx.selectFrom('scans').selectAll().where('id', '=', c.parent_scan_id).executeTakeFirstOrThrow();
    const spec = JSON.parse(c.spec) as ScanSpecStored;
    const left = remainingTargets(spec.targets, await reportedHosts(tx, chunkId));
    const from = c.status as ScanStatus;
    await setScanStatus(tx, chunkId, 'stopped', `${MOVED_PREFIX} ${why}; ${left.length === 0 ? 'no host left' : `unfinished hosts moved to engine ${toEngine}`}`);
    if (from !== 'queued') await queueCommand(tx, chunkId, c.engine_id, 'scan.stop');
    await integrateFindings(tx, chunkId);
    if (left.length === 0) return undefined;
    const { hostsTotal } = countHosts(left);
    const id = await insertChunk(tx, parent, spec, left, toEngine, `hosts moved from engine ${c.engine_id} to engine ${toEngine}`, hostsTotal);
    await appendScanLog(tx, parent.id, 'warn', `${chunkLabel(c.name)}: ${why}; ${hostsTotal} unfinished host(s) moved to engine ${toEngine}`);
    return id;
  });
}

/** Chunks of a parent scan. */
export async function chunksOf(db: Db, parentId: number): Promise<Array<{ id: number; name: string; engine_id: number; status: string; status_reason: string }>> {
  return db.selectFrom('scans').select(['id', 'name', 'engine_id', 'status', 'status_reason']).where('parent_scan_id', '=', parentId).orderBy('id').execute();
}

/**
 * Brings running pool scans up to date with their chunks: host counters (distinct addresses
 * over every chunk), and the end: finished once every chunk finished or moved, error when one
 * failed. Returns the ids of parents that ended.
 */
export async function syncPoolScans(db: Db): Promise<number[]> {
  const parents = await db.selectFrom('scans').select(['id', 'status']).where('status', 'in', ['dispatched', 'running', 'paused'])
    .where('id', 'in', db.selectFrom('scans').select('parent_scan_id').where('parent_scan_id', 'is not', null).$castTo<{ parent_scan_id: number }>()).execute();
  const ended: number[] = [];
  for (const p of parents) {
    const chunks = await chunksOf(db, p.id);
    const ids = chunks.map((c) => c.id);
    const counts = await db.selectFrom('scan_hosts').select([
      (eb) => eb.fn.count<number>('address').distinct().as('done'),
    ]).where('scan_id', 'in', ids).executeTakeFirst();
    const up = await db.selectFrom('scan_hosts').select((eb) => eb.fn.count<number>('address').distinct().as('up')).where('scan_id', 'in', ids).where('status', '=', 'up').executeTakeFirst();
    await db.updateTable('scans').set({ hosts_done: toCount(counts?.done), hosts_up: toCount(up?.up) }).where('id', '=', p.id).execute();
    const status = p.status as ScanStatus;
    const open = chunks.filter((c) => !TERMINAL.has(c.status as ScanStatus));
    if (status === 'dispatched' && open.some((c) => c.status === 'running')) {
      await db.transaction().execute((tx) => setScanStatus(tx, p.id, 'running', 'chunks running again').then(() => undefined));
    }
    if (open.length > 0) continue;
    const failed = chunks.find((c) => c.status === 'error');
    const userStopped = chunks.find((c) => c.status === 'stopped' && !c.status_reason.startsWith(MOVED_PREFIX));
    await db.transaction().execute(async (tx) => {
      const now = (await tx.selectFrom('scans').select('status').where('id', '=', p.id).executeTakeFirst())?.status as ScanStatus;
      if (failed && canTransition(now, 'error')) await setScanStatus(tx, p.id, 'error', `${chunkLabel(failed.name)} failed: ${failed.status_reason}`);
      else if (userStopped && canTransition(now, 'stopped')) await setScanStatus(tx, p.id, 'stopped', `${chunkLabel(userStopped.name)} was stopped: ${userStopped.status_reason}`);
      else if (canTransition(now, 'integrating')) {
        await setScanStatus(tx, p.id, 'integrating', `all ${chunks.length} chunk(s) ended`);
        await setScanStatus(tx, p.id, 'finished', 'every chunk integrated its findings');
      } else return;
      ended.push(p.id);
    });
  }
  return ended;
}

/** Running, dispatched or queued chunks per engine that is not connected (candidates for failover). */
export async function chunksOnEngines(db: Db, engines: readonly number[]): Promise<Array<{ id: number; engine_id: number; parent_scan_id: number }>> {
  if (engines.length === 0) return [];
  const rows = await db.selectFrom('scans').select(['id', 'engine_id', 'parent_scan_id']).where('parent_scan_id', 'is not', null)
    .where('status', 'in', ['queued', 'dispatched', 'running']).where('engine_id', 'in', engines).orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, engine_id: r.engine_id, parent_scan_id: r.parent_scan_id as number }));
}
