/**
 * Per-host round-trip estimate and connect timeout, after RFC 6298 §2 (the TCP RTO
 * computation): SRTT/RTTVAR smoothed with alpha = 1/8 and beta = 1/4, timeout =
 * SRTT + 4·RTTVAR, clamped to the scan's bounds. Open and refused connects are both samples
 * (a RST takes one round trip just like a SYN-ACK); timeouts are not (Karn's rule).
 */

/** Bounds of the adaptive timeout, in milliseconds. */
export interface TimeoutBounds {
  initialTimeoutMs: number;
  minTimeoutMs: number;
  maxTimeoutMs: number;
}

/** RFC 6298 SRTT/RTTVAR estimator for one host; all values in microseconds. */
export class RttEstimator {
  #srtt = 0;
  #rttvar = 0;
  #samples = 0;
  readonly #bounds: TimeoutBounds;

  constructor(bounds: TimeoutBounds) {
    this.#bounds = bounds;
  }

  /** Feeds one measured connect time (µs); non-finite or negative samples are ignored. */
  sample(rttMicros: number): void {
    if (!(rttMicros >= 0) || !Number.isFinite(rttMicros)) return;
    if (this.#samples === 0) {
      // RFC 6298 (2.2): first measurement R: SRTT = R, RTTVAR = R/2.
      this.#srtt = rttMicros;
      this.#rttvar = rttMicros / 2;
    } else {
      // RFC 6298 (2.3): RTTVAR first, using the old SRTT.
      this.#rttvar = 0.75 * this.#rttvar + 0.25 * Math.abs(this.#srtt - rttMicros);
      this.#srtt = 0.875 * this.#srtt + 0.125 * rttMicros;
    }
    this.#samples++;
  }

  /** Number of samples seen so far. */
  get samples(): number {
    return this.#samples;
  }

  /** Smoothed RTT in whole microseconds, or undefined before the first sample. */
  get srttMicros(): number | undefined {
    return this.#samples === 0 ? undefined : Math.round(this.#srtt);
  }

  /** Timeout for the next probe: the initial one until a sample exists, then clamp(SRTT + 4·RTTVAR). */
  timeoutMs(): number {
    const { initialTimeoutMs, minTimeoutMs, maxTimeoutMs } = this.#bounds;
    const raw = this.#samples === 0 ? initialTimeoutMs : (this.#srtt + 4 * this.#rttvar) / 1000;
    return Math.min(maxTimeoutMs, Math.max(minTimeoutMs, Math.ceil(raw)));
  }
}
