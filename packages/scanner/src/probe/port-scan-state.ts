/**
 * The per-host port-scan state machine, pure: which ports still need a probe, with which
 * timeout, and what the answers mean. The engine feeds it worker results; table tests feed
 * it invented ones. No per-probe objects: ports live in typed arrays and packed numbers.
 */
import { FarsightError } from '@farsight/common';
import { CLOSED, OPEN, RESOURCE, TIMEOUT, UNREACHABLE } from './outcome.ts';
import { RttEstimator, type TimeoutBounds } from './rtt-estimator.ts';

/** Attempt marker of a confirmation probe (see `verifyOpen`). */
export const VERIFY_ATTEMPT = 255;

/** How a host is probed. */
export interface ScanStateOptions extends TimeoutBounds {
  /** Extra attempts for ports that timed out or were unreachable. */
  retries: number;
  /**
   * Ports whose "open" must be confirmed by a second probe. On a local address, a connect to
   * an ephemeral-range port can meet our own socket (self-connect, or two probes whose SYNs
   * cross: RFC 9293 §3.5 simultaneous open) and look open; a second probe will not repeat it.
   */
  verifyOpen?: (port: number) => boolean;
}

/** One batch to send to a worker: ports, their attempt numbers, one timeout. */
export interface PlannedBatch {
  ports: Int32Array;
  attempts: Uint8Array;
  timeoutMs: number;
}

/** What one batch of answers changed. */
export interface AppliedBatch {
  /** Ports now known open (confirmed when confirmation applies), in answer order. */
  opened: number[];
  /** Probes that ended in RESOURCE: local exhaustion, the port's state is unknown. */
  resourceFailures: number;
}

/** Per-host scan progress. `done` once every port has a final state. */
export class PortScanState {
  readonly #ports: Int32Array;
  #next = 0;
  /** Ports to probe again, packed `attempt << 16 | port`. */
  #again: number[] = [];
  #outstanding = 0;
  readonly #open: number[] = [];
  #closed = 0;
  #filtered = 0;
  #probes = 0;
  #resourceFailures = 0;
  readonly #rtt: RttEstimator;
  readonly #opts: ScanStateOptions;
  /** First port that answered open / with RST / unreachable, in answer order (for discovery reasons). */
  firstOpen: number | undefined;
  firstReset: number | undefined;
  firstUnreachable: number | undefined;

  /** `ports` must be unique and within 1–65535 (the engine validates). */
  constructor(ports: Int32Array, opts: ScanStateOptions) {
    this.#ports = ports;
    this.#opts = opts;
    this.#rtt = new RttEstimator(opts);
  }

  /** Ports not yet handed out (first attempts plus retries). */
  get pending(): number {
    return this.#ports.length - this.#next + this.#again.length;
  }

  /** True when every port has its final state. */
  get done(): boolean {
    return this.pending === 0 && this.#outstanding === 0;
  }

  /** The timeout the next batch gets. */
  timeoutMs(): number {
    return this.#rtt.timeoutMs();
  }

  /** Takes up to `max` ports for one batch (first attempts before retries), or undefined. */
  nextBatch(max: number): PlannedBatch | undefined {
    const n = Math.min(max, this.pending);
    if (n <= 0) return undefined;
    const ports = new Int32Array(n);
    const attempts = new Uint8Array(n);
    let i = 0;
    // Confirmations and retries first: they are few, and finishing them lets a host complete.
    while (i < n && this.#again.length > 0) {
      const packed = this.#again.pop() as number;
      ports[i] = packed & 0xffff;
      attempts[i] = packed >>> 16;
      i++;
    }
    const take = n - i;
    ports.set(this.#ports.subarray(this.#next, this.#next + take), i);
    this.#next += take;
    this.#outstanding += n;
    return { ports, attempts, timeoutMs: this.#rtt.timeoutMs() };
  }

  /** Applies a worker's answers to a batch from `nextBatch` (same order). */
  apply(batch: PlannedBatch, outcomes: Uint8Array, rttMicros: Uint32Array): AppliedBatch {
    const opened: number[] = [];
    let resourceFailures = 0;
    const { ports, attempts } = batch;
    for (let i = 0; i < ports.length; i++) {
      const port = ports[i] as number;
      const attempt = attempts[i] as number;
      const outcome = outcomes[i];
      this.#outstanding--;
      if (outcome === RESOURCE) {
        resourceFailures++;
        continue;
      }
      this.#probes++;
      if (outcome === OPEN || outcome === CLOSED) this.#rtt.sample(rttMicros[i] as number);
      if (outcome === OPEN) {
        if (attempt !== VERIFY_ATTEMPT && this.#opts.verifyOpen?.(port) === true) {
          this.#requeue(port, VERIFY_ATTEMPT);
          continue;
        }
        this.#open.push(port);
        opened.push(port);
        this.firstOpen ??= port;
      } else if (outcome === CLOSED) {
        this.#closed++;
        this.firstReset ??= port;
      } else if (outcome === TIMEOUT || outcome === UNREACHABLE) {
        if (outcome === UNREACHABLE) this.firstUnreachable ??= port;
        if (attempt !== VERIFY_ATTEMPT && attempt < this.#opts.retries) this.#requeue(port, attempt + 1);
        else this.#filtered++;
      } else {
        throw new FarsightError('INTERNAL', `probe outcome ${String(outcome)} for port ${port} is not a known code`);
      }
    }
    this.#resourceFailures += resourceFailures;
    return { opened, resourceFailures };
  }

  #requeue(port: number, attempt: number): void {
    this.#again.push((attempt << 16) | port);
  }

  /** Totals so far; final once `done`. */
  summary(): { open: number[]; closed: number; filtered: number; probes: number; rttMicros: number | undefined; resourceFailures: number } {
    return {
      open: [...this.#open].sort((a, b) => a - b),
      closed: this.#closed,
      filtered: this.#filtered,
      probes: this.#probes,
      rttMicros: this.#rtt.srttMicros,
      resourceFailures: this.#resourceFailures,
    };
  }
}
