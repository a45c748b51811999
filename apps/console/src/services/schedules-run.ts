/**
 * The scheduler's work (leader only; engines/… background service calls `runSchedules` every
 * tick): start the scans of schedules that are due, and hold scheduled scans to their maximum
 * duration.
 *
 * - A due run is claimed by moving `next_run_at` on with a compare-and-set, so a run starts at
 *   most once even if two consoles tick at the same moment.
 * - A run missed while no console was running starts late only within its grace (its maximum
 *   duration, else one hour); older misses are skipped and said so in `last_outcome`.
 * - A run due while a global or site blackout is in force is skipped, with the blackout named.
 * - If the schedule's previous scan is still under way the run is skipped; if it was paused at
 *   its deadline, `onScanRepeat` decides: `resume-scan` resumes it, `restart-scan` stops it and
 *   starts a new one.
 * - A scheduled scan still running at its deadline is paused (or stopped, if it never left the
 *   queue), with the reason.
 */
import { toFarsightError } from '@farsight/common';
import type { Db } from '../db/index.ts';
import type { Actor } from './actor.ts';
import { actOnScan, startScan } from './scans.ts';
import { ACTIVE, type ScanStatus } from './scans-states.ts';
import { scheduleClock, timingOf, type ScheduleRow } from './schedules.ts';
import { formatDuration, runsAfter } from './schedules-rules.ts';
import { enabledBlackouts } from './blackouts.ts';
import { siteBlackout, type Blackout } from './blackouts-rules.ts';

/** Who starts scheduled scans (audit rows and `startedBy`). */
export const SCHEDULER_ACTOR: Actor = { userId: null, login: 'scheduler', role: 'global-admin' };

/** Grace for a late run of a schedule without a maximum duration. */
const GRACE_MS = 3_600_000;
/** Most due schedules handled per tick (the rest wait for the next one). */
const PER_TICK = 100;

/** What one tick did, for logs and tests. */
export interface TickReport { started: number[]; resumed: number[]; skipped: number; paused: number[]; stopped: number[]; errors: string[] }

/** Runs due schedules and enforces deadlines once. */
export async function runSchedules(db: Db, now: Date = scheduleClock.now()): Promise<TickReport> {
  const report: TickReport = { started: [], resumed: [], skipped: 0, paused: [], stopped: [], errors: [] };
  await enforceDeadlines(db, now, report);
  const due = await db.selectFrom('scan_schedules').selectAll().where('enabled', '=', 1).where('next_run_at', '<=', now.toISOString()).orderBy('next_run_at').limit(PER_TICK).execute();
  const blackouts = due.length > 0 ? await enabledBlackouts(db) : [];
  for (const s of due) {
    try {
      await runOne(db, s, now, blackouts, report);
    } catch (e) {
      report.errors.push(`schedule ${s.id}: ${toFarsightError(e).message}`);
    }
  }
  return report;
}

