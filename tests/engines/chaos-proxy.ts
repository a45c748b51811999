/**
 * A TCP proxy for chaos tests between an engine and a console (both on loopback; the proxy on
 * 127.9.x.y). Modes, switchable at any time:
 * - `pass`: forward bytes both ways;
 * - `delay`: forward each chunk after `delayMs`;
 * - `drop`: forward, but reset a connection once it has carried a random number of bytes
 *   (seeded PRNG, so a run is reproducible);
 * - `blackhole`: accept and read, forward nothing (peers see silence, not an error).
 * `resetAll()` sends RST on every open connection. Everything is bounded: connections, bytes
 * queued per direction, lifetime; `close()` ends it all.
 */
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';

/** A chaos mode. */
export type ChaosMode = 'pass' | 'delay' | 'drop' | 'blackhole';

/** Options of the proxy. */
export interface ChaosProxyOptions {
  listenHost: string;
  targetHost: string;
  targetPort: number;
  /** PRNG seed for drop points (default 1). */
  seed?: number;
  /** Delay per chunk in `delay` mode (default 200 ms). */
  delayMs?: number;
  /** Bytes after which a connection is reset in `drop` mode: uniform in [min, max] (default 2 KiB–64 KiB). */
  dropAfterBytes?: [number, number];
  maxConnections?: number;
  /** Most bytes held for one direction before that side is paused (default 8 MiB). */
  maxQueuedBytes?: number;
  /** Closes itself after this long (default 20 minutes). */
  lifetimeMs?: number;
}

/** Counters for the report. */
export interface ChaosStats { connections: number; resets: number; drops: number; bytes: number; blackholed: number }

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** A running chaos proxy. */
export class ChaosProxy {
  readonly #o: ChaosProxyOptions;
  readonly #server: Server;
  readonly #pairs = new Set<{ a: Socket; b: Socket }>();
  readonly #rand: () => number;
  readonly #timer: NodeJS.Timeout;
  mode: ChaosMode = 'pass';
  readonly stats: ChaosStats = { connections: 0, resets: 0, drops: 0, bytes: 0, blackholed: 0 };

  private constructor(o: ChaosProxyOptions) {
    this.#o = o;
    this.#rand = prng(o.seed ?? 1);
    this.#server = createServer((a) => this.#accept(a));
    this.#server.maxConnections = o.maxConnections ?? 64;
    this.#timer = setTimeout(() => { void this.close(); }, o.lifetimeMs ?? 20 * 60_000);
    this.#timer.unref();
  }

  /** Starts listening on `listenHost` port 0. */
  static async start(o: ChaosProxyOptions): Promise<ChaosProxy> {
    const p = new ChaosProxy(o);
    await new Promise<void>((resolve, reject) => { p.#server.once('error', reject); p.#server.listen(0, o.listenHost, () => resolve()); });
    return p;
  }

  /** The port it listens on. */
  get port(): number { return (this.#server.address() as AddressInfo).port; }

  /** Open connections. */
  get open(): number { return this.#pairs.size; }

  /** Switches mode; leaving `blackhole` resets the silenced connections so both sides reconnect. */
  setMode(mode: ChaosMode): void {
    if (this.mode === 'blackhole' && mode !== 'blackhole') this.resetAll();
    this.mode = mode;
  }

  /** Sends RST on every open connection. */
  resetAll(): void {
    for (const p of [...this.#pairs]) this.#reset(p);
  }

  /** Stops listening and resets everything. */
  async close(): Promise<void> {
    clearTimeout(this.#timer);
    this.resetAll();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #reset(p: { a: Socket; b: Socket }): void {
    if (!this.#pairs.delete(p)) return;
    this.stats.resets++;
    for (const s of [p.a, p.b]) if (!s.destroyed) s.resetAndDestroy();
  }

  #accept(a: Socket): void {
    this.stats.connections++;
    const b = connect({ host: this.#o.targetHost, port: this.#o.targetPort });
    const pair = { a, b };
    this.#pairs.add(pair);
    const [lo, hi] = this.#o.dropAfterBytes ?? [2048, 65536];
    let budget = lo + Math.floor(this.#rand() * (hi - lo + 1));
    const end = (): void => { if (this.#pairs.delete(pair)) { a.destroy(); b.destroy(); } };
    for (const s of [a, b]) { s.on('error', end); s.on('close', end); }
    const pipe = (from: Socket, to: Socket): void => {
      let queued = 0;
      from.on('data', (chunk: Buffer) => {
        if (this.mode === 'blackhole') { this.stats.blackholed += chunk.length; return; }
        if (this.mode === 'drop') {
          budget -= chunk.length;
          if (budget <= 0) { this.stats.drops++; this.#reset(pair); return; }
        }
        this.stats.bytes += chunk.length;
        const write = (): void => {
          queued -= chunk.length;
          if (!to.destroyed) to.write(chunk);
          if (queued < (this.#o.maxQueuedBytes ?? 8 << 20)) from.resume();
        };
        queued += chunk.length;
        if (queued >= (this.#o.maxQueuedBytes ?? 8 << 20)) from.pause();
        if (this.mode === 'delay') setTimeout(write, this.#o.delayMs ?? 200).unref();
        else write();
      });
    };
    pipe(a, b);
    pipe(b, a);
  }
}
