/**
 * The TCP-connect probing engine: host discovery and port scans for many hosts at once,
 * interleaved round-robin into batches for a pool of worker threads. Per-host state (a
 * PortScanState) exists only while that host's call is pending.
 */
import { isIP } from 'node:net';
import { FarsightError, toFarsightError } from '@farsight/common';
import type { LoopResult } from './connect-loop.ts';
import { discoveryVerdict } from './discovery-verdict.ts';
import { ephemeralRange, interfaceAddresses, isLocalAddress } from './local-target.ts';
import { machineFacts, resolveOptions, type ProbeEngineOptions, type ResolvedOptions } from './options.ts';
import { PortListCache } from './port-list.ts';
import { PortScanState, type PlannedBatch } from './port-scan-state.ts';
import { findNativeHelper, PROBE_BACKEND_ENV, requireNativeHelper } from './native-helper.ts';
import { NativePool } from './native-pool.ts';
import type { ProbePool, ProbeTransport } from './probe-pool.ts';
import { loadTcpWrap } from './raw-connector.ts';
import { WorkerPool, type PoolEvents } from './worker-pool.ts';

/** Result of scanning one host's ports. */
export interface HostPortResult {
  address: string;
  /** Open ports, ascending. */
  open: number[];
  closed: number;
  filtered: number;
  /** Smoothed connect RTT (RFC 6298 SRTT), when any port answered. */
  rttMicros?: number;
  /** Probes that got an answer or timed out, retries and confirmations included. */
  probes: number;
}

/** Result of discovering one host. */
export interface DiscoveryResult {
  address: string;
  up: boolean;
  /** e.g. `tcp-connect 22 open`, `tcp-connect 80 reset`, `tcp-connect no response`. */
  reason: string;
  rttMicros?: number;
}

/** Engine counters. */
export interface ProbeStats {
  probesSent: number;
  /** Probes per second over the time the engine had work. */
  probesPerSecond: number;
  inFlight: number;
  /** `native` when the native helper runs the connects, else the worker threads' socket path. */
  transport: ProbeTransport;
  /** Hosts (discover/scanPorts calls) not settled yet. */
  hostsActive: number;
  /** Hosts in the dispatch round-robin (ports left to hand out); never more than hostsActive. */
  hostsQueued: number;
}

/** Scheduling knobs for benchmarks (bench/port-engine-micro.ts); the defaults are the tuned values. */
export interface ProbeTuning {
  /** Largest batch sent to a worker, in ports. */
  maxBatch?: number;
  /** Refill a worker's queue when fewer than this many of its ports are unstarted (default: its in-flight share). */
  lowWater?: number;
  /** Binary run as the native helper instead of the built one (tests of hostile helpers). */
  nativeBinary?: string;
  /** A native helper with work that sends nothing for this long is declared stuck (default 30 s; tests). */
  helperStallMs?: number;
}

const DEFAULT_MAX_BATCH = 512;
const DEFAULT_LOW_WATER = 1024;
/** Smallest batch cut from a host's remaining ports (fewer only when fewer remain). */
const MIN_BATCH = 32;

interface HostJob {
  address: string;
  v6: boolean;
  state: PortScanState;
  onOpen: ((port: number) => void) | undefined;
  /** Set for discovery: stop at the first proof of life. */
  treatRstAsAlive: boolean | undefined;
  resolve: (state: PortScanState) => void;
  reject: (err: FarsightError) => void;
  settled: boolean;
  /** Listed in the round-robin of jobs with ports to hand out. */
  ready: boolean;
}

interface InFlightBatch {
  job: HostJob;
  attempts: Uint8Array;
  timeoutMs: number;
}

