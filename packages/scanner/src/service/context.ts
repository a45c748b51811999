/**
 * Per-port detection state: options, the hard deadline, the result being filled, and every
 * connection opened (so the deadline can close them all). Connecting goes through openTcp,
 * which asks `assertInScope` first, every time.
 */
import { connect, isIP } from 'node:net';
import type { ServiceResult } from '../types.ts';
import { Conn, Deadline } from './conn.ts';
import type { ResolvedOptions } from './options.ts';

/** Raw bytes one probe received, kept for the nmap fallback. */
export interface RawResponse {
  /** nmap probe name the bytes answer: `NULL` (banner), `GetRequest`, … */
  probe: string;
  data: Buffer;
}

/** Everything one detection run shares. */
export interface Ctx {
  address: string;
  port: number;
  opts: ResolvedOptions;
  deadline: Deadline;
  result: ServiceResult;
  conns: Set<Conn>;
  notes: string[];
  raw: RawResponse[];
  /** Shared by a context and its forks: the connection budget and the stop flag. */
  shared: { connects: number; stopped: boolean };
  /** The last TLS handshake failure, reported when nothing else identified the port. */
  tlsError?: string;
  /** Error code of the last failed connect (`ECONNREFUSED`, `ECONNRESET`, …). */
  connectError?: string;
}

/** At most this many connections per port, whatever the probe order says. */
export const MAX_CONNECTS = 16;

/** Fresh context for one TCP port. */
export function createCtx(address: string, port: number, opts: ResolvedOptions): Ctx {
  return {
    address, port, opts,
    // Waits end a little before the hard stop, so what was read is still classified in time.
    deadline: new Deadline(opts.totalTimeoutMs - Math.min(200, Math.floor(opts.totalTimeoutMs / 10))),
    result: { port, protocol: 'tcp', state: 'open', name: 'unknown', evidence: [] },
    conns: new Set(), notes: [], raw: [], shared: { connects: 0, stopped: false },
  };
}

/**
 * A context for one of several probes run in parallel: same target, deadline, connections
 * and budget, but its own result and notes, so only the winner's findings are kept.
 */
export function forkCtx(ctx: Ctx): Ctx {
  return { ...ctx, result: { ...ctx.result, evidence: [] }, notes: [], tlsError: undefined };
}

/** Takes over a fork's result, notes and TLS error. */
export function adopt(ctx: Ctx, fork: Ctx): void {
  Object.assign(ctx.result, fork.result);
  for (const n of fork.notes) addNote(ctx, n);
  ctx.tlsError ??= fork.tlsError;
}

/** Stops the context and its forks: no new connections, every open one closed. */
export function stop(ctx: Ctx): void {
  ctx.shared.stopped = true;
  closeAll(ctx);
}

/** Adds a reason to the result's note (deduplicated, bounded). */
export function addNote(ctx: Ctx, note: string): void {
  if (!ctx.notes.includes(note) && ctx.notes.length < 8) ctx.notes.push(note);
}

/** Keeps the bytes a probe got, for the nmap fallback (bounded count). */
export function keepRaw(ctx: Ctx, probe: string, data: Buffer): void {
  if (data.length > 0 && ctx.raw.length < 8) ctx.raw.push({ probe, data: Buffer.from(data) });
}

/**
 * Opens a TCP connection to the context's address and port. Returns undefined (with a note)
 * when out of scope, past the deadline, refused or timed out. Never throws.
 */
export async function openTcp(ctx: Ctx): Promise<Conn | undefined> {
  if (ctx.shared.stopped) return undefined;
  if (ctx.deadline.expired) { addNote(ctx, 'total deadline reached'); return undefined; }
  if (ctx.shared.connects >= MAX_CONNECTS) { addNote(ctx, `connection budget of ${MAX_CONNECTS} used up`); return undefined; }
  if (isIP(ctx.address) === 0) { addNote(ctx, `not an IP address: ${ctx.address}; resolve it before detection`); return undefined; }
  try {
    ctx.opts.assertInScope(ctx.address);
  } catch (e) {
    addNote(ctx, `not connecting: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
  ctx.shared.connects++;
  const socket = connect({ host: ctx.address, port: ctx.port, noDelay: true });
  const conn = new Conn(socket, ctx.opts.maxBytes, ctx.deadline);
  ctx.conns.add(conn);
  socket.once('close', () => ctx.conns.delete(conn));
  const ok = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), ctx.deadline.cap(ctx.opts.connectTimeoutMs));
    socket.once('connect', () => { clearTimeout(timer); resolve(true); });
    socket.once('error', () => { clearTimeout(timer); resolve(false); });
  });
  if (!ok || ctx.shared.stopped) {
    ctx.connectError = conn.error ?? 'ETIMEDOUT';
    if (!ctx.shared.stopped) addNote(ctx, conn.error ? `connect failed: ${conn.error}` : 'connect timed out');
    conn.close();
    return undefined;
  }
  return conn;
}

/** Registers a connection made elsewhere (a TLS wrapper) so the deadline closes it too. */
export function track(ctx: Ctx, conn: Conn): Conn {
  ctx.conns.add(conn);
  conn.socket.once('close', () => ctx.conns.delete(conn));
  return conn;
}

/** Closes every connection of the context. */
export function closeAll(ctx: Ctx): void {
  for (const c of [...ctx.conns]) c.close();
  ctx.conns.clear();
}
