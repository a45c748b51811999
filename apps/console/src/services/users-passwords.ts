/** Password hashing with scrypt (RFC 7914), constant-time checks, and generated one-time passwords. */
import { scrypt, randomBytes, timingSafeEqual, createHash } from 'node:crypto';
import { FarsightError } from '@farsight/common';

const N = 16384, R = 8, P = 1, KEYLEN = 32;
/** Shortest accepted password. */
export const MIN_PASSWORD_LENGTH = 12;
/** Longest accepted password (bounds scrypt input work). */
export const MAX_PASSWORD_LENGTH = 1024;

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((res, rej) => scrypt(password, salt, KEYLEN, { N: n, r, p, maxmem: 256 * n * r }, (e, k) => (e ? rej(e) : res(k))));
}

/** `scrypt$N$r$p$salt$hash` (base64url) — parameters travel with the hash so they can be raised later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, N, R, P);
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** True when `password` matches `stored` (constant time). A malformed stored hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !n || !r || !p || !salt || !hash || password.length > MAX_PASSWORD_LENGTH) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(password, Buffer.from(salt, 'base64url'), Number(n), Number(r), Number(p));
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** Refuses passwords outside the length policy with INVALID_ARGUMENT. */
export function checkPasswordPolicy(password: string, what = 'password'): void {
  if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
    throw new FarsightError('INVALID_ARGUMENT', `${what} must be ${MIN_PASSWORD_LENGTH}–${MAX_PASSWORD_LENGTH} characters long`);
  }
}

/** A random 24-character password (144 bits) for first start. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

/** SHA-256 hex of a high-entropy secret (API keys, session tokens): they need no slow hash. */
export function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

/** Constant-time string equality. */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a), y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
