/**
 * `tls-certificate`: judges the certificate service detection already read
 * (ServiceResult.tls.certificate): expired, not yet valid, self-signed, host name mismatch
 * (RFC 6125), weak key, SHA-1/MD5 signature. No network I/O on implicit TLS: the evidence is
 * reused. On a plaintext service that advertised STARTTLS (detection saw no certificate) it
 * upgrades, completes one handshake to read the certificate (`starttls.ts`), and the proofs
 * say which upgrade showed it.
 */
import { isIP } from 'node:net';
import type { ActiveCheck, Finding } from '../types.ts';
import type { HostResult, ServiceResult, TlsInfo } from '../../types.ts';
import { findingOf } from '../vuln-def.ts';
import { TLS_CERT_DEFS as D } from './tls-defs.ts';
import { certificateInfo } from '../../service/tls-cert.ts';
import { openStarttls, tlsOver, upgradeOf } from './starttls.ts';
import { starttlsProtocolOf, starttlsVia, withVia } from './starttls-dialogue.ts';

/** Evidence: the certificate summary, the names the host is known by, and the time of judgement. */
export interface CertEvidence {
  cert: NonNullable<TlsInfo['certificate']>;
  names: string[];
  now: number;
  /** The STARTTLS upgrade the certificate was read through; absent when detection's evidence was used. */
  via?: string;
}

/** RFC 6125 §6.4.3: `*.example.com` matches one left-most label only. */
export function nameMatches(pattern: string, name: string): boolean {
  const p = pattern.toLowerCase().replace(/\.$/, '');
  const n = name.toLowerCase().replace(/\.$/, '');
  if (!p.startsWith('*.')) return p === n;
  const rest = p.slice(2);
  const dot = n.indexOf('.');
  return dot > 0 && n.slice(dot + 1) === rest;
}

/** True when some SAN (or, without DNS SANs, the CN) covers one of `names`. */
export function certCoversAny(cert: CertEvidence['cert'], names: string[]): boolean {
  const dns = cert.subjectAltNames.filter((s) => s.startsWith('DNS:')).map((s) => s.slice(4));
  const ips = cert.subjectAltNames.filter((s) => s.startsWith('IP Address:')).map((s) => s.slice(11).toLowerCase());
  const cn = /(?:^|,)CN=((?:[^,\\]|\\.)*)/.exec(cert.subject)?.[1];
  const patterns = dns.length > 0 ? dns : cn ? [cn] : [];
  return names.some((n) => (isIP(n) ? ips.includes(n.toLowerCase()) : patterns.some((p) => nameMatches(p, n))));
}

const WEAK_SIG = /sha1|md5|md2/i;

/** Pure verdict on a certificate. */
export function evaluateCertificate(e: CertEvidence, s: Pick<ServiceResult, 'port' | 'protocol'>): Finding[] {
  const c = e.cert;
  const out: Finding[] = [];
  const id = 'tls-certificate';
  const finding = (def: Parameters<typeof findingOf>[0], proof: string, o: Parameters<typeof findingOf>[4] = {}): Finding => findingOf(def, s, id, withVia(proof, e.via), o);
  const from = Date.parse(c.validFrom);
  const to = Date.parse(c.validTo);
  if (Number.isFinite(to) && to < e.now) out.push(finding(D.expired, `notAfter ${c.validTo} (subject ${c.subject})`));
  if (Number.isFinite(from) && from > e.now) out.push(finding(D.notYetValid, `notBefore ${c.validFrom} (subject ${c.subject})`));
  if (c.selfSigned) out.push(finding(D.selfSigned, `issuer equals subject ${c.subject} and the signature verifies with the certificate's own key`));
  if (e.names.length > 0 && !certCoversAny(c, e.names)) {
    // Known only by address, a DNS-only certificate may still be right for the name clients use: say so.
    const byAddressOnly = e.names.every((n) => isIP(n) !== 0);
    out.push(finding(D.wrongHost, `scanned as ${e.names.join(', ')}; certificate names: ${c.subjectAltNames.join(', ') || c.subject}`,
      byAddressOnly ? { confidence: 'medium' } : {}));
  }
  const minBits = c.keyType === 'ec' ? 224 : c.keyType === 'rsa' || c.keyType === 'dsa' || c.keyType === 'rsa-pss' ? 2048 : 0;
  if (c.keyBits !== undefined && c.keyBits < minBits) out.push(finding(D.weakKey, `${c.keyType} key of ${c.keyBits} bits`));
  if (c.signatureAlgorithm && WEAK_SIG.test(c.signatureAlgorithm)) out.push(finding(D.sha1, `signature algorithm ${c.signatureAlgorithm}`));
  return out;
}

/** Names a certificate for `host` should cover: its host names and its address. */
export function hostNames(host: Pick<HostResult, 'address' | 'hostnames'>): string[] {
  return [...host.hostnames, host.address];
}

/** The certificate check. */
export const tlsCertificate: ActiveCheck<CertEvidence> = {
  meta: { id: 'tls-certificate', title: 'TLS certificate problems', categories: ['safe'], services: [], reports: Object.values(D).map((d) => d.id) },
  appliesTo: (s) => s.tls?.certificate !== undefined || starttlsProtocolOf(s) !== undefined,
  async run(ctx) {
    const cert = ctx.service.tls?.certificate;
    const proto = upgradeOf(ctx);
    // Detection reads the certificate behind PostgreSQL's SSLRequest itself: reused, and the proof says how it was seen.
    if (cert) return { cert, names: hostNames(ctx.host), now: Date.now(), ...(proto ? { via: starttlsVia(proto, ctx.service.port) } : {}) };
    if (!proto) throw new Error('no certificate in the service evidence');
    const shown = await tlsOver(ctx, await openStarttls(ctx, proto));
    if (!shown.cert) throw new Error(`${starttlsVia(proto, ctx.service.port)}: the handshake completed without a server certificate`);
    return { cert: certificateInfo(shown.cert), names: hostNames(ctx.host), now: Date.now(), via: starttlsVia(proto, ctx.service.port) };
  },
  evaluate: (e, s) => evaluateCertificate(e, s),
};
