/**
 * Wall-clock arithmetic in named (IANA) time zones through Intl, with no time-zone library:
 * the offset of a zone at an instant, the instant a zone's clock shows a given local time
 * (DST gaps move forward, repeated times take the first), and the local calendar parts of an
 * instant. Used by engine maintenance windows and console scan schedules.
 */

/** Local calendar parts of an instant in a zone (month 0–11, weekday 0 = Sunday). */
export interface ZonedParts { year: number; month: number; day: number; hour: number; minute: number; second: number; weekday: number }

/** True when `tz` is a time zone this runtime's Intl knows. */
export function isTimeZone(tz: string): boolean {
  try { new Intl.DateTimeFormat('en-US', { timeZone: tz }); return true; } catch { return false; }
}

/** The zone this process runs in (TZ), as an IANA name; 'UTC' when Intl cannot tell. */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(tz, f);
  }
  return f;
}

/** The zone's wall clock at `ms` (whole seconds). */
export function zonedParts(ms: number, tz: string): ZonedParts {
  const p: Record<string, number> = {};
  for (const part of formatter(tz).formatToParts(new Date(ms))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const year = p.year ?? 1970;
  const month = (p.month ?? 1) - 1;
  const day = p.day ?? 1;
  return { year, month, day, hour: p.hour ?? 0, minute: p.minute ?? 0, second: p.second ?? 0, weekday: new Date(Date.UTC(year, month, day)).getUTCDay() };
}

/** Milliseconds the zone's wall clock is ahead of UTC at `ms`. */
export function zoneOffset(ms: number, tz: string): number {
  const p = zonedParts(ms, tz);
  const wall = Date.UTC(p.year, p.month, p.day, p.hour, p.minute, p.second);
  return wall - (ms - (ms % 1000));
}

/**
 * The instant the zone's wall clock shows y-m-d hh:mm (month 0–11; day may overflow the month,
 * as in Date.UTC). A time DST skips (02:30 on a spring-forward night) moves forward by the gap;
 * a time that happens twice takes the first.
 */
export function zonedInstant(y: number, m: number, d: number, hh: number, mm: number, tz: string): number {
  const wall = Date.UTC(y, m, d, hh, mm);
  const t1 = wall - zoneOffset(wall, tz);
  const t2 = wall - zoneOffset(t1, tz);
  const exact = [t1, t2].filter((t) => t + zoneOffset(t, tz) === wall);
  return exact.length > 0 ? Math.min(...exact) : Math.max(t1, t2);
}

/** Days in month `m` (0–11) of year `y`. */
export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
}
