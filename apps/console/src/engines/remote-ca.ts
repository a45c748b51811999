/**
 * The console's engine CA (separate from the HTTPS CA in tls.ts): ECDSA P-256, 10 years, in
 * `<data-dir>/tls/engine-ca.{pem,key}` (key 0600). It signs the console's own engine-facing
 * certificate (`engine-console.{pem,key}`: server auth on 40815, client auth when the console
 * dials an engine) and every engine certificate (from the engine's CSR, at pairing and renewal).
 * Engines pin this CA's SHA-256 fingerprint.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { createHash, randomBytes, webcrypto, X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FarsightError } from '@farsight/common';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const DAY = 86_400_000;

/** Default lifetime of an engine certificate (FARSIGHT_ENGINE_CERT_TTL_MS overrides). */
export const ENGINE_CERT_TTL_MS = 90 * DAY;

/** The loaded engine CA and the console's engine-facing certificate. */
export interface EngineCa {
  /** CA certificate PEM (what engines pin). */
  caPem: string;
  /** SHA-256 fingerprint of the CA (AA:BB:… as Node prints it). */
  fingerprint256: string;
  /** The console's certificate chain (leaf + CA) and key, for the listener and the dialer. */
  consoleCert: string;
  consoleKey: string;
  /** Signs an engine's CSR; returns the certificate PEM and its facts. */
  issue(csrPem: string, engineId: number, ttlMs?: number): Promise<{ pem: string; fingerprint256: string; serial: string; notAfter: string; keyPin: string }>;
}

function serial(): string {
  const b = randomBytes(8);
  b[0] = ((b[0] ?? 0) & 0x7f) | 0x01;
  return b.toString('hex');
}

function pemText(c: x509.X509Certificate): string {
  const t = c.toString('pem');
  return t.endsWith('\n') ? t : `${t}\n`;
}

function writeSecret(path: string, text: string): void {
  writeFileSync(path, text, { mode: 0o600 });
  chmodSync(path, 0o600);
}

async function exportKey(k: webcrypto.CryptoKey): Promise<string> {
  return `${x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', k), 'PRIVATE KEY').trimEnd()}\n`;
}

/** SHA-256 (hex) of a certificate's public key (SPKI DER): how the console pins an engine's key. */
export function keyPinOf(cert: string | Buffer): string {
  const spki = new X509Certificate(cert).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('hex');
}

async function createCa(dir: string): Promise<void> {
  const keys = await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify']) as webcrypto.CryptoKeyPair;
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(), name: `CN=Farsight Engine CA ${randomBytes(4).toString('hex')}, O=Farsight`,
    notBefore: new Date(now - DAY), notAfter: new Date(now + 3650 * DAY), keys, signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  writeSecret(join(dir, 'engine-ca.key'), await exportKey(keys.privateKey));
  writeFileSync(join(dir, 'engine-ca.pem'), pemText(cert));
}

async function leaf(ca: x509.X509Certificate, caKey: webcrypto.CryptoKey, publicKey: x509.PublicKey | webcrypto.CryptoKey, subject: string, ttlMs: number): Promise<x509.X509Certificate> {
  const now = Date.now();
  return x509.X509CertificateGenerator.create({
    serialNumber: serial(), subject, issuer: ca.subject,
    // Slack for clocks slightly behind (a minute, or a tenth of a short lifetime); the lifetime counts from now.
    notBefore: new Date(now - Math.min(60_000, Math.floor(ttlMs / 10))), notAfter: new Date(now + ttlMs), publicKey, signingKey: caKey, signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]),
      new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: 'localhost' }, { type: 'ip', value: '127.0.0.1' }, { type: 'ip', value: '::1' }]),
      await x509.AuthorityKeyIdentifierExtension.create(ca),
    ],
  });
}

/** Loads (or creates on first use) the engine CA and the console's engine-facing certificate. */
export async function loadOrCreateEngineCa(dataDir: string): Promise<EngineCa> {
  try {
    const dir = join(dataDir, 'tls');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!existsSync(join(dir, 'engine-ca.pem')) || !existsSync(join(dir, 'engine-ca.key'))) await createCa(dir);
    const caPem = readFileSync(join(dir, 'engine-ca.pem'), 'utf8');
    const caKey = await webcrypto.subtle.importKey('pkcs8', x509.PemConverter.decodeFirst(readFileSync(join(dir, 'engine-ca.key'), 'utf8')), ALG, true, ['sign']);
    const ca = new x509.X509Certificate(caPem);
    const certFile = join(dir, 'engine-console.pem'), keyFile = join(dir, 'engine-console.key');
    const fresh = existsSync(certFile) && existsSync(keyFile) && Date.parse(new X509Certificate(readFileSync(certFile, 'utf8')).validTo) - Date.now() > 30 * DAY;
    if (!fresh) {
      const keys = await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify']) as webcrypto.CryptoKeyPair;
      const cert = await leaf(ca, caKey, keys.publicKey, 'CN=Farsight Console, O=Farsight', 825 * DAY);
      writeSecret(keyFile, await exportKey(keys.privateKey));
      writeFileSync(certFile, pemText(cert) + pemText(ca));
    }
    return {
      caPem, fingerprint256: new X509Certificate(caPem).fingerprint256,
      consoleCert: readFileSync(certFile, 'utf8'), consoleKey: readFileSync(keyFile, 'utf8'),
      async issue(csrPem, engineId, ttlMs = ENGINE_CERT_TTL_MS) {
        let csr: x509.Pkcs10CertificateRequest;
        try { csr = new x509.Pkcs10CertificateRequest(csrPem); } catch (e) {
          throw new FarsightError('ENGINE_PAIRING_REFUSED', `the certificate request is not a PKCS#10 CSR: ${(e as Error).message}`);
        }
        if (!(await csr.verify())) throw new FarsightError('ENGINE_PAIRING_REFUSED', 'the certificate request signature does not verify; the engine must sign it with its own key');
        const cert = await leaf(ca, caKey, csr.publicKey, `CN=farsight-engine-${engineId}, O=Farsight`, ttlMs);
        const pem = pemText(cert);
        const node = new X509Certificate(pem);
        return { pem, fingerprint256: node.fingerprint256, serial: node.serialNumber, notAfter: new Date(node.validTo).toISOString(), keyPin: keyPinOf(pem) };
      },
    };
  } catch (e) {
    if (e instanceof FarsightError) throw e;
    throw new FarsightError('TLS_SETUP_FAILED', `engine CA setup failed: ${e instanceof Error ? e.message : String(e)}; check the data directory (${dataDir}/tls)`, { cause: e });
  }
}