/** TCP-connect discovery and port scanning over a worker pool; see ProbeEngineOptions. */
export class ProbeEngine {
  readonly #opts: ResolvedOptions;
  readonly #pool: ProbePool;
  /** Jobs with ports left to hand out, served round-robin. */
  readonly #ready: HostJob[] = [];
  #rr = 0;
  readonly #jobs = new Set<HostJob>();
  readonly #batches = new Map<number, InFlightBatch>();
  #nextBatchId = 1;
  readonly #lowWater: number;
  readonly #maxBatch: number;
  readonly #ephemeral: [number, number];
  readonly #interfaces: Set<string>;
  readonly #ports = new PortListCache();
  #closed: Promise<void> | undefined;
  #failure: FarsightError | undefined;
  #busySince = 0;
  #busyMs = 0;
  #finalCounters: { sent: number; inFlight: number } | undefined;

  constructor(opts: ProbeEngineOptions, tuning: ProbeTuning = {}) {
    this.#opts = resolveOptions(opts, {
      ...machineFacts(loadTcpWrap() !== undefined),
      nativeBuilt: findNativeHelper() !== undefined,
      backendEnv: process.env[PROBE_BACKEND_ENV],
    });
    const o = this.#opts;
    const inFlightPerWorker = Math.max(1, Math.floor(o.maxInFlight / o.workers));
    // Keep each worker's queue deep enough (a full set of slots, and some 25 ms of loopback
    // probing) that it does not idle when the main thread is slow to be scheduled. Under a
    // rate limit a worker's throughput is its share of the rate: queue ~100 ms of that, or
    // one worker would sit on ports the other could be sending.
    const ratePerWorker = o.rate / o.workers;
    const paced = o.rate > 0 ? Math.max(MIN_BATCH, Math.ceil(ratePerWorker / 10)) : Infinity;
    this.#lowWater = tuning.lowWater ?? Math.min(paced, Math.max(inFlightPerWorker, DEFAULT_LOW_WATER));
    this.#maxBatch = Math.min(paced, tuning.maxBatch ?? DEFAULT_MAX_BATCH);
    this.#ephemeral = ephemeralRange();
    this.#interfaces = interfaceAddresses();
    // The sweep period bounds how late a timeout fires: a quarter of the shortest timeout.
    const tickMs = Math.min(50, Math.max(5, Math.floor(o.minTimeoutMs / 4)));
    const events: PoolEvents = {
      result: (r) => this.#onResult(r),
      hungry: () => this.#dispatch(),
      fatal: (err) => this.#fail(err instanceof FarsightError ? err : new FarsightError('INTERNAL', `a probe worker failed: ${err.message}`, { cause: err })),
    };
    this.#pool = o.backend === 'native'
      ? new NativePool({ binary: tuning.nativeBinary ?? requireNativeHelper(), helpers: o.workers, inFlightPerHelper: inFlightPerWorker, ratePerHelper: ratePerWorker, tickMs, lowWater: this.#lowWater, ...(tuning.helperStallMs === undefined ? {} : { stallMs: tuning.helperStallMs }) }, events)
      : new WorkerPool({ workers: o.workers, transport: o.transport, inFlightPerWorker, ratePerWorker, tickMs }, events);
    this.#pool.setReferenced(false);
  }

  /** TCP-connect discovery: up at the first open port, or the first RST when `treatRstAsAlive` (default). */
  async discover(address: string, ports: number[], opts?: { treatRstAsAlive?: boolean }): Promise<DiscoveryResult> {
    if (ports.length === 0) throw new FarsightError('INVALID_ARGUMENT', `discovery of ${address} needs at least one TCP port`);
    const treatRstAsAlive = opts?.treatRstAsAlive ?? true;
    const state = await this.#run(address, ports, undefined, treatRstAsAlive);
    const verdict = discoveryVerdict({ ...pick(state), done: true }, treatRstAsAlive);
    const rttMicros = state.summary().rttMicros;
    return { address, up: verdict?.up ?? false, reason: verdict?.reason ?? 'tcp-connect no response', ...(rttMicros === undefined ? {} : { rttMicros }) };
  }

  /** Scans `ports` of `address`; `onOpen` is called as open ports are found. Many hosts may run at once. */
  async scanPorts(address: string, ports: number[], onOpen?: (port: number) => void): Promise<HostPortResult> {
    const state = await this.#run(address, ports, onOpen, undefined);
    const s = state.summary();
    return { address, open: s.open, closed: s.closed, filtered: s.filtered, probes: s.probes, ...(s.rttMicros === undefined ? {} : { rttMicros: s.rttMicros }) };
  }

  /** Counters since the engine started. */
  stats(): ProbeStats {
    const c = this.#finalCounters ?? this.#pool.counters();
    const busyMs = this.#busyMs + (this.#jobs.size > 0 ? performance.now() - this.#busySince : 0);
    return {
      probesSent: c.sent,
      probesPerSecond: busyMs > 0 ? Math.round((c.sent * 1000) / busyMs) : 0,
      inFlight: c.inFlight,
      transport: this.#pool.transport,
      hostsActive: this.#jobs.size,
      hostsQueued: this.#ready.length,
    };
  }

  /** Terminates the workers; pending calls reject with SCAN_ABORTED. Idempotent. */
  close(): Promise<void> {
    if (this.#closed !== undefined) return this.#closed;
    this.#finalCounters = { sent: this.#pool.counters().sent, inFlight: 0 };
    this.#abortAll(new FarsightError('SCAN_ABORTED', 'the probe engine was closed while this scan was running'));
    this.#closed = this.#pool.close();
    return this.#closed;
  }

  #run(address: string, ports: number[], onOpen: ((port: number) => void) | undefined, treatRstAsAlive: boolean | undefined): Promise<PortScanState> {
    if (this.#closed !== undefined) return Promise.reject(new FarsightError('SCAN_ABORTED', `probe engine is closed; cannot probe ${address}`));
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    const family = isIP(address);
    if (family === 0) return Promise.reject(new FarsightError('TARGET_INVALID', `probe target '${address}' is not an IP address; resolve it, check scope, then probe the IP`));
    let unique: Int32Array;
    try {
      unique = this.#ports.get(ports, address);
      // Scope is checked on the exact string that will be dialled, before anything is queued.
      this.#opts.assertInScope(address);
    } catch (e) {
      return Promise.reject(toFarsightError(e, 'TARGET_OUT_OF_SCOPE'));
    }
    const local = isLocalAddress(address, this.#interfaces);
    const [lo, hi] = this.#ephemeral;
    const o = this.#opts;
    const state = new PortScanState(unique, {
      retries: o.retries,
      initialTimeoutMs: o.initialTimeoutMs,
      minTimeoutMs: o.minTimeoutMs,
      maxTimeoutMs: o.maxTimeoutMs,
      ...(local ? { verifyOpen: (p: number) => p >= lo && p <= hi } : {}),
    });
    if (state.done) return Promise.resolve(state);
    return new Promise<PortScanState>((resolve, reject) => {
      const job: HostJob = { address, v6: family === 6, state, onOpen, treatRstAsAlive, resolve, reject, settled: false, ready: true };
      if (this.#jobs.size === 0) {
        this.#busySince = performance.now();
        this.#pool.setReferenced(true);
      }
      this.#jobs.add(job);
      this.#ready.push(job);
      this.#dispatch();
    });
  }

  /** Hands batches to workers whose queues run low, taking hosts round-robin. */
  #dispatch(): void {
    const workers = this.#pool.size;
    for (let w = 0; w < workers; w++) {
      while (this.#pool.unstarted(w) < this.#lowWater) {
        const job = this.#nextReadyJob();
        if (job === undefined) return;
        // With fewer hosts than workers, cut a host into pieces that shrink as it nears its end
        // (guided self-scheduling: remaining / 2·workers), so workers that got less CPU do not
        // hold the tail; with more hosts than workers keep a host's ports together (fewer
        // messages). Never more than maxBatch, never fewer than MIN_BATCH unless fewer remain.
        const pending = job.state.pending;
        const split = this.#ready.length < workers ? 2 * workers : 1;
        const size = Math.max(Math.min(this.#maxBatch, Math.ceil(pending / split)), Math.min(pending, MIN_BATCH));
        const planned = job.state.nextBatch(size) as PlannedBatch;
        if (job.state.pending === 0) this.#unlistServed(job);
        const id = this.#nextBatchId++;
        this.#batches.set(id, { job, attempts: planned.attempts, timeoutMs: planned.timeoutMs });
        this.#pool.send(w, { id, v6: job.v6, address: job.address, ports: planned.ports, timeoutMs: planned.timeoutMs });
      }
    }
  }

  #nextReadyJob(): HostJob | undefined {
    while (this.#ready.length > 0) {
      if (this.#rr >= this.#ready.length) this.#rr = 0;
      const job = this.#ready[this.#rr] as HostJob;
      if (!job.settled && job.state.pending > 0) {
        this.#rr++;
        return job;
      }
      job.ready = false;
      this.#ready.splice(this.#rr, 1);
    }
    return undefined;
  }

  /**
   * Takes the job just served (at #rr - 1) out of the round-robin once its last port is out.
   * Left for the next visit instead, finished jobs would pile up behind the cursor for as long
   * as new hosts keep arriving ahead of it (the whole of a /16: ~2 KB per host).
   */
  #unlistServed(job: HostJob): void {
    const i = this.#rr - 1;
    if (this.#ready[i] !== job) return;
    this.#ready.splice(i, 1);
    this.#rr = i;
    job.ready = false;
  }

  #onResult(r: LoopResult): void {
    const batch = this.#batches.get(r.id);
    if (batch === undefined) return;
    this.#batches.delete(r.id);
    const job = batch.job;
    if (!job.settled) this.#apply(job, { ports: r.ports, attempts: batch.attempts, timeoutMs: batch.timeoutMs }, r);
    this.#dispatch();
  }

  #apply(job: HostJob, planned: PlannedBatch, r: LoopResult): void {
    try {
      const applied = job.state.apply(planned, r.outcomes, r.rttMicros);
      if (applied.resourceFailures > 0) {
        this.#settle(job, new FarsightError('PROBE_RESOURCES_EXHAUSTED', `probing ${job.address}: the machine stayed out of sockets or source ports (EMFILE/EADDRNOTAVAIL) for ${applied.resourceFailures} probe(s); lower maxInFlight or raise ulimit -n`));
        return;
      }
      if (job.onOpen !== undefined) for (const port of applied.opened) job.onOpen(port);
    } catch (e) {
      this.#settle(job, toFarsightError(e));
      return;
    }
    if (job.treatRstAsAlive !== undefined && discoveryVerdict({ ...pick(job.state), done: job.state.done }, job.treatRstAsAlive) !== undefined) {
      this.#settle(job);
    } else if (job.state.done) {
      this.#settle(job);
    } else if (!job.ready && job.state.pending > 0) {
      job.ready = true; // retries or confirmations to send
      this.#ready.push(job);
    }
  }

  #settle(job: HostJob, err?: FarsightError): void {
    if (job.settled) return;
    job.settled = true;
    this.#jobs.delete(job);
    if (job.ready) {
      // Settled with ports still to hand out (discovery's early stop, an error): unlist it now.
      const i = this.#ready.indexOf(job);
      if (i >= 0) {
        this.#ready.splice(i, 1);
        if (i < this.#rr) this.#rr--;
      }
      job.ready = false;
    }
    if (this.#jobs.size === 0) {
      this.#busyMs += performance.now() - this.#busySince;
      this.#pool.setReferenced(false);
    }
    if (err === undefined) job.resolve(job.state);
    else job.reject(err);
  }

  #abortAll(err: FarsightError): void {
    for (const job of [...this.#jobs]) this.#settle(job, err);
    this.#ready.length = 0;
    this.#batches.clear();
  }

  #fail(err: FarsightError): void {
    this.#failure ??= err;
    this.#abortAll(err);
  }
}

function pick(s: PortScanState): { firstOpen: number | undefined; firstReset: number | undefined; firstUnreachable: number | undefined } {
  return { firstOpen: s.firstOpen, firstReset: s.firstReset, firstUnreachable: s.firstUnreachable };
}
