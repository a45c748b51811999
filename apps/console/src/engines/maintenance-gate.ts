/**
 * Maintenance windows on the console side: engines publish their windows (hello/heartbeat,
 * protocol 1.1); while one is open the dispatcher sends the engine no new scan (they wait in
 * its queue with the reason), pauses the scans running on it, and resumes exactly those once
 * the window has closed. The clock is injectable (`maintenanceClock`) so tests can move time.
 */
import { activeWindow } from '@farsight/engine-protocol';
import type { Db } from '../db/index.ts';
import { queueCommand, setScanStatus } from '../services/scans-status.ts';
import type { EngineLinks } from './links.ts';

/** Status-reason prefix of a scan paused by a maintenance window (and only those resume by themselves). */
export const MAINTENANCE_PREFIX = 'maintenance:';

/** The clock the console judges windows by (tests replace `now`). */
export const maintenanceClock = { now: (): Date => new Date() };

/** Connected engines inside one of their windows now, with the reason shown on waiting scans. */
export function blockedEngines(links: EngineLinks, now: Date = maintenanceClock.now()): Map<number, string> {
  const out = new Map<number, string>();
  for (const id of links.connected()) {
    const rules = links.get(id)?.maintenance ?? [];
    if (rules.length === 0) continue;
    const w = activeWindow(rules, now);
    if (w) out.set(id, `engine ${id} is in maintenance window '${w.ruleId}' until ${w.end.toISOString()}`);
  }
  return out;
}

/**
 * Pauses scans running on blocked engines and resumes the ones a window paused on engines
 * that are connected and free again. Returns how many scans changed.
 */
export async function applyMaintenance(db: Db, blocked: ReadonlyMap<number, string>, connected: readonly number[]): Promise<number> {
  let changed = 0;
  const blockedIds = [...blocked.keys()];
  if (blockedIds.length > 0) {
    const running = await db.selectFrom('scans').select(['id', 'engine_id']).where('engine_id', 'in', blockedIds).where('status', 'in', ['dispatched', 'running']).execute();
    for (const s of running) {
      await db.transaction().execute(async (tx) => {
        await setScanStatus(tx, s.id, 'paused', `${MAINTENANCE_PREFIX} ${blocked.get(s.engine_id) ?? 'maintenance window'}; resumes when it ends`);
        await queueCommand(tx, s.id, s.engine_id, 'scan.pause');
      });
      changed++;
    }
  }
  const free = connected.filter((e) => !blocked.has(e));
  if (free.length === 0) return changed;
  const paused = await db.selectFrom('scans').select(['id', 'engine_id', 'status_reason']).where('engine_id', 'in', free).where('status', '=', 'paused').execute();
  for (const s of paused.filter((p) => p.status_reason.startsWith(MAINTENANCE_PREFIX))) {
    await db.transaction().execute(async (tx) => {
      await setScanStatus(tx, s.id, 'dispatched', `maintenance window of engine ${s.engine_id} ended; resuming`);
      await queueCommand(tx, s.id, s.engine_id, 'scan.start');
    });
    changed++;
  }
  return changed;
}
