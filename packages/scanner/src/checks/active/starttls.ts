/**
 * The STARTTLS upgrade the TLS checks run over (issue 5). `openForHello` gives a connection
 * positioned where a ClientHello goes: at once on an implicit-TLS port, after the plaintext
 * dialogue of `starttls-dialogue.ts` on a service that advertised STARTTLS. Every connect
 * goes through `ctx.net` (scope guard, byte cap, the check's deadline); each step of the
 * dialogue gets at most one read timeout in total — a dripping server cannot stretch it —
 * and at most STEP_MAX_BYTES. `tlsOver` completes a real handshake on such a connection to
 * read the certificate.
 */
import type { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { Conn } from '../../service/conn.ts';
import type { CheckContext } from '../types.ts';
import { STARTTLS_DIALOGUES, STEP_MAX_BYTES, starttlsProtocolOf, starttlsVia, type StarttlsProtocol } from './starttls-dialogue.ts';

/** The plaintext dialogue failed: the server refused, garbled, dripped or ignored the upgrade. The check reports nothing. */
export class StarttlsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StarttlsError';
  }
}

/**
 * Reads until `done`, the step's time (`ms` in total, not per chunk) runs out, the answer
 * passes STEP_MAX_BYTES, or the peer closes; takes what arrived.
 */
export async function readStep(conn: Conn, done: (d: Buffer) => boolean, ms: number): Promise<Buffer> {
  const until = Date.now() + ms;
  for (let i = 0; i < 10_000; i++) {
    // Judged before every wait: a complete answer may already be buffered.
    const d = conn.data();
    if (d.length > STEP_MAX_BYTES || (d.length > 0 && safe(done, d))) break;
    const left = until - Date.now();
    if (left <= 0 || conn.closed || conn.capped) break;
    const end = await conn.wait((x) => x.length > d.length, { firstMs: left });
    if (end !== 'match') break;
  }
  return conn.consume();
}

function safe(done: (d: Buffer) => boolean, d: Buffer): boolean {
  try {
    return done(d);
  } catch {
    return false;
  }
}

/** Connects and runs the dialogue of `proto`; the returned connection has consumed every plaintext byte. Throws StarttlsError. */
export async function openStarttls(ctx: CheckContext, proto: StarttlsProtocol): Promise<Conn> {
  const conn = await ctx.net.connect({ tls: false });
  const where = starttlsVia(proto, ctx.service.port);
  try {
    for (const step of STARTTLS_DIALOGUES[proto]) {
      if (step.send !== undefined) conn.write(step.send);
      const answer = await readStep(conn, step.done, ctx.net.readTimeoutMs);
      if (ctx.signal.aborted) throw new StarttlsError(`${where}: check deadline reached during ${step.what}`);
      if (answer.length > STEP_MAX_BYTES) throw new StarttlsError(`${where}: ${step.what} answer passed ${STEP_MAX_BYTES} bytes`);
      const why = answer.length === 0
        ? (conn.closed ? `connection closed before the ${step.what} answer` : `no answer to ${step.what} within ${ctx.net.readTimeoutMs} ms`)
        : step.refuse(answer);
      if (why !== undefined) throw new StarttlsError(`${where}: ${why}`);
    }
    if (conn.closed) throw new StarttlsError(`${where}: connection closed after the upgrade was granted`);
    return conn;
  } catch (e) {
    conn.close();
    throw e;
  }
}

/** The STARTTLS protocol the TLS checks use on this service, or undefined on implicit-TLS (and non-TLS) services. */
export function upgradeOf(ctx: CheckContext): StarttlsProtocol | undefined {
  return ctx.service.tunnel === 'ssl' ? undefined : starttlsProtocolOf(ctx.service);
}

/** `SMTP STARTTLS on port 587` when the checks go through an upgrade; undefined on implicit TLS. */
export function viaOf(ctx: CheckContext): string | undefined {
  const proto = upgradeOf(ctx);
  return proto ? starttlsVia(proto, ctx.service.port) : undefined;
}

/** A plaintext connection where the next bytes sent are a ClientHello (after STARTTLS when the service needs it). */
export function openForHello(ctx: CheckContext): Promise<Conn> {
  const proto = upgradeOf(ctx);
  return proto ? openStarttls(ctx, proto) : ctx.net.connect({ tls: false });
}

/** What a completed handshake showed. */
export interface TlsOverResult {
  protocol: string;
  cipher: string;
  cert?: X509Certificate;
}

/**
 * Completes a TLS client handshake on `raw` (permissive like detection: TLS 1.0–1.3,
 * SECLEVEL 0, no verification — the certificate is judged by the check), bounded by one read
 * timeout and the check's signal; closes everything before returning. Throws on failure.
 */
export async function tlsOver(ctx: CheckContext, raw: Conn): Promise<TlsOverResult> {
  const socket = raw.detach();
  const host = ctx.net.hostName;
  const secure = tlsConnect({
    socket, rejectUnauthorized: false, minVersion: 'TLSv1', maxVersion: 'TLSv1.3', ciphers: 'DEFAULT:@SECLEVEL=0',
    // RFC 6066 §3: SNI carries host names only, never address literals.
    ...(isIP(host) === 0 ? { servername: host } : {}),
  });
  secure.on('error', () => undefined);
  const onAbort = (): void => { secure.destroy(); };
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await new Promise<TlsOverResult>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`TLS handshake timed out after ${ctx.net.readTimeoutMs} ms`)), ctx.net.readTimeoutMs);
      secure.once('secureConnect', () => {
        clearTimeout(timer);
        const c = secure.getCipher();
        resolve({ protocol: secure.getProtocol() ?? 'unknown', cipher: c.standardName || c.name, cert: secure.getPeerX509Certificate() });
      });
      secure.once('error', (e: Error & { code?: string; reason?: string }) => { clearTimeout(timer); reject(new Error(`TLS handshake failed: ${(e.reason ?? e.code ?? e.message).slice(0, 160)}`)); });
      secure.once('close', () => { clearTimeout(timer); reject(new Error('connection closed during the TLS handshake')); });
    });
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    secure.destroy();
    raw.close();
  }
}
