/**
 * The probe worker threads: takes them from worker-spawn.ts (prestarted or new), sends batches (ports transferred, not copied),
 * relays their answers, and reads their counters from shared memory. Knows nothing of hosts.
 */
import type { Worker } from 'node:worker_threads';
import type { LoopBatch, LoopResult } from './connect-loop.ts';
import { takeProbeWorkers } from './worker-spawn.ts';
import { COUNTERS_PER_WORKER, C_IN_FLIGHT, C_SENT, C_TAKEN, type FromWorker, type ToWorker, type WorkerConfig } from './worker-protocol.ts';

/** How the pool is built. */
export interface PoolOptions {
  workers: number;
  transport: 'raw' | 'net';
  inFlightPerWorker: number;
  ratePerWorker: number;
  tickMs: number;
}

/** Callbacks from the pool to its owner. */
export interface PoolEvents {
  result: (r: LoopResult) => void;
  /** A worker can take more work. */
  hungry: () => void;
  /** A worker failed or exited on its own: the pool is unusable. */
  fatal: (err: Error) => void;
}

/** A fixed set of probe workers. */
export class WorkerPool {
  readonly #workers: Worker[] = [];
  readonly #counters: Float64Array;
  /** Ports handed to each worker so far (compared with its C_TAKEN counter). */
  readonly #dispatched: number[];
  #transport: 'raw' | 'net';
  #closing: Promise<void> | undefined;
  #referenced = true;

  constructor(opts: PoolOptions, events: PoolEvents) {
    this.#transport = opts.transport;
    const shared = new SharedArrayBuffer(opts.workers * COUNTERS_PER_WORKER * 8);
    this.#counters = new Float64Array(shared);
    this.#dispatched = new Array<number>(opts.workers).fill(0);
    // Prestarted workers (worker-spawn.ts) are adopted; settings go to each as its first message.
    const workers = takeProbeWorkers(opts.workers);
    for (let index = 0; index < opts.workers; index++) {
      const config: WorkerConfig = {
        transport: opts.transport,
        inFlight: opts.inFlightPerWorker,
        rate: opts.ratePerWorker,
        tickMs: opts.tickMs,
        counters: shared,
        index,
      };
      const worker = workers[index] as Worker;
      worker.ref();
      const init: ToWorker = { t: 'init', config };
      worker.postMessage(init);
      worker.on('message', (m: FromWorker) => {
        if (m.t === 'result') events.result(m);
        else if (m.t === 'drained') events.hungry();
        // A worker that could not load tcp_wrap says so; stats report the weakest transport in use.
        else if (m.transport === 'net') this.#transport = 'net';
      });
      worker.on('error', (err) => {
        if (this.#closing === undefined) events.fatal(err);
      });
      worker.on('exit', (code) => {
        if (this.#closing === undefined) events.fatal(new Error(`probe worker ${index} exited with code ${code}`));
      });
      this.#workers.push(worker);
    }
  }

  /** Number of workers. */
  get size(): number {
    return this.#workers.length;
  }

  /** The socket layer the workers use. */
  get transport(): 'raw' | 'net' {
    return this.#transport;
  }

  /** Ports sent to worker `i` that it has not started yet. */
  unstarted(i: number): number {
    return (this.#dispatched[i] ?? 0) - (this.#counters[i * COUNTERS_PER_WORKER + C_TAKEN] ?? 0);
  }

  /** Sends a batch to worker `i`; its ports buffer is transferred (unusable here afterwards). */
  send(i: number, batch: LoopBatch): void {
    const worker = this.#workers[i];
    if (worker === undefined || this.#closing !== undefined) return;
    this.#dispatched[i] = (this.#dispatched[i] ?? 0) + batch.ports.length;
    const message: ToWorker = { t: 'batch', ...batch };
    worker.postMessage(message, [batch.ports.buffer as ArrayBuffer]);
  }

  /** Probes sent and in flight, summed over the workers. */
  counters(): { sent: number; inFlight: number } {
    let sent = 0;
    let inFlight = 0;
    for (let i = 0; i < this.#workers.length; i++) {
      sent += this.#counters[i * COUNTERS_PER_WORKER + C_SENT] ?? 0;
      inFlight += this.#counters[i * COUNTERS_PER_WORKER + C_IN_FLIGHT] ?? 0;
    }
    return { sent, inFlight };
  }

  /** Lets the process exit while the pool is idle (ref: false) or keeps it alive (true). */
  setReferenced(ref: boolean): void {
    if (ref === this.#referenced) return;
    this.#referenced = ref;
    for (const w of this.#workers) {
      if (ref) w.ref();
      else w.unref();
    }
  }

  /** Terminates every worker; idempotent. */
  close(): Promise<void> {
    this.#closing ??= Promise.all(this.#workers.map((w) => w.terminate())).then(() => {
      for (let i = 0; i < this.#workers.length; i++) this.#counters[i * COUNTERS_PER_WORKER + C_IN_FLIGHT] = 0;
    });
    return this.#closing;
  }
}
