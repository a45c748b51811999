/**
 * The tight connect loop one probe worker runs: up to `inFlight` concurrent connects drawn
 * from a FIFO of port batches, paced by a token bucket, timed out by one sweep timer (not a
 * timer per probe), with back-off when the machine runs out of sockets or source ports.
 * Per probe it allocates nothing but what the connector needs; state lives in typed arrays.
 */
import { SELF_CONNECT, type ConnectDone, type Connector, type ConnectorFactory } from './connector.ts';
import { CLOSED, OPEN, RESOURCE, STATUS_ECONNREFUSED, TIMEOUT, classifyStatus, outcomeOf } from './outcome.ts';
import { TokenBucket, bucketCapacity } from './token-bucket.ts';

/** A batch of ports on one address, probed with one timeout. */
export interface LoopBatch {
  id: number;
  v6: boolean;
  address: string;
  ports: Int32Array;
  timeoutMs: number;
}

/** Answers to a batch: one outcome byte and one RTT (µs, 0 when none) per port, same order. */
export interface LoopResult {
  id: number;
  ports: Int32Array;
  outcomes: Uint8Array;
  rttMicros: Uint32Array;
}

/** Tuning of one loop. */
export interface LoopOptions {
  /** Concurrent connects in this loop. */
  inFlight: number;
  /** This loop's share of the connection rate per second; 0 = unlimited. */
  rate: number;
  /** Period of the timeout sweep; a probe times out up to this much late. */
  tickMs: number;
  /** Resource errors (EMFILE, EADDRNOTAVAIL, …) one port may meet before it is given up as RESOURCE. */
  maxDeferrals?: number;
  /** Clock in ms (performance.now by default; tests pass a fake). */
  now?: () => number;
  /** Where to publish [probes sent, in flight, ports taken] for the engine (a SharedArrayBuffer view). */
  counters?: Float64Array;
  /** Called when the last queued port has been started, so the engine can send more. */
  onDrained?: () => void;
}

interface ActiveBatch {
  b: LoopBatch;
  next: number;
  remaining: number;
  outcomes: Uint8Array;
  rtt: Uint32Array;
  deferrals: Uint8Array | undefined;
}

const MIN_BACKOFF_MS = 10;
const MAX_BACKOFF_MS = 1000;

/** Runs batches through a connector and reports each batch once all its ports have answers. */
export class ConnectLoop {
  readonly #connector: Connector;
  readonly #onResult: (r: LoopResult) => void;
  readonly #now: () => number;
  readonly #tickMs: number;
  readonly #maxDeferrals: number;
  readonly #counters: Float64Array;
  readonly #bucket: TokenBucket | undefined;
  readonly #maxCap: number;
  #cap: number;
  // Slots: the batch and index each in-flight probe answers for.
  readonly #slotBatch: (ActiveBatch | undefined)[];
  readonly #slotIndex: Int32Array;
  readonly #slotStart: Float64Array;
  readonly #slotDeadline: Float64Array;
  readonly #free: Int32Array;
  #freeTop: number;
  #inFlight = 0;
  #sent = 0;
  #taken = 0;
  readonly #onDrained: (() => void) | undefined;
  /** Batches with ports not yet started, FIFO. */
  readonly #queue: ActiveBatch[] = [];
  /** Ports put back after a resource error, started before new ones. */
  readonly #deferBatch: ActiveBatch[] = [];
  readonly #deferIndex: number[] = [];
  #pausedUntil = 0;
  #backoffMs = MIN_BACKOFF_MS;
  #lastResourceError = -Infinity;
  #sweep: ReturnType<typeof setTimeout> | undefined;
  /** When the armed sweep should run; running much later means this thread was stalled. */
  #sweepDue = 0;
  #wake: ReturnType<typeof setTimeout> | undefined;
  #pumping = false;
  #stopped = false;
  #drained = false;

  constructor(factory: ConnectorFactory, opts: LoopOptions, onResult: (r: LoopResult) => void) {
    const done: ConnectDone = (slot, status) => this.#done(slot, status);
    this.#connector = factory(done);
    this.#onResult = onResult;
    this.#now = opts.now ?? (() => performance.now());
    this.#tickMs = opts.tickMs;
    this.#maxDeferrals = opts.maxDeferrals ?? 40;
    this.#counters = opts.counters ?? new Float64Array(3);
    this.#onDrained = opts.onDrained;
    this.#bucket = opts.rate > 0 ? new TokenBucket(opts.rate, bucketCapacity(opts.rate), this.#now()) : undefined;
    const n = Math.max(1, Math.floor(opts.inFlight));
    this.#maxCap = n;
    this.#cap = n;
    this.#slotBatch = new Array<ActiveBatch | undefined>(n).fill(undefined);
    this.#slotIndex = new Int32Array(n);
    this.#slotStart = new Float64Array(n);
    this.#slotDeadline = new Float64Array(n);
    this.#free = new Int32Array(n);
    for (let i = 0; i < n; i++) this.#free[i] = n - 1 - i;
    this.#freeTop = n;
  }

