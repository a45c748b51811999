/**
 * Per-engine settings (issue 4): the concurrent-scan limit of one engine
 * (`scan_engines.scan_limit`, migration 0323). The dispatcher reads every connected engine's
 * limit once per tick (`engineScanLimits`); null means the console-wide default
 * (FARSIGHT_ENGINE_SCAN_LIMIT, else 4).
 */
import { FarsightError } from '@farsight/common';
import type { Db } from '../db/index.ts';
import { nowIso } from '../db/helpers.ts';
import { audit } from './audit.ts';
import type { Actor } from './actor.ts';
import { getEngine } from './engines-registry.ts';
import { scanSignals } from './scans.ts';

/** Largest per-engine concurrent-scan limit. */
export const ENGINE_SCAN_LIMIT_MAX = 64;

/** Engine settings as the API shows and takes them. */
export interface EngineSettings {
  /** Most concurrent scans on this engine; null = the console-wide default. */
  scanLimit: number | null;
}

/** Checks a scan limit: an integer 1–64, or null for the default; INVALID_ARGUMENT otherwise. */
export function checkScanLimit(value: unknown): number | null {
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > ENGINE_SCAN_LIMIT_MAX) {
    throw new FarsightError('INVALID_ARGUMENT', `scanLimit ${JSON.stringify(value)} is not valid; give an integer from 1 to ${ENGINE_SCAN_LIMIT_MAX}, or null for the console-wide default (FARSIGHT_ENGINE_SCAN_LIMIT, else 4)`);
  }
  return value;
}

/**
 * Sets an engine's settings (audited as `engine.settings` with the old and new values). Pools
 * have no limit of their own (NOT_FOUND): a pool scan's chunks count against their engines'.
 */
export async function setEngineSettings(db: Db, actor: Actor, engineId: number, input: EngineSettings): Promise<EngineSettings> {
  const scanLimit = checkScanLimit(input.scanLimit);
  const before = await getEngine(db, engineId);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('scan_engines').set({ scan_limit: scanLimit, updated_at: nowIso() }).where('id', '=', engineId).execute();
    await audit(trx, actor, 'engine.settings', { type: 'engine', id: engineId }, { scanLimit: { from: before.scanLimit, to: scanLimit } });
  });
  // The dispatcher runs a pass now: a raised limit sends waiting scans at once.
  scanSignals.emit('changed');
  return { scanLimit };
}

/** The limits set on the given engines (engines without one are absent): one query, for a dispatcher tick. */
export async function engineScanLimits(db: Db, engineIds: readonly number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (engineIds.length === 0) return out;
  const rows = await db.selectFrom('scan_engines').select(['id', 'scan_limit']).where('id', 'in', [...engineIds]).where('scan_limit', 'is not', null).execute();
  for (const r of rows) if (r.scan_limit !== null) out.set(r.id, Number(r.scan_limit));
  return out;
}
