/**
 * Abuse bound of the console's unauthenticated `/pair` endpoint: at most `perSourcePerMinute`
 * attempts per source address in any sliding minute, and at most `maxConcurrent` pairings in
 * flight at once (console-wide). Refusals say which limit and when to try again, and carry
 * `audit: true` only for the first refusal of a source (or of the concurrency cap) per window,
 * so a flood costs one audit row per source per minute, not one per attempt. Pure: the clock
 * is a parameter; memory is bounded by `maxSources`.
 */

/** Limits of the pairing endpoint. */
export interface PairLimits {
  /** Attempts one source address may make per window (default 10). */
  perSourcePerMinute: number;
  /** Pairings in flight at once, all sources together (default 8). */
  maxConcurrent: number;
  /** Window length (default 60 s). */
  windowMs?: number;
  /** Sources remembered at most (default 10,000); beyond it new sources are refused until old ones age out. */
  maxSources?: number;
}

/** Defaults (docs/engines.md "Rate limits"). */
export const DEFAULT_PAIR_LIMITS: Readonly<Required<PairLimits>> = { perSourcePerMinute: 10, maxConcurrent: 8, windowMs: 60_000, maxSources: 10_000 };

/** The verdict on one attempt. */
export type PairAdmission =
  | { ok: true; release: () => void }
  | { ok: false; limit: 'source' | 'concurrent' | 'sources'; message: string; retryAfterMs: number; audit: boolean };

interface Source { attempts: number[]; refusedAudited: boolean }

/** The same address in one form (IPv4-mapped IPv6 as IPv4). */
export function normalizeSource(ip: string): string {
  return ip.startsWith('::ffff:') && /^\d+\.\d+\.\d+\.\d+$/.test(ip.slice(7)) ? ip.slice(7) : ip;
}

/** Counts pairing attempts per source and in flight. */
export class PairLimiter {
  readonly #l: Required<PairLimits>;
  readonly #now: () => number;
  readonly #sources = new Map<string, Source>();
  #inFlight = 0;
  #busyAuditedAt = -Infinity;

  constructor(limits: Partial<PairLimits> = {}, now: () => number = Date.now) {
    this.#l = { ...DEFAULT_PAIR_LIMITS, ...Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined)) };
    this.#now = now;
  }

  /** Pairings in flight. */
  get inFlight(): number { return this.#inFlight; }

  /** Judges one attempt from `ip`; on ok, call `release()` once the pairing ended (idempotent). */
  admit(ip: string): PairAdmission {
    const now = this.#now();
    const key = normalizeSource(ip);
    const windowMs = this.#l.windowMs;
    let s = this.#sources.get(key);
    if (s) {
      s.attempts = s.attempts.filter((t) => now - t < windowMs);
      if (s.attempts.length === 0) s.refusedAudited = false;
    } else {
      if (this.#sources.size >= this.#l.maxSources) this.#prune(now);
      if (this.#sources.size >= this.#l.maxSources) {
        return { ok: false, limit: 'sources', retryAfterMs: windowMs, audit: false, message: `the console is receiving pairing attempts from too many addresses; try again in ${Math.ceil(windowMs / 1000)} s` };
      }
      s = { attempts: [], refusedAudited: false };
      this.#sources.set(key, s);
    }
    if (s.attempts.length >= this.#l.perSourcePerMinute) {
      const retryAfterMs = Math.max(1, windowMs - (now - (s.attempts[0] as number)));
      const audit = !s.refusedAudited;
      s.refusedAudited = true;
      return { ok: false, limit: 'source', retryAfterMs, audit, message: `too many pairing attempts from ${key} (limit ${this.#l.perSourcePerMinute} per ${Math.round(windowMs / 1000)} s); wait ${Math.ceil(retryAfterMs / 1000)} s, check the shared secret, and try again` };
    }
    s.attempts.push(now);
    if (this.#inFlight >= this.#l.maxConcurrent) {
      const audit = now - this.#busyAuditedAt >= windowMs;
      if (audit) this.#busyAuditedAt = now;
      return { ok: false, limit: 'concurrent', retryAfterMs: 5000, audit, message: `the console is busy with ${this.#inFlight} pairings (limit ${this.#l.maxConcurrent}); try again in a few seconds` };
    }
    this.#inFlight++;
    let released = false;
    return { ok: true, release: () => { if (!released) { released = true; this.#inFlight--; } } };
  }

  #prune(now: number): void {
    for (const [k, v] of this.#sources) if (v.attempts.every((t) => now - t >= this.#l.windowMs)) this.#sources.delete(k);
  }
}
