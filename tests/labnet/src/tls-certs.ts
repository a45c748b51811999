/**
 * Certificates for TLS services, generated at run time with @peculiar/x509. Keys and CAs are
 * made once per process and reused (RSA key generation is slow); a leaf is made once per
 * (kind, host names) and cached. EC P-256 is used wherever the kind does not need RSA.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { generateKeyPair, webcrypto, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { CertKind } from './catalog.ts';

type SelfSignedParams = Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0];
type XKeyPair = SelfSignedParams['keys'];
type XKey = XKeyPair['privateKey'];
type XCrypto = Parameters<typeof x509.cryptoProvider.set>[0];

x509.cryptoProvider.set(webcrypto as unknown as XCrypto);

const genKeyPair = promisify(generateKeyPair);
const DAY = 86_400_000;

/** PEM key and certificate chain for a TLS server. */
export interface CertBundle {
  key: string;
  cert: string;
}

interface KeyPair { privateKey: KeyObject; publicKey: KeyObject }
interface Ca { cert: x509.X509Certificate; pem: string; name: string; pair: KeyPair }

const ECDSA = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const rsaAlg = (hash: 'SHA-1' | 'SHA-256') => ({ name: 'RSASSA-PKCS1-v1_5', hash });

const keyCache = new Map<string, Promise<KeyPair>>();
function keys(kind: 'ec' | 'rsa-2048-ca' | 'rsa-2048' | 'rsa-1024'): Promise<KeyPair> {
  let p = keyCache.get(kind);
  if (!p) {
    p = kind === 'ec'
      ? genKeyPair('ec', { namedCurve: 'P-256' })
      : genKeyPair('rsa', { modulusLength: kind === 'rsa-1024' ? 1024 : 2048 });
    keyCache.set(kind, p);
  }
  return p;
}

function cryptoPair(pair: KeyPair, alg: typeof ECDSA | ReturnType<typeof rsaAlg>): XKeyPair {
  return {
    privateKey: pair.privateKey.toCryptoKey(alg, false, ['sign']) as unknown as XKey,
    publicKey: pair.publicKey.toCryptoKey(alg, true, ['verify']) as unknown as XKey,
  };
}

async function makeCa(name: string, rsa: boolean): Promise<Ca> {
  const pair = await keys(rsa ? 'rsa-2048-ca' : 'ec');
  const alg = rsa ? rsaAlg('SHA-256') : ECDSA;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: rsa ? '02' : '01', name, notBefore: new Date(Date.now() - 30 * DAY), notAfter: new Date(Date.now() + 3650 * DAY),
    signingAlgorithm: alg, keys: cryptoPair(pair, alg),
    extensions: [new x509.BasicConstraintsExtension(true, 0, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true)],
  });
  return { cert, pem: cert.toString('pem'), name, pair };
}

let mainCa: Promise<Ca> | undefined;
let legacyCa: Promise<Ca> | undefined;
/** The EC CA that signs valid/expired/not-yet-valid/wrong-host leaves. */
function ca(): Promise<Ca> { return (mainCa ??= makeCa('CN=Labnet Test CA,O=Farsight labnet', false)); }
/** The RSA CA that signs the sha1 and rsa-1024 leaves (a SHA-1 signature needs an RSA issuer to look real). */
function legacy(): Promise<Ca> { return (legacyCa ??= makeCa('CN=Labnet Legacy CA,O=Farsight labnet', true)); }

/** PEMs of the CAs generated so far, for clients that should trust `valid` certificates. */
export async function caCertificates(): Promise<string[]> {
  const out = [(await ca()).pem];
  if (legacyCa) out.push((await legacyCa).pem);
  return out;
}

function pem(k: KeyObject): string {
  return k.export({ type: 'pkcs8', format: 'pem' }).toString();
}

function serial(): string {
  return `4c${Buffer.from(webcrypto.getRandomValues(new Uint8Array(8))).toString('hex')}`;
}

function leafExtensions(dns: string[], ips: string[]): x509.Extension[] {
  const names: x509.JsonGeneralName[] = [...dns.map((value) => ({ type: 'dns' as const, value })), ...ips.map((value) => ({ type: 'ip' as const, value }))];
  return [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
    new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
    new x509.SubjectAlternativeNameExtension(names),
  ];
}

async function build(kind: CertKind, hostnames: string[], address: string): Promise<CertBundle> {
  const now = Date.now();
  const wrong = kind === 'wrong-host';
  const dns = wrong ? ['unrelated.labnet.invalid'] : hostnames;
  const ips = wrong ? [] : [address];
  const cn = `CN=${dns[0] ?? address},O=Farsight labnet`;
  const notBefore = new Date(kind === 'expired' ? now - 400 * DAY : kind === 'not-yet-valid' ? now + 30 * DAY : now - DAY);
  const notAfter = new Date(kind === 'expired' ? now - 30 * DAY : kind === 'not-yet-valid' ? now + 400 * DAY : now + 365 * DAY);
  const base = { serialNumber: serial(), notBefore, notAfter, extensions: leafExtensions(dns, ips) };
  if (kind === 'self-signed') {
    const pair = await keys('ec');
    const cert = await x509.X509CertificateGenerator.createSelfSigned({ ...base, name: cn, signingAlgorithm: ECDSA, keys: cryptoPair(pair, ECDSA) });
    return { key: pem(pair.privateKey), cert: cert.toString('pem') };
  }
  const rsaKind = kind === 'sha1' || kind === 'rsa-1024';
  const issuer = rsaKind ? await legacy() : await ca();
  const leaf = await keys(kind === 'sha1' ? 'rsa-2048' : kind === 'rsa-1024' ? 'rsa-1024' : 'ec');
  const alg = rsaKind ? rsaAlg(kind === 'sha1' ? 'SHA-1' : 'SHA-256') : ECDSA;
  const cert = await x509.X509CertificateGenerator.create({
    ...base, subject: cn, issuer: issuer.cert.subject, signingAlgorithm: alg,
    publicKey: leaf.publicKey.toCryptoKey(rsaKind ? rsaAlg('SHA-256') : ECDSA, true, ['verify']) as unknown as XKey,
    signingKey: issuer.pair.privateKey.toCryptoKey(alg, false, ['sign']) as unknown as XKey,
  });
  return { key: pem(leaf.privateKey), cert: `${cert.toString('pem')}\n${issuer.pem}\n` };
}

const leafCache = new Map<string, Promise<CertBundle>>();

/** Key and chain of the given kind for a host (cached per kind and names). */
export function certificateFor(kind: CertKind, hostnames: string[], address: string): Promise<CertBundle> {
  const key = `${kind}|${hostnames.join(',')}|${address}`;
  let p = leafCache.get(key);
  if (!p) {
    p = build(kind, hostnames, address);
    leafCache.set(key, p);
  }
  return p;
}
