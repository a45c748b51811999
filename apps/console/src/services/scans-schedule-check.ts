/**
 * "Would this schedule run into a maintenance window?" — the warning a console gives before a
 * schedule is saved (scan schedules, and POST /api/farsight/sites/{id}/check-schedule). The
 * windows are those the site's engine (or every engine of its pool) published; see
 * services/engines-maintenance.ts for what the console knows while an engine is offline.
 */
import { windowsBetween, type MaintenanceRule } from '@farsight/engine-protocol';

/** A proposed schedule: the first start, how long a run lasts, and how it repeats. */
export interface ProposedSchedule { start: Date; durationMinutes: number; repeat: 'none' | 'daily' | 'weekly' | 'monthly'; occurrences: number }

/** One run of a schedule. */
export interface ScheduleRun { start: Date; end: Date }

/** One run that would overlap a window. */
export interface ScheduleWarning { engineId: number; engineName: string; ruleId: string; runStart: string; runEnd: string; windowStart: string; windowEnd: string; message: string }

/** The runs of a simple proposed schedule (at most 366), in order (pure). */
export function scheduleRuns(s: ProposedSchedule): ScheduleRun[] {
  const n = s.repeat === 'none' ? 1 : Math.min(Math.max(1, s.occurrences), 366);
  const out: ScheduleRun[] = [];
  for (let i = 0; i < n; i++) {
    const start = new Date(s.start);
    if (s.repeat === 'daily') start.setUTCDate(start.getUTCDate() + i);
    if (s.repeat === 'weekly') start.setUTCDate(start.getUTCDate() + 7 * i);
    if (s.repeat === 'monthly') start.setUTCMonth(start.getUTCMonth() + i);
    out.push({ start, end: new Date(start.getTime() + s.durationMinutes * 60_000) });
  }
  return out;
}

/** Every (run, window) overlap for the given engines' rules (pure; at most `limit`). */
export function runConflicts(engines: ReadonlyArray<{ id: number; name: string; rules: readonly MaintenanceRule[] }>, runs: readonly ScheduleRun[], limit = 100): ScheduleWarning[] {
  const out: ScheduleWarning[] = [];
  for (const run of runs) {
    for (const e of engines) {
      for (const w of windowsBetween(e.rules, run.start, run.end, 10)) {
        if (out.length >= limit) return out;
        out.push({
          engineId: e.id, engineName: e.name, ruleId: w.ruleId, runStart: run.start.toISOString(), runEnd: run.end.toISOString(),
          windowStart: w.start.toISOString(), windowEnd: w.end.toISOString(),
          message: `the run ${run.start.toISOString()}–${run.end.toISOString()} overlaps maintenance window '${w.ruleId}' of engine '${e.name}' (${w.start.toISOString()}–${w.end.toISOString()}): it will not start, or will pause, until the window ends`,
        });
      }
    }
  }
  return out;
}

/** Every (run, window) overlap of a simple proposed schedule (pure; at most `limit`). */
export function scheduleConflicts(engines: ReadonlyArray<{ id: number; name: string; rules: readonly MaintenanceRule[] }>, s: ProposedSchedule, limit = 100): ScheduleWarning[] {
  return runConflicts(engines, scheduleRuns(s), limit);
}
