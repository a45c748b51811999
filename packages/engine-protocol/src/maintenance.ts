/**
 * Maintenance windows an engine publishes to its consoles (hello and heartbeat): RRULE-like
 * rules in a named time zone, e.g. `FREQ=MONTHLY;BYDAY=1WE;START=10:00;DURATION=PT4H;
 * TZID=America/New_York` (every first Wednesday, 10:00–14:00 New York time, DST included).
 * Pure: the zone arithmetic uses the runtime's IANA database through Intl, and every function
 * takes the instant it judges, so tests inject their clock.
 */
import { z } from 'zod';
import { isTimeZone, zonedInstant, zoneOffset } from '@farsight/common';

export { isTimeZone } from '@farsight/common';

const DAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;
/** Largest window: 31 days. */
export const MAX_WINDOW_MINUTES = 31 * 24 * 60;

/** A published rule (the protocol form). */
export const maintenanceRuleSchema = z.object({
  id: z.string().min(1).max(64).regex(/^[A-Za-z0-9._:-]+$/, 'ids use letters, digits and . _ : -'),
  freq: z.enum(['daily', 'weekly', 'monthly']),
  /** Weekdays (`MO`…`SU`); monthly rules may prefix an ordinal: `1WE` first Wednesday, `-1FR` last Friday. */
  byDay: z.array(z.string().regex(/^(-?[1-5])?(SU|MO|TU|WE|TH|FR|SA)$/, 'a weekday is MO..SU, optionally prefixed by 1..5 or -1..-5')).max(35).optional(),
  /** Days of the month (monthly rules). */
  byMonthDay: z.array(z.number().int().min(1).max(31)).max(31).optional(),
  /** Local start time `HH:MM` (24 h). */
  start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'start is HH:MM, 00:00-23:59'),
  durationMinutes: z.number().int().min(1).max(MAX_WINDOW_MINUTES),
  /** IANA time zone, e.g. America/New_York. */
  timeZone: z.string().min(1).max(64).refine(isTimeZone, 'not an IANA time zone known to this runtime (e.g. America/New_York, UTC)'),
});

/** One maintenance rule. */
export type MaintenanceRule = z.output<typeof maintenanceRuleSchema>;

/** One occurrence of a rule. */
export interface MaintenanceWindow { ruleId: string; start: Date; end: Date }

/**
 * Parses the text form `FREQ=…;BYDAY=…;BYMONTHDAY=…;START=HH:MM;DURATION=PT#H#M;TZID=…`
 * (order free, case-insensitive keys). Throws an Error naming the bad part.
 */
export function parseMaintenanceRule(id: string, text: string): MaintenanceRule {
  const parts = new Map<string, string>();
  for (const piece of text.split(';').map((p) => p.trim()).filter(Boolean)) {
    const eq = piece.indexOf('=');
    if (eq <= 0) throw new Error(`maintenance rule '${text}': '${piece}' is not KEY=VALUE`);
    parts.set(piece.slice(0, eq).toUpperCase(), piece.slice(eq + 1));
  }
  const known = ['FREQ', 'BYDAY', 'BYMONTHDAY', 'START', 'DURATION', 'TZID'];
  const unknown = [...parts.keys()].filter((k) => !known.includes(k));
  if (unknown.length > 0) throw new Error(`maintenance rule '${text}': unknown key(s) ${unknown.join(', ')}; use ${known.join(', ')}`);
  const dur = /^PT(?:(\d{1,3})H)?(?:(\d{1,5})M)?$/i.exec(parts.get('DURATION') ?? '');
  if (!dur || (dur[1] === undefined && dur[2] === undefined)) throw new Error(`maintenance rule '${text}': DURATION must be like PT4H, PT90M or PT1H30M`);
  const candidate = {
    id, freq: (parts.get('FREQ') ?? '').toLowerCase(),
    ...(parts.has('BYDAY') ? { byDay: (parts.get('BYDAY') ?? '').toUpperCase().split(',') } : {}),
    ...(parts.has('BYMONTHDAY') ? { byMonthDay: (parts.get('BYMONTHDAY') ?? '').split(',').map(Number) } : {}),
    start: parts.get('START') ?? '', durationMinutes: Number(dur[1] ?? 0) * 60 + Number(dur[2] ?? 0), timeZone: parts.get('TZID') ?? 'UTC',
  };
  const r = maintenanceRuleSchema.safeParse(candidate);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new Error(`maintenance rule '${text}': ${issue?.path.join('.') || 'rule'}: ${issue?.message ?? 'invalid'}`);
  }
  if (r.data.freq !== 'monthly' && r.data.byDay?.some((d) => /\d/.test(d))) throw new Error(`maintenance rule '${text}': an ordinal weekday (1WE) needs FREQ=MONTHLY`);
  if (r.data.freq !== 'monthly' && r.data.byMonthDay) throw new Error(`maintenance rule '${text}': BYMONTHDAY needs FREQ=MONTHLY`);
  if (r.data.freq === 'weekly' && !r.data.byDay) throw new Error(`maintenance rule '${text}': FREQ=WEEKLY needs BYDAY (e.g. BYDAY=SA,SU)`);
  if (r.data.freq === 'monthly' && !r.data.byDay && !r.data.byMonthDay) throw new Error(`maintenance rule '${text}': FREQ=MONTHLY needs BYDAY (e.g. 1WE) or BYMONTHDAY`);
  return r.data;
}

