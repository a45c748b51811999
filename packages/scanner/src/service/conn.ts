/**
 * The one socket wrapper of service detection: every read is capped (`maxBytes`, the socket
 * is destroyed when a flood passes it) and every wait ends at an idle timeout or the port's
 * hard deadline, whichever comes first.
 */
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';

/** A hard point in time after which nothing more is attempted for a port. */
export class Deadline {
  readonly at: number;
  constructor(ms: number) {
    this.at = Date.now() + ms;
  }
  /** Milliseconds left, never negative. */
  remaining(): number {
    return Math.max(0, this.at - Date.now());
  }
  get expired(): boolean {
    return this.remaining() <= 0;
  }
  /** `ms`, shortened so it ends no later than the deadline. */
  cap(ms: number): number {
    return Math.min(ms, this.remaining());
  }
}

/** Why a wait ended. */
export type WaitEnd = 'match' | 'idle' | 'closed' | 'cap' | 'deadline';

/** Wait tuning: `firstMs` until the first new byte, then `idleMs` between chunks. */
export interface WaitTimes {
  firstMs: number;
  idleMs?: number;
}

/** A connected socket with a capped receive buffer. */
export class Conn {
  readonly socket: Socket | TLSSocket;
  readonly maxBytes: number;
  readonly deadline: Deadline;
  closed = false;
  capped = false;
  /** Socket error code (`ECONNRESET`, …) when the socket failed. */
  error?: string;
  bytesSent = 0;
  private chunks: Buffer[] = [];
  private size = 0;
  private joined?: Buffer;
  private wake?: () => void;
  private readonly onData = (chunk: Buffer): void => this.push(chunk);
  private readonly onEnd = (): void => this.finish();
  private readonly onError = (e: Error & { code?: string }): void => {
    this.error ??= e.code ?? e.message;
    this.finish();
  };

  constructor(socket: Socket | TLSSocket, maxBytes: number, deadline: Deadline) {
    this.socket = socket;
    this.maxBytes = maxBytes;
    this.deadline = deadline;
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('close', this.onEnd);
    socket.on('error', this.onError);
  }

  /** Everything received since the last consume (at most maxBytes). */
  data(): Buffer {
    if (!this.joined) this.joined = Buffer.concat(this.chunks, this.size);
    return this.joined;
  }

  /** Drops the first `n` bytes (all when omitted) and restarts the per-probe cap. */
  consume(n?: number): Buffer {
    const all = this.data();
    const taken = all.subarray(0, n ?? all.length);
    const rest = all.subarray(taken.length);
    this.chunks = rest.length > 0 ? [Buffer.from(rest)] : [];
    this.size = rest.length;
    this.joined = undefined;
    return taken;
  }

  /** Writes unless closed; write errors surface through `error`. */
  write(data: Buffer | string): void {
    if (this.closed || this.socket.destroyed) return;
    const b = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
    this.bytesSent += b.length;
    this.socket.write(b);
  }

  /**
   * Waits until `done(data)` is true, the peer closes, the cap is hit, the peer stays idle
   * too long, or the deadline passes. Never rejects.
   */
  async wait(done: (data: Buffer) => boolean, times: WaitTimes): Promise<WaitEnd> {
    let gotData = false;
    for (let i = 0; i < 100_000; i++) {
      if (this.size > 0 && safePredicate(done, this.data())) return 'match';
      if (this.capped) return 'cap';
      if (this.closed) return 'closed';
      if (this.deadline.expired) return 'deadline';
      const limit = this.deadline.cap(gotData ? (times.idleMs ?? times.firstMs) : times.firstMs);
      const before = this.size;
      const woke = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => { this.wake = undefined; resolve(false); }, limit);
        this.wake = () => { clearTimeout(timer); this.wake = undefined; resolve(true); };
      });
      if (!woke) return this.deadline.expired ? 'deadline' : 'idle';
      if (this.size > before) gotData = true;
    }
    return 'deadline';
  }

  /** Stops listening without closing: for handing the raw socket to TLS. */
  detach(): Socket | TLSSocket {
    this.socket.off('data', this.onData);
    this.socket.off('end', this.onEnd);
    this.socket.off('close', this.onEnd);
    // The error listener stays: an 'error' without a listener would crash the process.
    this.wake?.();
    return this.socket;
  }

  /** Destroys the socket. */
  close(): void {
    this.closed = true;
    this.socket.destroy();
    this.wake?.();
  }

  private push(chunk: Buffer): void {
    if (this.capped) return;
    const room = this.maxBytes - this.size;
    if (chunk.length >= room) {
      this.chunks.push(chunk.subarray(0, room));
      this.size += room;
      this.capped = true;
      // A flooding peer must not make us buffer more: stop reading for good.
      this.socket.destroy();
    } else {
      this.chunks.push(chunk);
      this.size += chunk.length;
    }
    this.joined = undefined;
    this.wake?.();
  }

  private finish(): void {
    this.closed = true;
    this.wake?.();
  }
}

function safePredicate(done: (data: Buffer) => boolean, data: Buffer): boolean {
  try {
    return done(data);
  } catch {
    return false;
  }
}

/** Human-readable reason for a wait's end, for `note`. */
export function describeEnd(end: WaitEnd, conn: Conn, what: string): string {
  switch (end) {
    case 'cap': return `${what}: byte cap of ${conn.maxBytes} reached`;
    case 'idle': return `${what}: read timeout`;
    case 'deadline': return `${what}: total deadline reached`;
    case 'closed': return conn.error ? `${what}: connection ${conn.error === 'ECONNRESET' ? 'reset' : `error ${conn.error}`}` : `${what}: connection closed by peer`;
    case 'match': return what;
  }
}

/**
 * Wraps a probe's completion test so the wait also ends once the reply is clearly another
 * protocol's: `plausible` is false for the first bytes, and a line or 16 bytes arrived
 * (enough for the classifier). Saves a read timeout on every wrong guess.
 */
export function orForeign(done: (d: Buffer) => boolean, plausible: (d: Buffer) => boolean): (d: Buffer) => boolean {
  return (d) => done(d) || (d.length > 0 && !plausible(d) && (d.includes(0x0a) || d.length >= 16));
}

/** True when `d` could still be the start of `prefix` (or starts with it). */
export function prefixOk(d: Buffer, prefix: string): boolean {
  const n = Math.min(d.length, prefix.length);
  return d.toString('latin1', 0, n) === prefix.slice(0, n);
}