  /** Which socket layer this loop uses. */
  get kind(): Connector['kind'] {
    return this.#connector.kind;
  }

  /** Probes currently waiting for an answer. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Queues a batch; its result is reported once every port has an answer. */
  push(b: LoopBatch): void {
    if (this.#stopped) return;
    const n = b.ports.length;
    const active: ActiveBatch = { b, next: 0, remaining: n, outcomes: new Uint8Array(n), rtt: new Uint32Array(n), deferrals: undefined };
    if (n === 0) {
      this.#finish(active);
      return;
    }
    this.#queue.push(active);
    this.#pump();
  }

  /** Abandons everything: in-flight connects are closed, queued batches are dropped unreported. */
  stop(): void {
    this.#stopped = true;
    for (let slot = 0; slot < this.#slotBatch.length; slot++) {
      if (this.#slotBatch[slot] !== undefined) {
        this.#slotBatch[slot] = undefined;
        this.#connector.abort(slot);
      }
    }
    this.#inFlight = 0;
    this.#queue.length = 0;
    this.#deferBatch.length = 0;
    this.#deferIndex.length = 0;
    if (this.#sweep !== undefined) clearTimeout(this.#sweep);
    if (this.#wake !== undefined) clearTimeout(this.#wake);
    this.#sweep = undefined;
    this.#wake = undefined;
    this.#publish();
  }

  #pump(): void {
    if (this.#pumping || this.#stopped) return;
    this.#pumping = true;
    try {
      this.#fill();
    } finally {
      this.#pumping = false;
    }
    // One sweep timer while anything is in flight. It defers to setImmediate, which runs after
    // the I/O poll: after a stall (a busy machine) completions already waiting in the kernel
    // are taken before any probe is declared timed out.
    if (this.#inFlight > 0 && this.#sweep === undefined) {
      this.#sweepDue = this.#now() + this.#tickMs;
      this.#sweep = setTimeout(this.#armedSweep, this.#tickMs);
    }
    this.#publish();
    if (this.#drained) {
      this.#drained = false;
      this.#onDrained?.();
    }
  }

  #fill(): void {
    let now = this.#now();
    if (now < this.#pausedUntil) {
      this.#wakeIn(this.#pausedUntil - now);
      return;
    }
    while (this.#freeTop > 0 && this.#inFlight < this.#cap) {
      let batch: ActiveBatch | undefined;
      let index: number;
      let deferred = false;
      if (this.#deferBatch.length > 0) {
        batch = this.#deferBatch[this.#deferBatch.length - 1];
        index = this.#deferIndex[this.#deferIndex.length - 1] as number;
        deferred = true;
      } else {
        batch = this.#queue[0];
        if (batch === undefined) return;
        index = batch.next;
      }
      if (batch === undefined) return;
      if (this.#bucket !== undefined && !this.#bucket.take(now)) {
        this.#wakeIn(this.#bucket.waitMs(now));
        return;
      }
      if (deferred) {
        this.#deferBatch.pop();
        this.#deferIndex.pop();
      } else {
        this.#taken++;
        if (++batch.next === batch.b.ports.length) {
          this.#queue.shift();
          if (this.#queue.length === 0) this.#drained = true;
        }
      }
      const slot = this.#free[--this.#freeTop] as number;
      const start = this.#now();
      // The slot is filled before start(): a connector may complete synchronously.
      this.#slotBatch[slot] = batch;
      this.#slotIndex[slot] = index;
      this.#slotStart[slot] = start;
      this.#slotDeadline[slot] = start + batch.b.timeoutMs;
      this.#inFlight++;
      const status = this.#connector.start(slot, batch.b.v6, batch.b.address, batch.b.ports[index] as number);
      if (status === 0) {
        this.#sent++;
        now = start;
        continue;
      }
      this.#release(slot);
      // Synchronous failure: resource errors pause the loop; others are an answer.
      if (!this.#answer(batch, index, status, 0)) {
        now = this.#now();
        if (now < this.#pausedUntil) {
          this.#wakeIn(this.#pausedUntil - now);
          return;
        }
      }
    }
  }

  #done(slot: number, status: number): void {
    const batch = this.#slotBatch[slot];
    if (batch === undefined) return;
    const elapsed = this.#now() - (this.#slotStart[slot] as number);
    this.#release(slot);
    this.#answer(batch, this.#slotIndex[slot] as number, status, elapsed);
    this.#pump();
  }

  /** Records an answer; returns false when it was a resource error (port deferred, loop paused). */
  #answer(batch: ActiveBatch, index: number, status: number, elapsedMs: number): boolean {
    let outcome: number;
    if (status === STATUS_ECONNREFUSED || status === SELF_CONNECT) outcome = CLOSED;
    else if (status === 0) outcome = OPEN;
    else {
      const cls = classifyStatus(status);
      if (cls === 'resource') {
        this.#resourceError(batch, index);
        return false;
      }
      outcome = outcomeOf(cls);
    }
    if (this.#cap < this.#maxCap) this.#cap++;
    this.#record(batch, index, outcome, outcome === OPEN || outcome === CLOSED ? elapsedMs : 0);
    return true;
  }

  #resourceError(batch: ActiveBatch, index: number): void {
    const deferrals = (batch.deferrals ??= new Uint8Array(batch.b.ports.length));
    const count = ++deferrals[index]!;
    if (count > this.#maxDeferrals) {
      this.#record(batch, index, RESOURCE, 0);
    } else {
      this.#deferBatch.push(batch);
      this.#deferIndex.push(index);
    }
    // Multiplicative decrease of concurrency and an exponential pause; errors more than a
    // second apart start the back-off afresh.
    const now = this.#now();
    this.#backoffMs = now - this.#lastResourceError > MAX_BACKOFF_MS ? MIN_BACKOFF_MS : Math.min(MAX_BACKOFF_MS, this.#backoffMs * 2);
    this.#lastResourceError = now;
    this.#pausedUntil = now + this.#backoffMs;
    this.#cap = Math.max(1, Math.floor(this.#inFlight / 2));
  }

  #record(batch: ActiveBatch, index: number, outcome: number, elapsedMs: number): void {
    batch.outcomes[index] = outcome;
    batch.rtt[index] = Math.min(0xffffffff, Math.round(elapsedMs * 1000));
    if (--batch.remaining === 0) {
      this.#publish(); // counters first, so whoever reads the result sees them settled
      this.#finish(batch);
    }
  }