/** The text form of a rule (inverse of parseMaintenanceRule). */
export function formatMaintenanceRule(rule: MaintenanceRule): string {
  const h = Math.floor(rule.durationMinutes / 60);
  const m = rule.durationMinutes % 60;
  return [`FREQ=${rule.freq.toUpperCase()}`, rule.byDay ? `BYDAY=${rule.byDay.join(',')}` : '', rule.byMonthDay ? `BYMONTHDAY=${rule.byMonthDay.join(',')}` : '',
    `START=${rule.start}`, `DURATION=PT${h > 0 ? `${h}H` : ''}${m > 0 ? `${m}M` : ''}`, `TZID=${rule.timeZone}`].filter(Boolean).join(';');
}

function matchesDay(rule: MaintenanceRule, y: number, m: number, d: number): boolean {
  if (rule.freq === 'daily') return !rule.byDay || rule.byDay.includes(DAYS[new Date(Date.UTC(y, m, d)).getUTCDay()] as string);
  const dow = DAYS[new Date(Date.UTC(y, m, d)).getUTCDay()] as string;
  if (rule.byMonthDay?.includes(d)) return true;
  const inMonth = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return (rule.byDay ?? []).some((spec) => {
    const mt = /^(-?\d)?([A-Z]{2})$/.exec(spec);
    if (!mt || mt[2] !== dow) return false;
    if (mt[1] === undefined) return true;
    const n = Number(mt[1]);
    return n > 0 ? Math.ceil(d / 7) === n : Math.ceil((inMonth - d + 1) / 7) === -n;
  });
}

/** Occurrences of `rules` that overlap [from, to), in start order (at most `limit`). */
export function windowsBetween(rules: readonly MaintenanceRule[], from: Date, to: Date, limit = 1000): MaintenanceWindow[] {
  const out: MaintenanceWindow[] = [];
  for (const rule of rules) {
    const [hh, mm] = rule.start.split(':').map(Number) as [number, number];
    const back = Math.ceil(rule.durationMinutes / 1440) + 1;
    // Walk local calendar days (in UTC arithmetic on the zone's date) from a little before `from`.
    const startLocal = new Date(from.getTime() + zoneOffset(from.getTime(), rule.timeZone));
    const days = Math.min(Math.ceil((to.getTime() - from.getTime()) / 86_400_000) + back + 1, 3700);
    for (let i = -back; i < days && out.length < limit * 4; i++) {
      const day = new Date(Date.UTC(startLocal.getUTCFullYear(), startLocal.getUTCMonth(), startLocal.getUTCDate() + i));
      const y = day.getUTCFullYear();
      const m = day.getUTCMonth();
      const d = day.getUTCDate();
      if (!matchesDay(rule, y, m, d)) continue;
      const start = zonedInstant(y, m, d, hh, mm, rule.timeZone);
      const end = start + rule.durationMinutes * 60_000;
      if (end > from.getTime() && start < to.getTime()) out.push({ ruleId: rule.id, start: new Date(start), end: new Date(end) });
    }
  }
  return out.sort((a, b) => a.start.getTime() - b.start.getTime()).slice(0, limit);
}

/** The window `at` falls in, if any. */
export function activeWindow(rules: readonly MaintenanceRule[], at: Date): MaintenanceWindow | undefined {
  return windowsBetween(rules, at, new Date(at.getTime() + 1), 1)[0];
}

/** The next window starting after `at` (within a year), if any. */
export function nextWindow(rules: readonly MaintenanceRule[], at: Date): MaintenanceWindow | undefined {
  return windowsBetween(rules, at, new Date(at.getTime() + 366 * 86_400_000), 50).find((w) => w.start.getTime() > at.getTime());
}
