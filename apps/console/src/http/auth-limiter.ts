/** Counts failed password checks per client address in a fixed window; over the limit → RATE_LIMITED (429). */
import { FarsightError } from '@farsight/common';

/** In-memory per-address failure counter (per console process; lockout in the DB covers the cluster). */
export class FailureLimiter {
  #max: number; #windowMs: number;
  #entries = new Map<string, { count: number; resetAt: number }>();
  constructor(max: number, windowMs: number) { this.#max = max; this.#windowMs = windowMs; }

  /** Throws RATE_LIMITED when `key` already failed `max` times in the window. */
  check(key: string, now = Date.now()): void {
    const e = this.#entries.get(key);
    if (e && e.resetAt > now && e.count >= this.#max) {
      const err = new FarsightError('RATE_LIMITED', `too many failed logins from ${key}; retry in ${Math.ceil((e.resetAt - now) / 1000)} s`);
      (err as FarsightError & { retryAfterSeconds?: number }).retryAfterSeconds = Math.ceil((e.resetAt - now) / 1000);
      throw err;
    }
  }

  /** Records one failure. */
  fail(key: string, now = Date.now()): void {
    const e = this.#entries.get(key);
    if (!e || e.resetAt <= now) {
      // Bounded memory: drop expired entries before adding when the map grows large.
      if (this.#entries.size > 10_000) for (const [k, v] of this.#entries) if (v.resetAt <= now) this.#entries.delete(k);
      if (this.#entries.size > 50_000) this.#entries.clear();
      this.#entries.set(key, { count: 1, resetAt: now + this.#windowMs });
    } else e.count++;
  }
}
