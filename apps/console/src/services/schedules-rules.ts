/**
 * When a scan schedule runs (pure). A schedule starts at `start` and repeats (v3 `Repeat`):
 * every N hours, days or weeks, on a date of every N months (`date-of-month`, or the last day),
 * or on the Nth weekday of every N months (`day-of-month`: week 1 = days 1–7, so "first
 * Wednesday" is weekOfMonth 1, dayOfWeek wednesday). Day-based repeats keep the start's local
 * time of day in the schedule's time zone across DST changes; hourly repeats are fixed steps.
 * Monthly repeats run on matching days on or after the start.
 */
import { FarsightError, daysInMonth, zonedInstant, zonedParts } from '@farsight/common';

/** v3 `Repeat.every`. */
export const REPEAT_EVERY = ['hour', 'day', 'week', 'date-of-month', 'day-of-month'] as const;
/** The weekday names v3 uses (`dayOfWeek`). */
export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

/** How a schedule repeats. */
export interface Repeat {
  every: (typeof REPEAT_EVERY)[number];
  interval: number;
  /** date-of-month: the day (1–31; a shorter month runs on its last day). Default: the start's day. */
  dateOfMonth?: number;
  /** date-of-month: run on the last day of the month instead. */
  lastDayOfMonth?: boolean;
  /** day-of-month: the weekday. */
  dayOfWeek?: (typeof WEEKDAYS)[number];
  /** day-of-month: the week (1–5; week n = days 7n−6 … 7n). */
  weekOfMonth?: number;
}

/** When a schedule runs. */
export interface ScheduleTiming { start: Date; timeZone: string; repeat?: Repeat | undefined }

/** Most runs listed or walked at once. */
const MAX_WALK = 5000;

/** Throws INVALID_ARGUMENT naming what is missing or contradictory in a repeat. */
export function validateRepeat(r: Repeat): void {
  const bad = (msg: string): never => { throw new FarsightError('INVALID_ARGUMENT', `repeat: ${msg}`); };
  if (!Number.isInteger(r.interval) || r.interval < 1 || r.interval > 1000) bad(`interval ${r.interval} must be a whole number 1–1000`);
  if (r.every === 'day-of-month') {
    if (r.dayOfWeek === undefined || r.weekOfMonth === undefined) bad('every "day-of-month" needs dayOfWeek (e.g. "wednesday") and weekOfMonth (1–5), e.g. the first Wednesday is { "dayOfWeek": "wednesday", "weekOfMonth": 1 }');
    if (r.weekOfMonth !== undefined && (r.weekOfMonth < 1 || r.weekOfMonth > 5)) bad(`weekOfMonth ${r.weekOfMonth} never occurs: weeks are 1–5 (week n is days 7n−6 to 7n)`);
  } else if (r.dayOfWeek !== undefined || r.weekOfMonth !== undefined) {
    bad(`dayOfWeek and weekOfMonth belong to every "day-of-month", not "${r.every}"`);
  }
  if (r.every !== 'date-of-month' && (r.dateOfMonth !== undefined || r.lastDayOfMonth === true)) bad(`dateOfMonth and lastDayOfMonth belong to every "date-of-month", not "${r.every}"`);
}

/** The runs of a schedule after `after` (exclusive), in order, at most `count`. */
export function runsAfter(t: ScheduleTiming, after: Date, count: number): Date[] {
  const out: Date[] = [];
  const limit = Math.min(Math.max(0, count), MAX_WALK);
  const from = after.getTime();
  const push = (ms: number): boolean => {
    if (ms > from && ms >= t.start.getTime()) out.push(new Date(ms));
    return out.length >= limit;
  };
  const start = t.start.getTime();
  const r = t.repeat;
  if (!r) { push(start); return out; }
  if (r.every === 'hour') {
    const step = r.interval * 3_600_000;
    let k = Math.max(0, Math.floor((from - start) / step));
    for (let i = 0; i < MAX_WALK + 8 && !push(start + k * step); i++) k++;
    return out;
  }
  const local = zonedParts(start, t.timeZone);
  const at = (y: number, m: number, d: number): number => zonedInstant(y, m, d, local.hour, local.minute, t.timeZone);
  if (r.every === 'day' || r.every === 'week') {
    const stepDays = r.every === 'day' ? r.interval : 7 * r.interval;
    // Start two steps early: a DST change moves local instants by at most an hour.
    let k = Math.max(0, Math.floor((from - start) / (stepDays * 86_400_000)) - 2);
    for (let i = 0; i < MAX_WALK + 8 && !push(at(local.year, local.month, local.day + k * stepDays)); i++) k++;
    return out;
  }
  const monthsFrom = (from - start) / (31 * 86_400_000);
  let k = Math.max(0, Math.floor(monthsFrom / r.interval) - 2);
  for (let i = 0; i < 12 * MAX_WALK; i++, k++) {
    const y = local.year + Math.floor((local.month + k * r.interval) / 12);
    const m = (local.month + k * r.interval) % 12;
    const day = monthDay(r, y, m, local.day);
    if (day !== undefined && push(at(y, m, day))) break;
  }
  return out;
}

/** The day of month `m` a monthly repeat runs on (undefined: none that month). */
function monthDay(r: Repeat, y: number, m: number, startDay: number): number | undefined {
  const last = daysInMonth(y, m);
  if (r.every === 'date-of-month') return r.lastDayOfMonth ? last : Math.min(r.dateOfMonth ?? startDay, last);
  const want = WEEKDAYS.indexOf(r.dayOfWeek ?? 'monday');
  const first = 7 * ((r.weekOfMonth ?? 1) - 1) + 1;
  const dow = new Date(Date.UTC(y, m, first)).getUTCDay();
  const day = first + ((want - dow + 7) % 7);
  return day <= last ? day : undefined;
}

/** Parses a v3 duration `P[n]DT[n]H[n]M` (e.g. P1DT2H, PT90M) into minutes; throws naming the text. */
export function parseDuration(text: string): number {
  const m = /^P(?:(\d{1,4})D)?(?:T(?:(\d{1,5})H)?(?:(\d{1,6})M)?)?$/.exec(text);
  const minutes = m ? Number(m[1] ?? 0) * 1440 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0) : 0;
  if (!m || text === 'P' || text.endsWith('T') || minutes === 0) {
    throw new FarsightError('INVALID_ARGUMENT', `duration '${text}' is not a v3 duration: use P[n]DT[n]H[n]M with at least one non-zero part, e.g. PT4H, P1DT12H or PT90M`);
  }
  if (minutes > 366 * 1440) throw new FarsightError('INVALID_ARGUMENT', `duration '${text}' is longer than a year; give at most P366D`);
  return minutes;
}

/** The v3 text of a duration in minutes (inverse of parseDuration, normalised). */
export function formatDuration(minutes: number): string {
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  const time = `${h > 0 ? `${h}H` : ''}${m > 0 ? `${m}M` : ''}`;
  return `P${d > 0 ? `${d}D` : ''}${time ? `T${time}` : ''}`;
}
