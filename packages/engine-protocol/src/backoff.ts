/**
 * Reconnect backoff of the engine transport (docs/engines.md "Reconnect backoff"): after each
 * failed or refused attempt the delay doubles from `baseMs` up to `capMs`, less up to `jitter`
 * of it at random (so a fleet refused together does not come back together); a successful
 * session resets it to `baseMs`. Pure: the random source is a parameter.
 */

/** How delays grow. */
export interface BackoffPolicy {
  /** Delay after the first failure (and after a session ends normally). */
  baseMs: number;
  /** Largest delay. */
  capMs: number;
  /** Growth per consecutive failure (default 2). */
  factor?: number;
  /** Fraction of the delay taken off at random, 0..1 (default 0.2: delays fall in [80 %, 100 %]). */
  jitter?: number;
}

/** Defaults: 5 s doubling to 5 minutes, 20 % jitter. */
export const DEFAULT_BACKOFF: Readonly<Required<BackoffPolicy>> = { baseMs: 5000, capMs: 300_000, factor: 2, jitter: 0.2 };

/**
 * The delay before the next attempt after `failures` consecutive failures (0 = none: the
 * session ended normally, wait `baseMs`). `random()` returns a number in [0, 1).
 */
export function backoffDelay(failures: number, p: BackoffPolicy, random: () => number = Math.random): number {
  const base = Math.max(1, p.baseMs);
  const cap = Math.max(base, p.capMs);
  const factor = Math.max(1, p.factor ?? DEFAULT_BACKOFF.factor);
  const jitter = Math.min(1, Math.max(0, p.jitter ?? DEFAULT_BACKOFF.jitter));
  const n = Math.max(0, Math.floor(failures) - 1);
  // factor^n overflows to Infinity for large n; min() keeps the cap.
  const raw = Math.min(cap, base * factor ** Math.min(n, 64));
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.max(1, Math.round(raw * (1 - jitter * r)));
}

/** Consecutive-failure counter over a policy. */
export class Backoff {
  readonly #p: BackoffPolicy;
  readonly #random: () => number;
  #failures = 0;

  constructor(policy: BackoffPolicy, random: () => number = Math.random) {
    this.#p = policy;
    this.#random = random;
  }

  /** Consecutive failures since the last success. */
  get failures(): number { return this.#failures; }

  /** Records a failure (refused, unreachable, revoked) and returns the delay before the next attempt. */
  fail(): number {
    this.#failures = Math.min(this.#failures + 1, 1000);
    return backoffDelay(this.#failures, this.#p, this.#random);
  }

  /** A session was established: the next delay is `baseMs` again. */
  succeed(): void { this.#failures = 0; }

  /** The delay after a session that worked and then ended (no failure counted). */
  afterSession(): number { return backoffDelay(this.#failures, this.#p, this.#random); }
}
