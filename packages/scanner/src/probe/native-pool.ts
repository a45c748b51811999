/**
 * Connect loops in native helper processes (packages/scanner/native/farsight-probe.c), one
 * per "worker", spoken to over stdin/stdout pipes (native-frames.ts). Same contract as the
 * worker-thread pool: batches in, one result per batch out. Anything wrong with a helper — it
 * cannot start, exits, is killed, or sends a frame that does not parse or answers a batch it
 * was never sent — is fatal for the pool: every helper is killed and the engine fails its
 * pending calls with PROBE_HELPER_FAILED naming the cause. Nothing waits without a bound.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { FarsightError } from '@farsight/common';
import type { LoopBatch } from './connect-loop.ts';
import { FrameReader, NATIVE_MAGIC, NATIVE_VERSION, encodeBatch, encodeInit, type HelperFrame } from './native-frames.ts';
import type { ProbePool } from './probe-pool.ts';
import type { PoolEvents } from './worker-pool.ts';

/** How the native pool is built. */
export interface NativePoolOptions {
  /** Path of the helper binary (native-helper.ts). */
  binary: string;
  helpers: number;
  inFlightPerHelper: number;
  ratePerHelper: number;
  tickMs: number;
  /** A helper asks for more work when fewer than this many of its ports are unstarted. */
  lowWater: number;
  /** A helper with batches outstanding that sends nothing for this long is stuck (default 30 s). */
  stallMs?: number;
}

/** How long close() waits for a helper to exit on end of input before killing it. */
const EXIT_GRACE_MS = 2000;
/** A working helper sends a frame at least every second while it has work (ALIVE). */
const DEFAULT_STALL_MS = 30_000;
const WATCH_EVERY_MS = 1000;

type Helper = ChildProcessByStdio<Writable, Readable, Readable>;

interface HelperState {
  child: Helper;
  reader: FrameReader;
  ready: boolean;
  dispatched: number;
  taken: number;
  sent: number;
  inFlight: number;
  /** Batches sent and not answered: their ports, to hand back with the answer. */
  batches: Map<number, Int32Array>;
  stderr: string;
  exited: Promise<void>;
  who?: () => string;
  /** When its last bytes arrived (performance.now). */
  heardAt: number;
}

/** A fixed set of native helper processes; see the file comment. */
export class NativePool implements ProbePool {
  readonly #helpers: HelperState[] = [];
  readonly #events: PoolEvents;
  #closing: Promise<void> | undefined;
  #failed = false;
  #referenced = true;
  readonly #watchdog: ReturnType<typeof setInterval>;
  #watchedAt = performance.now();

  constructor(opts: NativePoolOptions, events: PoolEvents) {
    this.#events = events;
    const stallMs = opts.stallMs ?? DEFAULT_STALL_MS;
    this.#watchdog = setInterval(() => this.#watch(stallMs), Math.min(WATCH_EVERY_MS, stallMs));
    this.#watchdog.unref();
    const init = encodeInit({ inFlight: opts.inFlightPerHelper, tickMs: opts.tickMs, maxDeferrals: 40, lowWater: opts.lowWater, rate: opts.ratePerHelper });
    for (let i = 0; i < opts.helpers; i++) this.#helpers.push(this.#start(opts.binary, i, init));
  }

  #start(binary: string, index: number, init: Buffer): HelperState {
    const child = spawn(binary, [], { stdio: ['pipe', 'pipe', 'pipe'] });
    let exitedResolve: () => void = () => undefined;
    const exited = new Promise<void>((r) => { exitedResolve = r; });
    const h: HelperState = { child, reader: new FrameReader(), ready: false, dispatched: 0, taken: 0, sent: 0, inFlight: 0, batches: new Map(), stderr: '', exited, heardAt: performance.now() };
    const who = (): string => `native probe helper ${index} (pid ${child.pid ?? '?'})`;
    child.on('error', (err) => {
      exitedResolve();
      this.#fatal(`${who()} could not run: ${err.message}; rebuild it with npm ci or scan with --probe-backend js`, err);
    });
    child.on('exit', (code, signal) => {
      exitedResolve();
      const how = signal !== null ? `was killed by ${signal}` : `exited with code ${String(code)}`;
      const detail = h.stderr.trim() === '' ? '' : `: ${h.stderr.trim().slice(-300)}`;
      this.#fatal(`${who()} ${how} during the scan${detail}; rerun the scan, or use --probe-backend js`);
    });
    child.stdin.on('error', (err) => this.#fatal(`${who()} stopped reading its input (${err.message}); use --probe-backend js`, err));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (s: string) => { h.stderr = (h.stderr + s).slice(-2000); });
    child.stdout.on('data', (chunk: Buffer) => {
      h.heardAt = performance.now();
      this.#onData(h, chunk, who);
    });
    h.who = who;
    child.stdout.on('end', () => {
      if (h.reader.pendingBytes > 0) this.#fatal(`${who()} closed its output in the middle of a frame (${h.reader.pendingBytes} bytes); use --probe-backend js`);
    });
    child.stdin.write(init);
    return h;
  }

