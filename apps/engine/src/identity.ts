/**
 * The engine's identity: one ECDSA P-256 key (`<data>/conf/engine.key`, 0600) used for every
 * console, a self-signed certificate over it for the listener (`engine-self.pem`; consoles dialing
 * the engine pin its key), and CSRs over it for pairing and renewal. One key means a console
 * that paired the engine one way recognises it the other way too.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { createHash, createPublicKey, randomBytes, webcrypto } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './files.ts';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };

/**
 * The engine's key fingerprint as consoles show it: SHA-256 of the public key (SPKI DER),
 * colon-separated upper-case hex. `pem` is the private key or any certificate over it.
 */
export function keyFingerprintOf(pem: string): string {
  const spki = createPublicKey(pem).export({ type: 'spki', format: 'der' });
  return (createHash('sha256').update(spki).digest('hex').toUpperCase().match(/../g) ?? []).join(':');
}

/** The key fingerprint of an existing identity in `<confDir>` (creates nothing); undefined when there is no key yet. */
export function readKeyFingerprint(confDir: string): string | undefined {
  const keyFile = join(confDir, 'engine.key');
  return existsSync(keyFile) ? keyFingerprintOf(readFileSync(keyFile, 'utf8')) : undefined;
}

/** The loaded identity. */
export interface EngineIdentity {
  keyPem: string;
  /** SHA-256 of the public key, AB:CD:… (what a console dialing this engine pins and shows). */
  keyFingerprint: string;
  /** Self-signed certificate for the listener. */
  selfCertPem: string;
  /** A PKCS#10 request over the engine key. */
  csr(name: string): Promise<string>;
}

async function keyPair(keyPem: string): Promise<webcrypto.CryptoKeyPair> {
  const privateKey = await webcrypto.subtle.importKey('pkcs8', x509.PemConverter.decodeFirst(keyPem), ALG, false, ['sign']);
  const spki = createPublicKey(keyPem).export({ type: 'spki', format: 'der' });
  const publicKey = await webcrypto.subtle.importKey('spki', spki, ALG, true, ['verify']);
  return { privateKey, publicKey };
}

/** Loads or creates the identity in `<confDir>`. */
export async function loadOrCreateIdentity(confDir: string, engineName: string): Promise<EngineIdentity> {
  mkdirSync(confDir, { recursive: true, mode: 0o700 });
  const keyFile = join(confDir, 'engine.key');
  const certFile = join(confDir, 'engine-self.pem');
  if (!existsSync(keyFile)) {
    const keys = await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify']) as webcrypto.CryptoKeyPair;
    const der = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
    writeFileAtomic(keyFile, `${x509.PemConverter.encode(der, 'PRIVATE KEY').trimEnd()}\n`);
  }
  const keyPem = readFileSync(keyFile, 'utf8');
  const keys = await keyPair(keyPem);
  if (!existsSync(certFile)) {
    const now = Date.now();
    const cert = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: `01${randomBytes(7).toString('hex')}`, name: `CN=${engineName.replace(/[,=+<>#;"\\]/g, ' ').slice(0, 60) || 'farsight engine'}, O=Farsight Engine`,
      notBefore: new Date(now - 86_400_000), notAfter: new Date(now + 20 * 365 * 86_400_000), keys, signingAlgorithm: ALG,
      extensions: [new x509.BasicConstraintsExtension(false, undefined, true), new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth])],
    });
    writeFileAtomic(certFile, `${cert.toString('pem').trimEnd()}\n`);
  }
  return {
    keyPem, selfCertPem: readFileSync(certFile, 'utf8'), keyFingerprint: keyFingerprintOf(keyPem),
    async csr(name) {
      const req = await x509.Pkcs10CertificateRequestGenerator.create({ name: `CN=${name.replace(/[,=+<>#;"\\]/g, ' ').slice(0, 60) || 'engine'}`, keys, signingAlgorithm: ALG });
      return `${req.toString('pem').trimEnd()}\n`;
    },
  };
}
