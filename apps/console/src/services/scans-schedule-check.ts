/**
 * "Would this schedule run into a maintenance window?" — the warning a console gives before a
 * schedule is saved (POST /api/farsight/sites/{id}/check-schedule; the console has no scan
 * scheduler yet, so this is the check a scheduler will call). The windows are those the site's
 * engine (or every engine of its pool) published over its link; an engine that is not
 * connected has published nothing this console knows, and the answer says so.
 */
import { windowsBetween, type MaintenanceRule } from '@farsight/engine-protocol';

/** A proposed schedule: the first start, how long a run lasts, and how it repeats. */
export interface ProposedSchedule { start: Date; durationMinutes: number; repeat: 'none' | 'daily' | 'weekly' | 'monthly'; occurrences: number }

/** One run that would overlap a window. */
export interface ScheduleWarning { engineId: number; engineName: string; ruleId: string; runStart: string; runEnd: string; windowStart: string; windowEnd: string; message: string }

/** The runs of a schedule (at most 366), in order (pure). */
export function scheduleRuns(s: ProposedSchedule): Array<{ start: Date; end: Date }> {
  const n = s.repeat === 'none' ? 1 : Math.min(Math.max(1, s.occurrences), 366);
  const out: Array<{ start: Date; end: Date }> = [];
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
export function scheduleConflicts(engines: ReadonlyArray<{ id: number; name: string; rules: readonly MaintenanceRule[] }>, s: ProposedSchedule, limit = 100): ScheduleWarning[] {
  const out: ScheduleWarning[] = [];
  for (const run of scheduleRuns(s)) {
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
