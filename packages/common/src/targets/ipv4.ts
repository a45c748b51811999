/**
 * Strict IPv4 parsing. Only the canonical dotted-quad form (four decimal parts 0-255, no
 * leading zeros) is an address here. Every other form that inet_aton(3) and therefore
 * getaddrinfo(3) still accept (`127.1`, `2130706433`, `0x7f.0.0.1`, `012.0.0.1`) reaches a
 * real host through the resolver, so we refuse it as ambiguous rather than guess — scope
 * checks must compare the address packets will actually go to.
 */
import { FarsightError } from '../errors.ts';

const DOTTED_QUAD = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})$/;

/** Formats a 32-bit unsigned number as dotted decimal. */
export function formatIPv4(value: number): string {
  return `${(value >>> 24) & 255}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}

/** Parses canonical dotted decimal to a 32-bit unsigned number, or undefined when not canonical. */
export function parseCanonicalIPv4(text: string): number | undefined {
  const m = DOTTED_QUAD.exec(text);
  if (!m) return undefined;
  let value = 0;
  for (let i = 1; i <= 4; i++) {
    const part = Number(m[i]);
    if (part > 255) return undefined;
    value = value * 256 + part;
  }
  return value;
}

/**
 * Emulates inet_aton(3) (glibc, BSD): 1-4 parts, each decimal, octal (leading 0) or hex (0x),
 * the last part filling the remaining bytes. Returns the 32-bit value or undefined.
 */
export function inetAton(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length < 1 || parts.length > 4) return undefined;
  const nums: number[] = [];
  for (const p of parts) {
    let n: number;
    if (/^0[xX][0-9a-fA-F]*$/.test(p)) n = p.length === 2 ? 0 : parseInt(p.slice(2), 16);
    else if (/^0[0-7]*$/.test(p)) n = p.length === 1 ? 0 : parseInt(p.slice(1), 8);
    else if (/^[1-9]\d*$/.test(p)) n = Number(p);
    else return undefined;
    if (!Number.isSafeInteger(n)) return undefined;
    nums.push(n);
  }
  const last = nums.pop() ?? 0;
  let value = 0;
  for (const n of nums) {
    if (n > 255) return undefined;
    value = value * 256 + n;
  }
  const lastBytes = 4 - nums.length;
  if (last >= 2 ** (8 * lastBytes)) return undefined;
  return value * 2 ** (8 * lastBytes) + last;
}

/** True when the text looks like an attempt at a numeric IPv4 (only digits, dots, hex prefixes). */
export function looksNumericIPv4(text: string): boolean {
  if (!/^[0-9a-fA-FxX.]+$/.test(text) || !/\d/.test(text)) return false;
  // A hostname whose last label is all-digits cannot exist (RFC 3696 §2: TLDs are not all-numeric).
  const last = text.split('.').pop() ?? '';
  return /^\d+$/.test(last) || /^0[xX][0-9a-fA-F]*$/.test(last);
}

/**
 * Why a non-canonical numeric IPv4 text is ambiguous, with what resolvers make of it, or
 * undefined when it is not a numeric IPv4 form at all.
 */
export function ipv4AmbiguityReason(text: string): string | undefined {
  const parts = text.split('.');
  const value = inetAton(text);
  const means = value === undefined ? undefined : formatIPv4(value);
  if (parts.some((p) => /^0[xX]/.test(p))) {
    return means === undefined ? undefined : `resolvers read 0x as hexadecimal (${means})`;
  }
  if (parts.some((p) => /^0\d/.test(p))) {
    if (means !== undefined) return `resolvers read a leading 0 as octal (${means})`;
    // e.g. 09.0.0.1: not valid octal, so some parsers fail and others read decimal.
    return 'a leading 0 is read as octal by some resolvers and as decimal by others';
  }
  if (means === undefined) return undefined;
  if (parts.length === 1) return `resolvers read a bare number as a 32-bit address (${means})`;
  if (parts.length < 4) return `resolvers fill a short address with zeros before its last part (${means})`;
  return undefined;
}

/**
 * Parses an IPv4 literal strictly. Throws TARGET_AMBIGUOUS for forms resolvers read
 * differently and TARGET_INVALID otherwise; `token` is the user's whole token for messages.
 */
export function parseIPv4(text: string, token: string = text): number {
  const value = parseCanonicalIPv4(text);
  if (value !== undefined) return value;
  const reason = ipv4AmbiguityReason(text);
  if (reason !== undefined) {
    throw new FarsightError('TARGET_AMBIGUOUS', `target '${token}' is ambiguous: ${reason}; write the address in plain dotted decimal`);
  }
  const parts = text.split('.');
  const big = parts.find((p) => /^\d+$/.test(p) && Number(p) > 255);
  if (parts.length === 4 && big !== undefined) {
    throw new FarsightError('TARGET_INVALID', `target '${token}' is not a valid IPv4 address: ${big} is larger than 255`);
  }
  throw new FarsightError('TARGET_INVALID', `target '${token}' is not a valid IPv4 address; write four decimal numbers 0-255 separated by dots`);
}
