/**
 * Judging a console's certificate chain ourselves (TLS runs with rejectUnauthorized off so an
 * unknown console can be recorded, or an impostor refused, without sending anything). The
 * chain must end in a self-signed CA (the console's engine CA) whose fingerprint, when one is
 * pinned, is the pinned one, and every link must carry a real signature of the next: a
 * certificate that merely *names* the pinned CA as its issuer fails `verify`.
 */
import { X509Certificate } from 'node:crypto';
import type { PeerCertificate, DetailedPeerCertificate } from 'node:tls';

/** The verdict on a console's chain. */
export type ChainVerdict = { ok: true; caFingerprint: string; caPem: string } | { ok: false; reason: string };

/** Normalises a fingerprint to AA:BB:… upper case (accepts plain hex too). */
export function normalizeFingerprint(fp: string): string {
  const hex = fp.replace(/[:\s]/g, '').toUpperCase();
  return /^[0-9A-F]{64}$/.test(hex) ? (hex.match(/../g) ?? []).join(':') : fp.trim().toUpperCase();
}

/** DER certificates of a peer chain, leaf first (from getPeerCertificate(true)), at most 5. */
export function chainOf(peer: PeerCertificate | DetailedPeerCertificate | undefined): Buffer[] {
  const out: Buffer[] = [];
  let c = peer as DetailedPeerCertificate | undefined;
  while (c?.raw && out.length < 5) {
    if (out.some((b) => b.equals(c?.raw as Buffer))) break;
    out.push(c.raw);
    c = c.issuerCertificate;
  }
  return out;
}

function valid(c: X509Certificate, now: number): boolean {
  return Date.parse(c.validFrom) <= now && now <= Date.parse(c.validTo);
}

/** Verifies a chain (leaf first) against a pinned CA fingerprint, or against none (first contact: only self-consistency). */
export function verifyConsoleChain(ders: readonly Buffer[], pinned: string | undefined, now: number = Date.now()): ChainVerdict {
  if (ders.length === 0) return { ok: false, reason: 'the console presented no certificate' };
  let certs: X509Certificate[];
  try { certs = ders.map((d) => new X509Certificate(d)); } catch (e) { return { ok: false, reason: `unreadable certificate: ${(e as Error).message}` }; }
  const leaf = certs[0] as X509Certificate;
  const want = pinned === undefined ? undefined : normalizeFingerprint(pinned);
  // The anchor: the pinned CA when one is pinned, else the self-signed top of the chain.
  const ca = want ? certs.find((c) => c.fingerprint256 === want) : certs[certs.length - 1];
  if (!ca) return { ok: false, reason: `no certificate in the console's chain has the pinned CA fingerprint ${want ?? ''}` };
  if (!ca.ca) return { ok: false, reason: 'the anchor certificate is not a CA' };
  if (!ca.verify(ca.publicKey)) return { ok: false, reason: 'the CA certificate is not self-signed' };
  if (!valid(ca, now)) return { ok: false, reason: 'the CA certificate is outside its validity period' };
  if (leaf === ca) return { ok: false, reason: 'the console presented its CA as its own certificate' };
  if (!valid(leaf, now)) return { ok: false, reason: `the console certificate is outside its validity period (${leaf.validFrom} – ${leaf.validTo})` };
  // The real test: the pinned CA's key signed the leaf (a forged issuer name does not pass this).
  if (!leaf.checkIssued(ca) || !leaf.verify(ca.publicKey)) return { ok: false, reason: 'the console certificate was not signed by the pinned CA (forged issuer?)' };
  return { ok: true, caFingerprint: ca.fingerprint256, caPem: ca.toString() };
}
