/**
 * TLS handshakes with settings that reach old and weak servers (STACK.md: TLS 1.0/1.1,
 * SECLEVEL 0, no verification — we judge the certificate ourselves), and the per-version
 * sweep that fills `supportedProtocols`. Each handshake has its own deadline.
 */
import type { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { connect as tlsConnect, type SecureVersion, type TLSSocket } from 'node:tls';
import { Conn } from './conn.ts';
import { addNote, openTcp, track, type Ctx } from './context.ts';

/** A completed handshake: the encrypted connection and what was negotiated. */
export interface TlsOk {
  conn: Conn;
  protocol: string;
  cipher: string;
  cert?: X509Certificate;
}

/** Protocol versions offered one at a time by the sweep. */
export const TLS_VERSIONS: SecureVersion[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

/**
 * Runs a TLS client handshake over an open, unused plaintext connection. The raw connection
 * is handed to TLS (detached); on failure it is closed. Never throws.
 */
export async function tlsHandshake(ctx: Ctx, raw: Conn, versions?: { min: SecureVersion; max: SecureVersion }): Promise<TlsOk | { error: string }> {
  if (raw.data().length > 0) return { error: 'server spoke before the handshake' };
  if (raw.closed) return { error: 'connection closed before the handshake' };
  const socket = raw.detach();
  const host = ctx.opts.hostname;
  let tlsSocket: TLSSocket;
  try {
    tlsSocket = tlsConnect({
      socket,
      rejectUnauthorized: false,
      minVersion: versions?.min ?? 'TLSv1',
      maxVersion: versions?.max ?? 'TLSv1.3',
      ciphers: 'DEFAULT:@SECLEVEL=0',
      // RFC 6066 §3: SNI carries host names only, never address literals.
      ...(host && isIP(host) === 0 ? { servername: host } : {}),
    });
  } catch (e) {
    raw.close();
    return { error: e instanceof Error ? e.message : String(e) };
  }
  tlsSocket.on('error', () => { /* reported through the handshake promise or the Conn */ });
  const outcome = await new Promise<TlsOk | { error: string }>((resolve) => {
    const timer = setTimeout(() => resolve({ error: 'TLS handshake timed out' }), ctx.deadline.cap(ctx.opts.readTimeoutMs));
    tlsSocket.once('secureConnect', () => {
      clearTimeout(timer);
      const conn = track(ctx, new Conn(tlsSocket, ctx.opts.maxBytes, ctx.deadline));
      const c = tlsSocket.getCipher();
      resolve({ conn, protocol: tlsSocket.getProtocol() ?? 'unknown', cipher: c.standardName || c.name, cert: tlsSocket.getPeerX509Certificate() });
    });
    tlsSocket.once('error', (e: Error & { code?: string }) => { clearTimeout(timer); resolve({ error: tlsError(e) }); });
    tlsSocket.once('close', () => { clearTimeout(timer); resolve({ error: 'connection closed during the TLS handshake' }); });
  });
  if ('error' in outcome) {
    tlsSocket.destroy();
    raw.close();
  }
  return outcome;
}

function tlsError(e: Error & { code?: string; reason?: string }): string {
  if (e.code === 'ECONNRESET') return 'connection reset during the TLS handshake';
  const reason = e.reason ?? e.message.replace(/^.*routines:/, '').replace(/:\.\.\/.*$/, '');
  return `TLS handshake failed: ${reason}`.slice(0, 200);
}

/** Offers each TLS version alone, in parallel, each on its own connection and deadline. */
export async function sweepTlsVersions(ctx: Ctx): Promise<string[]> {
  const results = await Promise.all(TLS_VERSIONS.map(async (v) => {
    const raw = await openTcp(ctx);
    if (!raw) return undefined;
    const r = await tlsHandshake(ctx, raw, { min: v, max: v });
    if ('error' in r) return undefined;
    r.conn.close();
    return r.protocol === v ? v : undefined;
  }));
  const ok = results.filter((v): v is SecureVersion => v !== undefined);
  if (ok.length === 0 && ctx.deadline.expired) addNote(ctx, 'TLS version sweep cut short by the total deadline');
  return ok;
}
