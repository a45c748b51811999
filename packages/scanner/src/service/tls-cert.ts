/**
 * Pure summary of an X.509 certificate for TlsInfo (judged by us, never by the TLS stack).
 * Names use the form of Recog's x509 keys (`CN=…,OU=…,O=…,L=…,ST=…,C=…`, Go's order).
 */
import type { X509Certificate } from 'node:crypto';
import { recogDistinguishedName } from '@farsight/content';
import type { TlsInfo } from '../types.ts';

/** Bits of common named curves (RFC 8422 / SEC 2). */
const CURVE_BITS: Record<string, number> = {
  prime256v1: 256, secp256r1: 256, secp384r1: 384, secp521r1: 521, secp224r1: 224, prime192v1: 192,
  secp256k1: 256, brainpoolP256r1: 256, brainpoolP384r1: 384, brainpoolP512r1: 512,
};

/** Summarises a certificate: names, validity, SANs, self-signature, key and signature algorithm. */
export function certificateInfo(x: X509Certificate): NonNullable<TlsInfo['certificate']> {
  const info: NonNullable<TlsInfo['certificate']> = {
    subject: recogDistinguishedName(namePairs(x.subject)),
    issuer: recogDistinguishedName(namePairs(x.issuer)),
    validFrom: isoDate(x.validFrom),
    validTo: isoDate(x.validTo),
    subjectAltNames: splitSans(x.subjectAltName),
    selfSigned: isSelfSigned(x),
    fingerprintSha256: x.fingerprint256.replace(/:/g, '').toLowerCase(),
  };
  const key = keySummary(x);
  if (key.type) info.keyType = key.type;
  if (key.bits) info.keyBits = key.bits;
  const sig = (x as X509Certificate & { signatureAlgorithm?: string }).signatureAlgorithm;
  if (typeof sig === 'string' && sig !== '') info.signatureAlgorithm = sig;
  return info;
}

/**
 * Node's multi-line name (`CN=a\\, b` per line, values already backslash-escaped) as
 * unescaped [type, value] pairs, so the DN formatter escapes each value exactly once.
 */
export function namePairs(nodeName: string): [string, string][] {
  return nodeName.split('\n').filter((l) => l.includes('=')).slice(0, 64).map((l): [string, string] => {
    const eq = l.indexOf('=');
    return [l.slice(0, eq), l.slice(eq + 1).replace(/\\(.)/g, '$1')];
  });
}

function isoDate(text: string): string {
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? text : d.toISOString();
}

/** Splits Node's `DNS:a, DNS:b, IP Address:1.2.3.4` (values with commas are JSON-quoted). */
export function splitSans(text: string | undefined): string[] {
  if (!text) return [];
  const out: string[] = [];
  const re = /([A-Za-z ]+):("(?:[^"\\]|\\.)*"|[^,]*)(?:, |$)/g;
  for (let m = re.exec(text); m && out.length < 200; m = re.exec(text)) {
    if (m[0] === '') break;
    let value = m[2] ?? '';
    if (value.startsWith('"')) {
      try { value = JSON.parse(value) as string; } catch { /* keep as sent */ }
    }
    out.push(`${(m[1] ?? '').trim()}:${value}`);
  }
  return out;
}

function isSelfSigned(x: X509Certificate): boolean {
  try {
    // checkIssued also demands keyCertSign in the issuer's key usage, which self-signed leaf
    // certificates (openssl req -x509, most appliances) usually lack: compare names instead.
    return (x.checkIssued(x) || x.subject === x.issuer) && x.verify(x.publicKey);
  } catch {
    return false;
  }
}

function keySummary(x: X509Certificate): { type?: string; bits?: number } {
  try {
    const k = x.publicKey;
    const type = k.asymmetricKeyType;
    const d = k.asymmetricKeyDetails ?? {};
    let bits = d.modulusLength;
    if (bits === undefined && d.namedCurve) bits = CURVE_BITS[d.namedCurve];
    if (bits === undefined && type === 'ed25519') bits = 256;
    if (bits === undefined && type === 'ed448') bits = 456;
    return { type, bits };
  } catch {
    return {};
  }
}
