/**
 * The scan engine registry: engines and engine pools (one id space, as in InsightVM), pool
 * membership, and engine status as reported by whoever supervises an engine (the local engine's
 * supervisor today, the engine link in issue 4). The built-in Local scan engine (id 1) cannot
 * be changed or deleted.
 */
import { FarsightError } from '@farsight/common';
import type { Db } from '../db/index.ts';
import { nowIso } from '../db/helpers.ts';
import { LOCAL_ENGINE_ID } from '../db/migrations/0100-config-sites-engines.ts';
import { audit } from './audit.ts';
import { SYSTEM_ACTOR, type Actor } from './actor.ts';
import { getPool } from './engines-registry-pools.ts';

export { LOCAL_ENGINE_ID };

/** v3 `ScanEngine.status` values. */
export const ENGINE_STATUSES = ['active', 'incompatible-version', 'not-responding', 'pending-authorization', 'unknown'] as const;
/** An engine status. */
export type EngineStatus = (typeof ENGINE_STATUSES)[number];

/** An engine as services return it. */
export interface EngineView {
  id: number;
  name: string;
  kind: 'local' | 'remote';
  address: string;
  port: number;
  status: EngineStatus;
  statusReason: string | null;
  statusAt: string | null;
  productVersion: string | null;
  contentVersion: string | null;
  /** Most concurrent scans on this engine (1–64); null = the console-wide default (FARSIGHT_ENGINE_SCAN_LIMIT, else 4). */
  scanLimit: number | null;
  updatedAt: string;
  /** Pools the engine belongs to. */
  pools: number[];
  /** Sites that scan directly from this engine. */
  sites: number[];
}

/** A pool as services return it. */
export interface PoolView {
  id: number;
  name: string;
  engines: number[];
  sites: number[];
}

type EngineRow = { id: number; name: string; kind: string; address: string; port: number; status: string; status_reason: string | null; status_at: string | null; product_version: string | null; content_version: string | null; scan_limit: number | null; updated_at: string };

async function sitesOf(db: Db, ids: number[]): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  if (ids.length === 0) return out;
  const rows = await db.selectFrom('sites').select(['id', 'engine_id']).where('engine_id', 'in', ids).orderBy('id').execute();
  for (const r of rows) out.set(r.engine_id, [...(out.get(r.engine_id) ?? []), r.id]);
  return out;
}

async function toViews(db: Db, rows: EngineRow[]): Promise<EngineView[]> {
  const ids = rows.map((r) => r.id);
  const members = ids.length === 0 ? [] : await db.selectFrom('engine_pool_members').select(['pool_id', 'engine_id']).where('engine_id', 'in', ids).orderBy('pool_id').execute();
  const sites = await sitesOf(db, ids);
  return rows.map((r) => ({
    id: r.id, name: r.name, kind: r.kind === 'local' ? 'local' : 'remote', address: r.address, port: r.port,
    status: (ENGINE_STATUSES as readonly string[]).includes(r.status) ? (r.status as EngineStatus) : 'unknown',
    statusReason: r.status_reason, statusAt: r.status_at, productVersion: r.product_version, contentVersion: r.content_version,
    scanLimit: r.scan_limit === null ? null : Number(r.scan_limit), updatedAt: r.updated_at, pools: members.filter((m) => m.engine_id === r.id).map((m) => m.pool_id), sites: sites.get(r.id) ?? [],
  }));
}

/** Every engine (not pools), by id. */
export async function listEngines(db: Db): Promise<EngineView[]> {
  return toViews(db, await db.selectFrom('scan_engines').selectAll().where('kind', '!=', 'pool').orderBy('id').execute());
}

/** One engine; NOT_FOUND when there is no engine (or it is a pool). */
export async function getEngine(db: Db, id: number): Promise<EngineView> {
  const row = await db.selectFrom('scan_engines').selectAll().where('id', '=', id).where('kind', '!=', 'pool').executeTakeFirst();
  if (!row) throw new FarsightError('NOT_FOUND', `scan engine ${id} does not exist; GET /api/3/scan_engines lists them`);
  return (await toViews(db, [row]))[0] as EngineView;
}

/** Registers a remote engine record (v3 POST /scan_engines); it stays `pending-authorization` until paired (issue 4). */
export async function createEngine(db: Db, actor: Actor, input: { name: string; address: string; port: number }): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await assertNameFree(trx, input.name);
    const now = nowIso();
    const row = await trx.insertInto('scan_engines').values({
      name: input.name, kind: 'remote', address: input.address, port: input.port, status: 'pending-authorization',
      status_reason: 'not paired yet', status_at: now, product_version: null, content_version: null, created_at: now, updated_at: now,
    }).returning('id').executeTakeFirstOrThrow();
    await audit(trx, actor, 'engine.create', { type: 'engine', id: row.id }, { name: input.name, address: input.address, port: input.port });
    return row.id;
  });
}

function assertNotLocal(id: number, verb: string): void {
  if (id === LOCAL_ENGINE_ID) {
    throw new FarsightError('BUILTIN_READONLY', `the Local scan engine (id ${LOCAL_ENGINE_ID}) is built in and cannot be ${verb}; sites may use another engine or pool instead`);
  }
}

async function assertNameFree(db: Db, name: string, exceptId?: number): Promise<void> {
  let q = db.selectFrom('scan_engines').select('id').where('name', '=', name);
  if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
  if (await q.executeTakeFirst()) throw new FarsightError('CONFLICT', `an engine or pool named '${name}' already exists; choose another name`);
}

