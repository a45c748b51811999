/**
 * A token bucket for connection rate limiting, pure (the clock is passed in). Each probe
 * worker owns one with its share of the global rate, so the engine never exceeds
 * `rate` new connections per second by more than the sum of the buckets' capacities:
 * in any interval of length T, connects ≤ rate·T + Σ capacity.
 */

/** Bucket capacity for a per-worker rate: 20 ms worth of tokens, at least 1. */
export function bucketCapacity(ratePerSecond: number): number {
  return Math.max(1, Math.floor(ratePerSecond / 50));
}

/** Refills continuously at `ratePerSecond`; starts full. */
export class TokenBucket {
  readonly #perMs: number;
  readonly #capacity: number;
  #tokens: number;
  #last: number;

  constructor(ratePerSecond: number, capacity: number, nowMs: number) {
    this.#perMs = ratePerSecond / 1000;
    this.#capacity = capacity;
    this.#tokens = capacity;
    this.#last = nowMs;
  }

  /** Takes one token if available. */
  take(nowMs: number): boolean {
    this.#refill(nowMs);
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  /** Milliseconds until a token will be available (0 when one is). */
  waitMs(nowMs: number): number {
    this.#refill(nowMs);
    return this.#tokens >= 1 ? 0 : (1 - this.#tokens) / this.#perMs;
  }

  #refill(nowMs: number): void {
    // A clock that goes backwards (should not with performance.now) must not mint tokens.
    const dt = nowMs - this.#last;
    if (dt <= 0) return;
    this.#tokens = Math.min(this.#capacity, this.#tokens + dt * this.#perMs);
    this.#last = nowMs;
  }
}
