/**
 * Messages between the engine and its probe workers. Work goes out in batches and comes
 * back as typed arrays (transferred, not copied): never one message per probe.
 */
import type { LoopBatch, LoopResult } from './connect-loop.ts';

/** A worker's settings, sent as its first message (`init`): workers may start before options are known. */
export interface WorkerConfig {
  transport: 'raw' | 'net';
  inFlight: number;
  /** This worker's share of the rate (connections/s); 0 = unlimited. */
  rate: number;
  tickMs: number;
  /** SharedArrayBuffer of Float64 counters, COUNTERS_PER_WORKER per worker. */
  counters: SharedArrayBuffer;
  index: number;
}

/** Float64 counters each worker publishes: probes sent, in flight, ports taken from its queue. */
export const COUNTERS_PER_WORKER = 3;
/** Offsets of the counters. */
export const C_SENT = 0;
export const C_IN_FLIGHT = 1;
export const C_TAKEN = 2;

/** Engine → worker: `init` first, exactly once. */
export type ToWorker = { t: 'init'; config: WorkerConfig } | ({ t: 'batch' } & LoopBatch) | { t: 'stop' };

/** Worker → engine. */
export type FromWorker =
  | { t: 'ready'; transport: 'raw' | 'net' }
  | ({ t: 'result' } & LoopResult)
  /** The worker's queue ran dry: send more if there is any. */
  | { t: 'drained' };