async function assertUnused(db: Db, id: number, what: string): Promise<void> {
  const sites = (await sitesOf(db, [id])).get(id) ?? [];
  if (sites.length > 0) {
    throw new FarsightError('CONFLICT', `${what} ${id} is used by site(s) ${sites.join(', ')}; move them to another engine (PUT /api/3/sites/{id}/scan_engine) first`);
  }
}

/** Updates a remote engine's name/address/port (v3 PUT /scan_engines/{id}). */
export async function updateEngine(db: Db, actor: Actor, id: number, input: { name: string; address: string; port: number }): Promise<void> {
  assertNotLocal(id, 'changed');
  await getEngine(db, id);
  await db.transaction().execute(async (trx) => {
    await assertNameFree(trx, input.name, id);
    await trx.updateTable('scan_engines').set({ name: input.name, address: input.address, port: input.port, updated_at: nowIso() }).where('id', '=', id).execute();
    await audit(trx, actor, 'engine.update', { type: 'engine', id }, input);
  });
}

/** Deletes a remote engine; the Local scan engine is refused with BUILTIN_READONLY, an engine in use with CONFLICT. */
export async function deleteEngine(db: Db, actor: Actor, id: number): Promise<void> {
  assertNotLocal(id, 'deleted');
  const e = await getEngine(db, id);
  await db.transaction().execute(async (trx) => {
    await assertUnused(trx, id, 'scan engine');
    await trx.deleteFrom('scan_engines').where('id', '=', id).execute();
    await audit(trx, actor, 'engine.delete', { type: 'engine', id }, { name: e.name });
  });
}

/**
 * Records an engine's status as its supervisor sees it (`reason` says why, e.g. the exit code of
 * a crashed local engine). Audited (as the system) only when the status changes.
 */
export async function setEngineStatus(db: Db, id: number, status: EngineStatus, reason: string | null, versions: { productVersion?: string; contentVersion?: string } = {}): Promise<void> {
  if (!(ENGINE_STATUSES as readonly string[]).includes(status)) throw new FarsightError('INVALID_ARGUMENT', `engine status '${String(status)}' is not one of ${ENGINE_STATUSES.join(', ')}`);
  await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('scan_engines').select(['status', 'kind']).where('id', '=', id).executeTakeFirst();
    if (!row || row.kind === 'pool') throw new FarsightError('NOT_FOUND', `scan engine ${id} does not exist`);
    const now = nowIso();
    await trx.updateTable('scan_engines').set({
      status, status_reason: reason, status_at: now,
      ...(versions.productVersion !== undefined ? { product_version: versions.productVersion } : {}),
      ...(versions.contentVersion !== undefined ? { content_version: versions.contentVersion } : {}),
    }).where('id', '=', id).execute();
    if (row.status !== status) await audit(trx, SYSTEM_ACTOR, 'engine.status', { type: 'engine', id }, { from: row.status, to: status, reason });
  });
}

/** True when `id` names an engine or a pool (what a site may scan from). */
export async function engineOrPoolExists(db: Db, id: number): Promise<boolean> {
  return (await db.selectFrom('scan_engines').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

/** The kind behind an id: 'engine', 'pool' or undefined. */
export async function engineKind(db: Db, id: number): Promise<'engine' | 'pool' | undefined> {
  const r = await db.selectFrom('scan_engines').select('kind').where('id', '=', id).executeTakeFirst();
  return r === undefined ? undefined : r.kind === 'pool' ? 'pool' : 'engine';
}

/**
 * The engine a scan of a site should run on: the engine itself, or for a pool its first active
 * member (lowest id), else its first member; ENGINE_UNAVAILABLE for an empty pool.
 */
export async function resolveScanEngine(db: Db, id: number): Promise<{ engineId: number; poolId: number | null }> {
  const kind = await engineKind(db, id);
  if (kind === undefined) throw new FarsightError('NOT_FOUND', `scan engine or pool ${id} does not exist`);
  if (kind === 'engine') return { engineId: id, poolId: null };
  const members = await db.selectFrom('engine_pool_members').innerJoin('scan_engines', 'scan_engines.id', 'engine_pool_members.engine_id')
    .select(['scan_engines.id as id', 'scan_engines.status as status']).where('engine_pool_members.pool_id', '=', id).orderBy('scan_engines.id').execute();
  const pick = members.find((m) => m.status === 'active') ?? members[0];
  if (!pick) throw new FarsightError('ENGINE_UNAVAILABLE', `engine pool ${id} has no engines; add one (PUT /api/3/scan_engine_pools/${id}/engines/{engineId})`);
  return { engineId: pick.id, poolId: id };
}

/** An engine or a pool by id, as a site sees its scan engine; a pool's status is `active` when any member is. */
export async function getEngineOrPool(db: Db, id: number): Promise<{ kind: 'engine'; engine: EngineView } | { kind: 'pool'; pool: PoolView; status: EngineStatus }> {
  const kind = await engineKind(db, id);
  if (kind === undefined) throw new FarsightError('NOT_FOUND', `scan engine or pool ${id} does not exist`);
  if (kind === 'engine') return { kind, engine: await getEngine(db, id) };
  const pool = await getPool(db, id);
  const engines = pool.engines.length === 0 ? [] : await db.selectFrom('scan_engines').select('status').where('id', 'in', pool.engines).execute();
  return { kind, pool, status: engines.some((e) => e.status === 'active') ? 'active' : 'unknown' };
}

export { listPools, getPool, createPool, updatePool, deletePool, addPoolEngine, removePoolEngine } from './engines-registry-pools.ts';