async function runOne(db: Db, s: ScheduleRow, now: Date, blackouts: readonly Blackout[], report: TickReport): Promise<void> {
  const due = s.next_run_at as string;
  const next = runsAfter(timingOf(s), now, 1)[0]?.toISOString() ?? null;
  const claimed = await db.updateTable('scan_schedules').set({ next_run_at: next, last_run_at: due, updated_at: now.toISOString() })
    .where('id', '=', s.id).where('next_run_at', '=', due).executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) return;
  const outcome = async (text: string, scanId?: number): Promise<void> => {
    await db.updateTable('scan_schedules').set({ last_outcome: text, ...(scanId !== undefined ? { last_scan_id: scanId } : {}) }).where('id', '=', s.id).execute();
  };
  const graceMs = s.duration_minutes !== null ? s.duration_minutes * 60_000 : GRACE_MS;
  if (now.getTime() - Date.parse(due) > graceMs) {
    report.skipped++;
    return outcome(`missed: the run due ${due} was more than ${Math.round(graceMs / 60_000)} min late (no console was running); next run ${next ?? 'none'}`);
  }
  const blackout = siteBlackout(blackouts, s.site_id, now);
  if (blackout) {
    report.skipped++;
    return outcome(`skipped the run due ${due}: ${blackout.reason}`);
  }
  const deadline = s.duration_minutes !== null ? new Date(now.getTime() + s.duration_minutes * 60_000).toISOString() : null;
  const previous = s.last_scan_id === null ? undefined : await db.selectFrom('scans').leftJoin('schedule_scans', 'schedule_scans.scan_id', 'scans.id')
    .select(['scans.id', 'scans.status', 'schedule_scans.paused_at_deadline']).where('scans.id', '=', s.last_scan_id).executeTakeFirst();
  if (previous && ACTIVE.has(previous.status as ScanStatus)) {
    const atDeadline = previous.status === 'paused' && previous.paused_at_deadline === 1;
    if (!atDeadline) {
      report.skipped++;
      return outcome(`skipped the run due ${due}: scan ${previous.id} of the previous run is still ${previous.status}`);
    }
    if (s.on_scan_repeat === 'resume-scan') {
      await actOnScan(db, SCHEDULER_ACTOR, previous.id, 'resume', `resumed by schedule ${s.id} (run due ${due})`);
      await db.updateTable('schedule_scans').set({ deadline_at: deadline, paused_at_deadline: 0 }).where('scan_id', '=', previous.id).execute();
      report.resumed.push(previous.id);
      return outcome(`resumed scan ${previous.id}, paused at the end of the previous run`, previous.id);
    }
    await actOnScan(db, SCHEDULER_ACTOR, previous.id, 'stop', `stopped by schedule ${s.id}: restarted by the run due ${due}`);
  }
  const scanId = await startScan(db, SCHEDULER_ACTOR, s.site_id, {
    scanType: 'scheduled',
    ...(s.scan_name !== null ? { name: s.scan_name } : {}),
    ...(s.hosts !== null ? { hosts: JSON.parse(s.hosts) as string[] } : {}),
    ...(s.scan_template_id !== null ? { templateId: s.scan_template_id } : {}),
    ...(s.scan_engine_id !== null ? { engineId: s.scan_engine_id } : {}),
  });
  await db.insertInto('schedule_scans').values({ scan_id: scanId, schedule_id: s.id, deadline_at: deadline }).execute();
  report.started.push(scanId);
  await outcome(`started scan ${scanId}${previous && ACTIVE.has(previous.status as ScanStatus) ? ` (stopped scan ${previous.id}, paused at the end of the previous run)` : ''}`, scanId);
}

/** Pauses (or, if still queued, stops) scheduled scans past their deadline. */
async function enforceDeadlines(db: Db, now: Date, report: TickReport): Promise<void> {
  const late = await db.selectFrom('schedule_scans').innerJoin('scans', 'scans.id', 'schedule_scans.scan_id')
    .leftJoin('scan_schedules', 'scan_schedules.id', 'schedule_scans.schedule_id')
    .select(['scans.id', 'scans.status', 'schedule_scans.schedule_id', 'scan_schedules.duration_minutes', 'scan_schedules.on_scan_repeat'])
    .where('schedule_scans.paused_at_deadline', '=', 0).where('schedule_scans.deadline_at', '<=', now.toISOString())
    .where('scans.status', 'in', ['queued', 'dispatched', 'running']).limit(PER_TICK).execute();
  for (const l of late) {
    const limit = l.duration_minutes !== null ? formatDuration(l.duration_minutes) : 'its limit';
    try {
      if (l.status === 'queued') {
        await actOnScan(db, SCHEDULER_ACTOR, l.id, 'stop', `stopped: schedule ${l.schedule_id}'s maximum duration (${limit}) ended before the scan could start`);
        report.stopped.push(l.id);
      } else {
        const then = l.on_scan_repeat === 'resume-scan' ? 'the next run resumes it' : 'the next run stops it and starts a new scan';
        await actOnScan(db, SCHEDULER_ACTOR, l.id, 'pause', `paused: reached schedule ${l.schedule_id}'s maximum duration (${limit}); ${then}`);
        report.paused.push(l.id);
      }
      await db.updateTable('schedule_scans').set({ paused_at_deadline: 1 }).where('scan_id', '=', l.id).execute();
    } catch (e) {
      report.errors.push(`scan ${l.id}: ${toFarsightError(e).message}`);
    }
  }
}
