/** Engine pools: named sets of engines a site can scan from; rows of `scan_engines` with kind 'pool'. */
import { FarsightError } from '@farsight/common';
import type { Db } from '../db/index.ts';
import { nowIso } from '../db/helpers.ts';
import { audit } from './audit.ts';
import type { Actor } from './actor.ts';
import type { PoolView } from './engines-registry.ts';

async function view(db: Db, rows: Array<{ id: number; name: string }>): Promise<PoolView[]> {
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) return [];
  const members = await db.selectFrom('engine_pool_members').select(['pool_id', 'engine_id']).where('pool_id', 'in', ids).orderBy('engine_id').execute();
  const sites = await db.selectFrom('sites').select(['id', 'engine_id']).where('engine_id', 'in', ids).orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id, name: r.name,
    engines: members.filter((m) => m.pool_id === r.id).map((m) => m.engine_id),
    sites: sites.filter((s) => s.engine_id === r.id).map((s) => s.id),
  }));
}

/** Every pool, by id. */
export async function listPools(db: Db): Promise<PoolView[]> {
  return view(db, await db.selectFrom('scan_engines').select(['id', 'name']).where('kind', '=', 'pool').orderBy('id').execute());
}

/** One pool; NOT_FOUND otherwise. */
export async function getPool(db: Db, id: number): Promise<PoolView> {
  const row = await db.selectFrom('scan_engines').select(['id', 'name']).where('id', '=', id).where('kind', '=', 'pool').executeTakeFirst();
  if (!row) throw new FarsightError('NOT_FOUND', `engine pool ${id} does not exist; GET /api/3/scan_engine_pools lists them`);
  return (await view(db, [row]))[0] as PoolView;
}

async function assertEngines(db: Db, engines: readonly number[]): Promise<number[]> {
  const unique = [...new Set(engines)];
  if (unique.length === 0) return [];
  const rows = await db.selectFrom('scan_engines').select(['id', 'kind']).where('id', 'in', unique).execute();
  const bad = unique.filter((id) => !rows.some((r) => r.id === id && r.kind !== 'pool'));
  if (bad.length > 0) throw new FarsightError('INVALID_ARGUMENT', `engines ${bad.join(', ')} are not scan engines (pools cannot contain pools); GET /api/3/scan_engines lists them`);
  return unique;
}

async function assertNameFree(db: Db, name: string, exceptId?: number): Promise<void> {
  if (name.trim() === '') throw new FarsightError('INVALID_ARGUMENT', 'pool name must not be empty');
  let q = db.selectFrom('scan_engines').select('id').where('name', '=', name);
  if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
  if (await q.executeTakeFirst()) throw new FarsightError('CONFLICT', `an engine or pool named '${name}' already exists; choose another name`);
}

async function setMembers(db: Db, poolId: number, engines: readonly number[]): Promise<void> {
  await db.deleteFrom('engine_pool_members').where('pool_id', '=', poolId).execute();
  if (engines.length > 0) await db.insertInto('engine_pool_members').values(engines.map((e) => ({ pool_id: poolId, engine_id: e }))).execute();
}

/** Creates a pool with the given engines; returns its id (shared with engines' ids). */
export async function createPool(db: Db, actor: Actor, input: { name: string; engines: readonly number[] }): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await assertNameFree(trx, input.name);
    const engines = await assertEngines(trx, input.engines);
    const now = nowIso();
    const row = await trx.insertInto('scan_engines').values({
      name: input.name, kind: 'pool', address: '', port: 0, status: 'unknown', status_reason: null, status_at: null,
      product_version: null, content_version: null, created_at: now, updated_at: now,
    }).returning('id').executeTakeFirstOrThrow();
    await setMembers(trx, row.id, engines);
    await audit(trx, actor, 'engine-pool.create', { type: 'engine-pool', id: row.id }, { name: input.name, engines });
    return row.id;
  });
}

/** Renames a pool and/or replaces its engines (undefined = keep). */
export async function updatePool(db: Db, actor: Actor, id: number, input: { name?: string; engines?: readonly number[] }): Promise<void> {
  await getPool(db, id);
  await db.transaction().execute(async (trx) => {
    if (input.name !== undefined) {
      await assertNameFree(trx, input.name, id);
      await trx.updateTable('scan_engines').set({ name: input.name, updated_at: nowIso() }).where('id', '=', id).execute();
    }
    const engines = input.engines === undefined ? undefined : await assertEngines(trx, input.engines);
    if (engines !== undefined) await setMembers(trx, id, engines);
    await audit(trx, actor, 'engine-pool.update', { type: 'engine-pool', id }, { name: input.name, engines });
  });
}

/** Deletes a pool; CONFLICT while sites scan from it. */
export async function deletePool(db: Db, actor: Actor, id: number): Promise<void> {
  const pool = await getPool(db, id);
  if (pool.sites.length > 0) {
    throw new FarsightError('CONFLICT', `engine pool ${id} is used by site(s) ${pool.sites.join(', ')}; move them to another engine (PUT /api/3/sites/{id}/scan_engine) first`);
  }
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('scan_engines').where('id', '=', id).execute();
    await audit(trx, actor, 'engine-pool.delete', { type: 'engine-pool', id }, { name: pool.name });
  });
}

/** Adds one engine to a pool (idempotent). */
export async function addPoolEngine(db: Db, actor: Actor, id: number, engineId: number): Promise<void> {
  const pool = await getPool(db, id);
  await assertEngines(db, [engineId]);
  if (pool.engines.includes(engineId)) return;
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('engine_pool_members').values({ pool_id: id, engine_id: engineId }).execute();
    await audit(trx, actor, 'engine-pool.add-engine', { type: 'engine-pool', id }, { engineId });
  });
}

/** Removes one engine from a pool; NOT_FOUND when it is not a member. */
export async function removePoolEngine(db: Db, actor: Actor, id: number, engineId: number): Promise<void> {
  const pool = await getPool(db, id);
  if (!pool.engines.includes(engineId)) throw new FarsightError('NOT_FOUND', `engine ${engineId} is not in pool ${id}`);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('engine_pool_members').where('pool_id', '=', id).where('engine_id', '=', engineId).execute();
    await audit(trx, actor, 'engine-pool.remove-engine', { type: 'engine-pool', id }, { engineId });
  });
}