  #finish(batch: ActiveBatch): void {
    this.#onResult({ id: batch.b.id, ports: batch.b.ports, outcomes: batch.outcomes, rttMicros: batch.rtt });
  }

  #release(slot: number): void {
    this.#slotBatch[slot] = undefined;
    this.#free[this.#freeTop++] = slot;
    this.#inFlight--;
  }

  readonly #sweepNow = (): void => {
    this.#sweep = undefined;
    this.#timeouts();
  };
  readonly #armedSweep = (): void => {
    setImmediate(this.#sweepNow);
  };

  #timeouts(): void {
    if (this.#stopped) return;
    const now = this.#now();
    // A sweep more than a tick late means this thread did not run (descheduled on a busy
    // machine, a long GC): answers may be waiting unread, so that time is not held against
    // the probes in flight. Their deadlines move by the stall.
    const stall = now - this.#sweepDue - this.#tickMs;
    if (stall > 0) {
      for (let slot = 0; slot < this.#slotBatch.length; slot++) {
        if (this.#slotBatch[slot] !== undefined) this.#slotDeadline[slot] = (this.#slotDeadline[slot] as number) + stall;
      }
    }
    for (let slot = 0; slot < this.#slotBatch.length; slot++) {
      const batch = this.#slotBatch[slot];
      if (batch === undefined || (this.#slotDeadline[slot] as number) > now) continue;
      this.#connector.abort(slot);
      this.#release(slot);
      this.#record(batch, this.#slotIndex[slot] as number, TIMEOUT, 0);
    }
    this.#pump(); // re-arms the sweep while probes remain in flight
  }

  #wakeIn(ms: number): void {
    if (this.#wake !== undefined) return;
    this.#wake = setTimeout(() => {
      this.#wake = undefined;
      this.#pump();
    }, Math.max(1, Math.ceil(ms)));
  }

  #publish(): void {
    this.#counters[0] = this.#sent;
    this.#counters[1] = this.#inFlight;
    this.#counters[2] = this.#taken;
  }
}
