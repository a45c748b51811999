/**
 * Integrity and authenticity of a downloaded package: its SHA-256 must equal the expected one
 * (given with --sha256 or published beside the package as `<url>.sha256`, sha256sum format),
 * and when a public key is configured its Ed25519 signature (`<url>.sig`, base64 or raw 64
 * bytes) must verify over the archive bytes. SHA-256 alone only proves the download is
 * complete; the signature proves who built it.
 */
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { FarsightError } from '@farsight/common';

/** Parses a SHA-256 given by a user or a `.sha256` file (first 64-hex token). */
export function parseSha256(text: string, where: string): string {
  const token = text.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  if (!/^[0-9a-f]{64}$/.test(token)) throw new FarsightError('INVALID_ARGUMENT', `${where} is not a SHA-256 (64 hex digits, as sha256sum prints)`);
  return token;
}

/** Throws CONTENT_INTEGRITY_FAILED unless `data` hashes to `expected`. */
export function checkSha256(data: Buffer, expected: string, label: string): string {
  const actual = createHash('sha256').update(data).digest('hex');
  if (actual !== expected) throw new FarsightError('CONTENT_INTEGRITY_FAILED', `${label} has SHA-256 ${actual}, expected ${expected}; the download is damaged or not the published package — nothing was installed`);
  return actual;
}

/** Loads an Ed25519 public key (PEM SPKI). */
export function loadPublicKey(pem: string, where: string): KeyObject {
  let key: KeyObject;
  try { key = createPublicKey(pem); } catch (e) {
    throw new FarsightError('INVALID_ARGUMENT', `${where} is not a PEM public key (${(e as Error).message}); export it with \`openssl pkey -pubout\``, { cause: e });
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new FarsightError('INVALID_ARGUMENT', `${where} is a ${key.asymmetricKeyType ?? 'unknown'} key; content signatures use Ed25519`);
  return key;
}

/** Decodes a signature file: raw 64 bytes, or base64 text of them. */
export function decodeSignature(data: Buffer, label: string): Buffer {
  if (data.length === 64) return data;
  const text = data.toString('latin1').trim();
  const sig = /^[A-Za-z0-9+/]+={0,2}$/.test(text) ? Buffer.from(text, 'base64') : Buffer.alloc(0);
  if (sig.length !== 64) throw new FarsightError('CONTENT_INTEGRITY_FAILED', `${label} is not an Ed25519 signature (64 bytes, raw or base64); nothing was installed`);
  return sig;
}

/** Throws CONTENT_INTEGRITY_FAILED unless `sig` is a valid Ed25519 signature of `data` by `key`. */
export function checkSignature(data: Buffer, sig: Buffer, key: KeyObject, label: string): void {
  if (!verify(null, data, key, sig)) throw new FarsightError('CONTENT_INTEGRITY_FAILED', `${label}: the Ed25519 signature does not verify with the configured public key; the package was not built by its holder — nothing was installed`);
}
