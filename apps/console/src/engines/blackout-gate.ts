/**
 * Blackouts on the dispatcher's pass: while a global or site blackout is in force, the site's
 * queued scans are not sent (they wait with the blackout as their reason) and its running
 * scans are paused; when it ends, exactly the scans a blackout paused resume. Judged by the
 * console's schedule clock (`scheduleClock`, injectable in tests).
 */
import type { Db } from '../db/index.ts';
import { SYSTEM_ACTOR } from '../services/actor.ts';
import { enabledBlackouts } from '../services/blackouts.ts';
import { siteBlackout } from '../services/blackouts-rules.ts';
import { actOnScan } from '../services/scans.ts';
import { scheduleClock } from '../services/schedule-clock.ts';

/** Status-reason prefix of a scan a blackout paused (only those resume by themselves). */
export const BLACKOUT_PREFIX = 'blackout:';

/** Why a site's scans may not run now (undefined: they may). */
export type BlackoutCheck = (siteId: number) => string | undefined;

/** Pauses scans of blacked-out sites, resumes those whose blackout ended; returns the check for queued scans. */
export async function applyBlackouts(db: Db, now: Date = scheduleClock.now()): Promise<BlackoutCheck> {
  const blackouts = await enabledBlackouts(db);
  const check: BlackoutCheck = (siteId) => siteBlackout(blackouts, siteId, now)?.reason;
  if (blackouts.length > 0) {
    const running = await db.selectFrom('scans').select(['id', 'site_id']).where('parent_scan_id', 'is', null).where('status', 'in', ['dispatched', 'running']).limit(1000).execute();
    for (const s of running) {
      const why = check(s.site_id);
      if (why) await actOnScan(db, SYSTEM_ACTOR, s.id, 'pause', `${BLACKOUT_PREFIX} ${why}; resumes when it ends`);
    }
  }
  const paused = await db.selectFrom('scans').select(['id', 'site_id', 'status_reason']).where('parent_scan_id', 'is', null).where('status', '=', 'paused')
    .where('status_reason', 'like', `${BLACKOUT_PREFIX}%`).limit(1000).execute();
  for (const s of paused) {
    if (!check(s.site_id)) await actOnScan(db, SYSTEM_ACTOR, s.id, 'resume', 'blackout ended; resuming');
  }
  return check;
}
