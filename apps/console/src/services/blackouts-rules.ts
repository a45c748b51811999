/**
 * Blackout windows (pure): when a blackout is in force. A blackout repeats by a rule in the
 * engine maintenance grammar (`FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;START=08:00;DURATION=PT10H;
 * TZID=Europe/Berlin`: office hours) or covers one period (`from`–`until`, a change freeze).
 * A global blackout (no site) covers every site.
 */
import { activeWindow, nextWindow, windowsBetween, type MaintenanceRule } from '@farsight/engine-protocol';

/** A blackout as the gate and the scheduler see it. */
export interface Blackout {
  id: number;
  /** null: global. */
  siteId: number | null;
  name: string;
  rule?: MaintenanceRule | undefined;
  from?: Date | undefined;
  until?: Date | undefined;
}

/** One period a blackout is in force. */
export interface BlackoutWindow { start: Date; end: Date }

/** The period of `b` in force at `at`, if any. */
export function blackoutWindowAt(b: Blackout, at: Date): BlackoutWindow | undefined {
  if (b.rule) {
    const w = activeWindow([b.rule], at);
    return w ? { start: w.start, end: w.end } : undefined;
  }
  if (b.from && b.until && b.from.getTime() <= at.getTime() && at.getTime() < b.until.getTime()) return { start: b.from, end: b.until };
  return undefined;
}

/** The next period of `b` starting after `at` (within a year), if any. */
export function nextBlackoutWindow(b: Blackout, at: Date): BlackoutWindow | undefined {
  if (b.rule) {
    const w = nextWindow([b.rule], at);
    return w ? { start: w.start, end: w.end } : undefined;
  }
  return b.from && b.until && b.from.getTime() > at.getTime() ? { start: b.from, end: b.until } : undefined;
}

/** Why a site may not scan at `at` (the blackout that ends last), or undefined. */
export function siteBlackout(blackouts: readonly Blackout[], siteId: number, at: Date): { blackout: Blackout; window: BlackoutWindow; reason: string } | undefined {
  let best: { blackout: Blackout; window: BlackoutWindow } | undefined;
  for (const b of blackouts) {
    if (b.siteId !== null && b.siteId !== siteId) continue;
    const w = blackoutWindowAt(b, at);
    if (w && (!best || w.end.getTime() > best.window.end.getTime())) best = { blackout: b, window: w };
  }
  if (!best) return undefined;
  const scope = best.blackout.siteId === null ? 'global blackout' : `blackout of site ${siteId}`;
  return { ...best, reason: `${scope} '${best.blackout.name}' until ${best.window.end.toISOString()}` };
}

/** The periods of `b` that overlap [from, to), in order (at most `limit`). */
export function blackoutWindowsBetween(b: Blackout, from: Date, to: Date, limit = 10): BlackoutWindow[] {
  if (b.rule) return windowsBetween([b.rule], from, to, limit).map((w) => ({ start: w.start, end: w.end }));
  return b.from && b.until && b.from.getTime() < to.getTime() && b.until.getTime() > from.getTime() ? [{ start: b.from, end: b.until }] : [];
}
