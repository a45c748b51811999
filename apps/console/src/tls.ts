/**
 * The console's TLS material. On first start it creates its own CA (ECDSA P-256, 10 years)
 * and a server certificate signed by it (825 days, SANs localhost/127.0.0.1/::1/the host
 * name/--host/extra names) in `<data-dir>/tls/`, keys 0600. The same CA will sign engine
 * certificates. The server certificate is re-issued when it nears expiry or lacks a name;
 * given `--tls-cert/--tls-key` files are used as they are.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto, randomBytes, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { hostname } from 'node:os';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { FarsightError } from '@farsight/common';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;
const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const DAY = 86_400_000;

/** PEM material the HTTPS server and engine pairing use. */
export interface TlsMaterial {
  cert: string;
  key: string;
  /** The CA that signed `cert` (undefined for given certificates). */
  caCert?: string;
  /** SHA-256 fingerprint of the CA (or of the given certificate) — what clients pin. */
  fingerprint256: string;
}

function serial(): string {
  // Positive 64-bit serial (RFC 5280 §4.1.2.2: positive, ≤ 20 octets).
  const b = randomBytes(8);
  b[0] = (b[0] ?? 0) & 0x7f | 0x01;
  return b.toString('hex');
}

/** PEM with a final newline, so certificates can be concatenated into a chain. */
function pemText(c: x509.X509Certificate): string {
  const t = c.toString('pem');
  return t.endsWith('\n') ? t : `${t}\n`;
}

async function exportKey(k: CryptoKey): Promise<string> {
  return `${x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', k), 'PRIVATE KEY').trimEnd()}\n`;
}

function writeSecret(path: string, text: string): void {
  writeFileSync(path, text, { mode: 0o600 });
  chmodSync(path, 0o600);
}

async function createCa(dir: string): Promise<{ cert: x509.X509Certificate; key: CryptoKey; pem: string }> {
  const keys = await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify']) as CryptoKeyPair;
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(), name: `CN=Farsight Console CA ${randomBytes(4).toString('hex')}, O=Farsight`,
    notBefore: new Date(now - DAY), notAfter: new Date(now + 3650 * DAY), keys, signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(true, 1, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const pem = pemText(cert);
  writeSecret(join(dir, 'ca.key'), await exportKey(keys.privateKey));
  writeFileSync(join(dir, 'ca.pem'), pem);
  return { cert, key: keys.privateKey, pem };
}

async function loadCa(dir: string): Promise<{ cert: x509.X509Certificate; key: CryptoKey; pem: string }> {
  const pem = readFileSync(join(dir, 'ca.pem'), 'utf8');
  const der = x509.PemConverter.decodeFirst(readFileSync(join(dir, 'ca.key'), 'utf8'));
  const key = await webcrypto.subtle.importKey('pkcs8', der, ALG, true, ['sign']);
  return { cert: new x509.X509Certificate(pem), key, pem };
}

/** The names the server certificate must carry. */
export function serverNames(host: string, extra: string[] = []): string[] {
  const names = new Set(['localhost', '127.0.0.1', '::1', hostname(), ...extra]);
  if (host !== '0.0.0.0' && host !== '::' && host !== '') names.add(host);
  return [...names].filter((n) => n.length > 0 && n.length < 254);
}

function needsReissue(pem: string, names: string[]): boolean {
  const c = new X509Certificate(pem);
  if (Date.parse(c.validTo) - Date.now() < 30 * DAY) return true;
  return names.some((n) => (isIP(n) ? c.checkIP(n) === undefined : c.checkHost(n) === undefined));
}

async function issueServer(dir: string, ca: { cert: x509.X509Certificate; key: CryptoKey }, names: string[]): Promise<void> {
  const keys = await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify']) as CryptoKeyPair;
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(), subject: 'CN=Farsight Console, O=Farsight', issuer: ca.cert.subject,
    notBefore: new Date(now - DAY), notAfter: new Date(now + 825 * DAY), publicKey: keys.publicKey, signingKey: ca.key, signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(names.map((n) => ({ type: isIP(n) ? 'ip' as const : 'dns' as const, value: n }))),
      await x509.AuthorityKeyIdentifierExtension.create(ca.cert),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  writeSecret(join(dir, 'server.key'), await exportKey(keys.privateKey));
  writeFileSync(join(dir, 'server.pem'), pemText(cert) + pemText(ca.cert));
}

/** Loads given cert/key files, or creates/refreshes the console CA and server certificate in `<dataDir>/tls`. */
export async function loadOrCreateTls(opts: { dataDir: string; host: string; names?: string[]; certFile?: string; keyFile?: string }): Promise<TlsMaterial> {
  try {
    if (opts.certFile && opts.keyFile) {
      const cert = readFileSync(opts.certFile, 'utf8'), key = readFileSync(opts.keyFile, 'utf8');
      return { cert, key, fingerprint256: new X509Certificate(cert).fingerprint256 };
    }
    const dir = join(opts.dataDir, 'tls');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const ca = existsSync(join(dir, 'ca.pem')) && existsSync(join(dir, 'ca.key')) ? await loadCa(dir) : await createCa(dir);
    const names = serverNames(opts.host, opts.names);
    const serverPem = join(dir, 'server.pem');
    if (!existsSync(serverPem) || !existsSync(join(dir, 'server.key')) || needsReissue(readFileSync(serverPem, 'utf8'), names)) await issueServer(dir, ca, names);
    return {
      cert: readFileSync(serverPem, 'utf8'), key: readFileSync(join(dir, 'server.key'), 'utf8'),
      caCert: ca.pem, fingerprint256: new X509Certificate(ca.pem).fingerprint256,
    };
  } catch (e) {
    if (e instanceof FarsightError) throw e;
    throw new FarsightError('TLS_SETUP_FAILED', `TLS setup failed: ${e instanceof Error ? e.message : String(e)}; check the data directory (${opts.dataDir}) or --tls-cert/--tls-key`, { cause: e });
  }
}
