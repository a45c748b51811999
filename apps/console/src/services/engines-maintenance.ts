/**
 * The maintenance windows engines published, as the console knows them: live from a connected
 * engine's link, else the copy the console kept when the engine last published them
 * (`engine_maintenance`), so a schedule can be checked while the engine is offline.
 */
import { maintenanceRuleSchema, type MaintenanceRule } from '@farsight/engine-protocol';
import { z } from 'zod';
import type { Db } from '../db/index.ts';
import { nowIso } from '../db/helpers.ts';
import { getEngineOrPool } from './engines-registry.ts';

/** Where a set of rules came from. */
export type MaintenanceSource = 'connected' | 'stored' | 'none';

/** One engine's windows as the console knows them. */
export interface KnownMaintenance { id: number; name: string; rules: MaintenanceRule[]; source: MaintenanceSource; publishedAt: string | null }

/** What the console knows live: the rules of connected engines (from their links). */
export interface LiveMaintenance { get(engineId: number): { maintenance?: readonly MaintenanceRule[] } | undefined }

const storedRules = z.array(maintenanceRuleSchema).max(100);

/** Keeps the rules an engine published (replacing the previous copy). */
export async function saveEngineMaintenance(db: Db, engineId: number, rules: readonly MaintenanceRule[]): Promise<void> {
  const row = { engine_id: engineId, rules: JSON.stringify(rules), published_at: nowIso() };
  await db.insertInto('engine_maintenance').values(row).onConflict((oc) => oc.column('engine_id').doUpdateSet({ rules: row.rules, published_at: row.published_at })).execute();
}

/** The windows of engines (live when connected, else the kept copy), in the order given. */
export async function knownMaintenance(db: Db, live: LiveMaintenance, ids: readonly number[]): Promise<KnownMaintenance[]> {
  if (ids.length === 0) return [];
  const engines = await db.selectFrom('scan_engines').leftJoin('engine_maintenance', 'engine_maintenance.engine_id', 'scan_engines.id')
    .select(['scan_engines.id', 'scan_engines.name', 'engine_maintenance.rules', 'engine_maintenance.published_at']).where('scan_engines.id', 'in', [...ids]).execute();
  const byId = new Map(engines.map((e) => [e.id, e]));
  return ids.flatMap((id): KnownMaintenance[] => {
    const e = byId.get(id);
    if (!e) return [];
    const link = live.get(id);
    if (link) return [{ id, name: e.name, rules: [...(link.maintenance ?? [])], source: 'connected', publishedAt: null }];
    const parsed = e.rules === null ? undefined : storedRules.safeParse(JSON.parse(e.rules));
    return [parsed?.success
      ? { id, name: e.name, rules: parsed.data, source: 'stored', publishedAt: e.published_at }
      : { id, name: e.name, rules: [], source: 'none', publishedAt: null }];
  });
}

/** The engines a site's scans (or a schedule's, when it names one) run on: the engine, or every engine of the pool. */
export async function scanEngineIds(db: Db, engineOrPoolId: number): Promise<number[]> {
  const target = await getEngineOrPool(db, engineOrPoolId);
  return target.kind === 'pool' ? [...target.pool.engines] : [target.engine.id];
}
