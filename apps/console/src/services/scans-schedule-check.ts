/**
 * "Would this schedule run into a maintenance window?" — the warning a console gives before a
 * schedule is saved (scan schedules, and POST /api/farsight/sites/{id}/check-schedule). The
 * windows are those the site's engine (or every engine of its pool) published; see
 * services/engines-maintenance.ts for what the console knows while an engine is offline.
 */
import { windowsBetween, type MaintenanceRule } from '@farsight/engine-protocol';
import { blackoutWindowsBetween, type Blackout } from './blackouts-rules.ts';

/** A proposed schedule: the first start, how long a run lasts, and how it repeats. */
export interface ProposedSchedule { start: Date; durationMinutes: number; repeat: 'none' | 'daily' | 'weekly' | 'monthly'; occurrences: number }

/** One run of a schedule. */
export interface ScheduleRun { start: Date; end: Date }

/** One run that would overlap a window. */
export interface ScheduleWarning {
  /** An engine maintenance window, or a blackout (the run is skipped or paused). */
  kind: 'maintenance' | 'blackout';
  /** Maintenance: the engine. */
  engineId?: number; engineName?: string;
  /** Blackout: which one. */
  blackoutId?: number; blackoutName?: string;
  ruleId: string; runStart: string; runEnd: string; windowStart: string; windowEnd: string; message: string;
}

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
          kind: 'maintenance', engineId: e.id, engineName: e.name, ruleId: w.ruleId, runStart: run.start.toISOString(), runEnd: run.end.toISOString(),
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

/** Every (run, blackout period) overlap (pure; at most `limit`): a run starting inside one is skipped, one running into one is paused. */
export function blackoutConflicts(blackouts: readonly Blackout[], siteId: number, runs: readonly ScheduleRun[], limit = 50): ScheduleWarning[] {
  const out: ScheduleWarning[] = [];
  for (const run of runs) {
    for (const b of blackouts) {
      if (b.siteId !== null && b.siteId !== siteId) continue;
      for (const w of blackoutWindowsBetween(b, run.start, run.end.getTime() > run.start.getTime() ? run.end : new Date(run.start.getTime() + 1))) {
        if (out.length >= limit) return out;
        const scope = b.siteId === null ? 'global blackout' : 'site blackout';
        const effect = w.start.getTime() <= run.start.getTime() ? 'the run is skipped' : 'the scan pauses until it ends';
        out.push({
          kind: 'blackout', blackoutId: b.id, blackoutName: b.name, ruleId: `blackout-${b.id}`, runStart: run.start.toISOString(), runEnd: run.end.toISOString(),
          windowStart: w.start.toISOString(), windowEnd: w.end.toISOString(),
          message: `the run ${run.start.toISOString()}–${run.end.toISOString()} meets ${scope} '${b.name}' (${w.start.toISOString()}–${w.end.toISOString()}): ${effect}`,
        });
      }
    }
  }
  return out;
}