  #onData(h: HelperState, chunk: Buffer, who: () => string): void {
    if (this.#failed || this.#closing !== undefined) return;
    let frames: HelperFrame[];
    try {
      frames = h.reader.push(chunk);
    } catch (e) {
      const err = e as FarsightError;
      this.#fatal(`${who()}: ${err.message}`, err);
      return;
    }
    for (const f of frames) {
      if (this.#failed) return;
      if (!h.ready && f.t !== 'ready') {
        this.#fatal(`${who()} did not start with READY; it is not a farsight-probe helper of this version, rebuild it with npm ci`);
        return;
      }
      switch (f.t) {
        case 'ready':
          if (h.ready || f.magic !== NATIVE_MAGIC || f.version !== NATIVE_VERSION) {
            this.#fatal(`${who()} speaks protocol ${f.magic.toString(16)}/${f.version}, not ${NATIVE_MAGIC.toString(16)}/${NATIVE_VERSION}; rebuild it with npm ci`);
            return;
          }
          h.ready = true;
          break;
        case 'error':
          this.#fatal(`${who()} rejected its input: ${f.message}`);
          return;
        case 'hungry':
          Object.assign(h, f.counters);
          this.#events.hungry();
          break;
        case 'alive':
          Object.assign(h, f.counters);
          break;
        case 'result': {
          Object.assign(h, f.counters);
          const ports = h.batches.get(f.id);
          if (ports === undefined || ports.length !== f.outcomes.length) {
            this.#fatal(`${who()} answered batch ${f.id} with ${f.outcomes.length} ports, which does not match any batch sent to it; rebuild it with npm ci or use --probe-backend js`);
            return;
          }
          h.batches.delete(f.id);
          this.#events.result({ id: f.id, ports, outcomes: f.outcomes, rttMicros: f.rttMicros });
          break;
        }
      }
    }
  }

  /**
   * A helper that has batches outstanding and has sent nothing for `stallMs` is stuck (alive but
   * not working): fatal. A late tick means this thread was stalled, and the helpers' frames may
   * be waiting unread in the pipes: then the clocks restart instead.
   */
  #watch(stallMs: number): void {
    const now = performance.now();
    const late = now - this.#watchedAt > 2 * WATCH_EVERY_MS + 1000;
    this.#watchedAt = now;
    for (const h of this.#helpers) {
      if (late || h.batches.size === 0) {
        h.heardAt = now;
        continue;
      }
      if (now - h.heardAt > stallMs) {
        this.#fatal(`${h.who?.() ?? 'native probe helper'} has sent nothing for ${Math.round((now - h.heardAt) / 1000)} s with ${h.batches.size} batch(es) outstanding; it is stuck. Rerun the scan, or use --probe-backend js`);
        return;
      }
    }
  }

  #fatal(message: string, cause?: unknown): void {
    if (this.#failed || this.#closing !== undefined) return;
    this.#failed = true;
    clearInterval(this.#watchdog);
    for (const h of this.#helpers) h.child.kill('SIGKILL');
    this.#events.fatal(new FarsightError('PROBE_HELPER_FAILED', message, cause === undefined ? undefined : { cause }));
  }

  get size(): number {
    return this.#helpers.length;
  }

  get transport(): 'native' {
    return 'native';
  }

  unstarted(i: number): number {
    const h = this.#helpers[i];
    return h === undefined ? 0 : h.dispatched - h.taken;
  }

  send(i: number, batch: LoopBatch): void {
    const h = this.#helpers[i];
    if (h === undefined || this.#closing !== undefined || this.#failed) return;
    h.dispatched += batch.ports.length;
    h.batches.set(batch.id, batch.ports);
    h.child.stdin.write(encodeBatch(batch.id, batch.address, batch.ports, batch.timeoutMs));
  }

  counters(): { sent: number; inFlight: number } {
    let sent = 0;
    let inFlight = 0;
    for (const h of this.#helpers) {
      sent += h.sent;
      inFlight += h.inFlight;
    }
    return { sent, inFlight };
  }

  setReferenced(ref: boolean): void {
    if (ref === this.#referenced) return;
    this.#referenced = ref;
    for (const { child } of this.#helpers) {
      for (const s of [child, child.stdin, child.stdout, child.stderr] as unknown as { ref(): void; unref(): void }[]) {
        if (ref) s.ref();
        else s.unref();
      }
    }
  }

  /** Ends every helper's input (it exits at once), killing any that has not exited after a grace period. */
  close(): Promise<void> {
    clearInterval(this.#watchdog);
    this.#closing ??= Promise.all(this.#helpers.map(async (h) => {
      h.inFlight = 0;
      if (h.child.exitCode === null && h.child.signalCode === null) {
        h.child.stdin.end();
        const timer = setTimeout(() => h.child.kill('SIGKILL'), EXIT_GRACE_MS);
        await h.exited;
        clearTimeout(timer);
      }
    })).then(() => undefined);
    return this.#closing;
  }
}
