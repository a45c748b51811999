/**
 * What the engine needs from a set of connect loops, whatever runs them: worker threads
 * (worker-pool.ts) or native helper processes (native-pool.ts).
 */
import type { LoopBatch } from './connect-loop.ts';

/** The socket path a pool's loops use. */
export type ProbeTransport = 'raw' | 'net' | 'native';

/** A fixed set of connect loops fed batches by index. */
export interface ProbePool {
  /** Number of loops. */
  readonly size: number;
  /** The socket path in use. */
  readonly transport: ProbeTransport;
  /** Ports sent to loop `i` that it has not started yet (as far as the pool knows). */
  unstarted(i: number): number;
  /** Sends a batch to loop `i`; the ports array must not be changed afterwards. */
  send(i: number, batch: LoopBatch): void;
  /** Probes sent and in flight, summed over the loops. */
  counters(): { sent: number; inFlight: number };
  /** Lets the process exit while the pool is idle (false) or keeps it alive (true). */
  setReferenced(ref: boolean): void;
  /** Stops every loop; idempotent. */
  close(): Promise<void>;
}
