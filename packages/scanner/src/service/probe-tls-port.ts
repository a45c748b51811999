/**
 * A TLS service: handshake with the permissive client, certificate summary and x509 keys,
 * the per-version sweep (in parallel with the inner detection), and the service inside.
 */
import type { Conn } from './conn.ts';
import { openTcp, type Ctx } from './context.ts';
import type { ProbeOutcome } from './probe-db.ts';
import { KEYS } from './match-keys.ts';
import { addEvidence, matchInto } from './result.ts';
import { certificateInfo } from './tls-cert.ts';
import { sweepTlsVersions, tlsHandshake } from './tls-probe.ts';

/** Detects what runs inside an established TLS connection. */
export type InnerDetect = (ctx: Ctx, tlsConn: Conn) => Promise<void>;

/** Opens a new TLS connection to the port (for the favicon and similar follow-ups). */
export async function reopenTls(ctx: Ctx): Promise<Conn | undefined> {
  const raw = await openTcp(ctx);
  if (!raw) return undefined;
  const hs = await tlsHandshake(ctx, raw);
  return 'error' in hs ? undefined : hs.conn;
}

/** Handshakes on `raw`; on success records TlsInfo, sweeps versions and runs `inner`. */
export async function probeTlsPort(ctx: Ctx, raw: Conn, inner: InnerDetect): Promise<ProbeOutcome> {
  const hs = await tlsHandshake(ctx, raw);
  if ('error' in hs) {
    ctx.tlsError = hs.error;
    return 'nothing';
  }
  const r = ctx.result;
  r.tunnel = 'ssl';
  if (r.name === 'unknown') r.name = 'ssl';
  r.tls = { protocol: hs.protocol, cipher: hs.cipher, supportedProtocols: [] };
  addEvidence(r, { probe: 'tls-handshake', key: 'tls.protocol', value: `${hs.protocol} ${hs.cipher}` });
  if (hs.cert) {
    const cert = certificateInfo(hs.cert);
    r.tls.certificate = cert;
    matchInto(r, ctx.opts.matcher, 'tls-handshake', KEYS.x509Subject, cert.subject);
    matchInto(r, ctx.opts.matcher, 'tls-handshake', KEYS.x509Issuer, cert.issuer);
  }
  const sweep = sweepTlsVersions(ctx);
  await inner(ctx, hs.conn);
  hs.conn.close();
  r.tls.supportedProtocols = await sweep;
  return 'identified';
}
