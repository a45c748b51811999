/**
 * `tls-protocol-versions`: SSL 3.0, TLS 1.0 and TLS 1.1 accepted. TLS 1.0/1.1 come from
 * service detection's per-version sweep (ServiceResult.tls.supportedProtocols, reused as
 * evidence); SSL 3.0 is asked with a raw SSLv3 ClientHello because OpenSSL 3 cannot send one.
 * On a plaintext service that advertised STARTTLS every hello goes after the upgrade
 * (`starttls.ts`), and the proofs say so.
 */
import type { ActiveCheck, CheckContext, Finding } from '../types.ts';
import type { ServiceResult } from '../../types.ts';
import { findingOf } from '../vuln-def.ts';
import { readUntil } from '../io.ts';
import { TLS_PROTOCOL_DEFS as D } from './tls-defs.ts';
import { SSLV3_CIPHERS, WIRE, clientHello, parseServerReply, replyComplete, versionName, type HelloReply } from './tls-hello.ts';
import { StarttlsError, openForHello, viaOf } from './starttls.ts';
import { starttlsProtocolOf, withVia } from './starttls-dialogue.ts';

/** Evidence: the versions accepted (from detection's sweep, or our own hellos when it has none), and the server's answer to an SSLv3 hello. */
export interface TlsProtocolEvidence {
  supported: string[];
  /** `detection` = ServiceResult.tls.supportedProtocols; `probe` = raw TLS 1.0/1.1 hellos sent by this check. */
  source?: 'detection' | 'probe';
  sslv3: HelloReply | { kind: 'closed'; reason: string };
  /** The STARTTLS upgrade the hellos went through (`SMTP STARTTLS on port 587`); absent on implicit TLS. */
  via?: string;
}

/** Suites a TLS 1.0/1.1 server commonly picks (ECDHE/RSA with AES-CBC, 3DES). */
const TLS10_CIPHERS = [0xc013, 0xc014, 0xc009, 0xc00a, 0x002f, 0x0035, 0x000a, 0x00ff];

/**
 * Sends one raw hello and parses the first answer (shared with the cipher check); on a
 * STARTTLS service after the upgrade, whose failure throws StarttlsError.
 */
export async function helloProbe(ctx: CheckContext, version: number, ciphers: number[]): Promise<HelloReply | { kind: 'closed'; reason: string }> {
  const conn = await openForHello(ctx);
  try {
    conn.write(clientHello(version, ciphers, /^[\d.:]+$/.test(ctx.net.hostName) ? undefined : ctx.net.hostName));
    const data = await readUntil(conn, replyComplete, ctx.net.readTimeoutMs);
    if (data.length === 0) return { kind: 'closed', reason: conn.error ?? (conn.closed ? 'closed without answer' : 'no answer') };
    return parseServerReply(data);
  } finally {
    conn.close();
  }
}

/** Pure verdict on TLS protocol evidence. */
export function evaluateTlsProtocols(e: TlsProtocolEvidence, s: Pick<ServiceResult, 'port' | 'protocol'>): Finding[] {
  const out: Finding[] = [];
  const id = 'tls-protocol-versions';
  if (e.sslv3.kind === 'server-hello' && e.sslv3.version === WIRE.SSLv3) {
    out.push(findingOf(D.sslv3, s, id, withVia(`ServerHello version SSLv3 (0x0300), cipher 0x${e.sslv3.cipher.toString(16).padStart(4, '0')}, in answer to an SSLv3-only ClientHello`, e.via)));
  }
  const how = e.source === 'probe' ? 'ServerHello answered a hello' : 'handshake completed';
  if (e.supported.includes('TLSv1')) out.push(findingOf(D.tls10, s, id, withVia(`${how} with TLS 1.0 offered alone (versions accepted: ${e.supported.join(', ')})`, e.via)));
  if (e.supported.includes('TLSv1.1')) out.push(findingOf(D.tls11, s, id, withVia(`${how} with TLS 1.1 offered alone (versions accepted: ${e.supported.join(', ')})`, e.via)));
  return out;
}

/** The TLS protocol version check. */
export const tlsProtocolVersions: ActiveCheck<TlsProtocolEvidence> = {
  meta: { id: 'tls-protocol-versions', title: 'SSL 3.0 / TLS 1.0 / TLS 1.1 accepted', categories: ['safe'], services: [], reports: Object.values(D).map((d) => d.id) },
  appliesTo: (s) => (s.tunnel === 'ssl' && s.protocol === 'tcp') || starttlsProtocolOf(s) !== undefined,
  async run(ctx) {
    const via = viaOf(ctx);
    // Detection's sweep ran over implicit TLS only; behind STARTTLS the check asks itself.
    const detected = via ? [] : ctx.service.tls?.supportedProtocols ?? [];
    let upgraded = 0;
    const ask = async (version: number, ciphers: number[]): Promise<TlsProtocolEvidence['sslv3']> => {
      try {
        const r = await helloProbe(ctx, version, ciphers);
        upgraded++;
        return r;
      } catch (e) {
        // A first upgrade refused or garbled ends the check (every later hello would meet the
        // same); a later failure only leaves that version unproven.
        if (e instanceof StarttlsError && upgraded === 0) throw e;
        return { kind: 'closed', reason: e instanceof Error ? e.message : String(e) };
      }
    };
    const sslv3 = await ask(WIRE.SSLv3, SSLV3_CIPHERS);
    if (detected.length > 0) return { supported: [...detected], source: 'detection', sslv3 };
    // Detection's sweep was cut short (deadline, busy server): ask TLS 1.0 and 1.1 ourselves.
    const supported: string[] = [];
    for (const v of ['TLSv1', 'TLSv1.1'] as const) {
      const r = await ask(WIRE[v], TLS10_CIPHERS);
      if (r.kind === 'server-hello' && r.version === WIRE[v]) supported.push(v);
    }
    return { supported, source: 'probe', sslv3, ...(via ? { via } : {}) };
  },
  evaluate: (e, s) => evaluateTlsProtocols(e, s),
};

/** For proofs and tests: the version name a reply negotiated. */
export function negotiated(r: HelloReply | { kind: 'closed' }): string | undefined {
  return r.kind === 'server-hello' ? versionName(r.version) : undefined;
}
