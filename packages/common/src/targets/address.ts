/**
 * One canonical address model for targets, exclusions and scope: IPv4 as a 32-bit number,
 * IPv6 as a 128-bit bigint. IPv4-mapped IPv6 (`::ffff:a.b.c.d`, RFC 4291 §2.5.5.2) is the
 * same host as a.b.c.d on a dual-stack socket, so it is normalised to IPv4.
 */
import { FarsightError } from '../errors.ts';
import { formatIPv4, looksNumericIPv4, parseIPv4 } from './ipv4.ts';
import { formatIPv6, parseIPv6 } from './ipv6.ts';

/** A parsed address: IPv4 as a number, IPv6 as a bigint. */
export type Address = { family: 4; value: number } | { family: 6; value: bigint };

const MAPPED_PREFIX = 0xffffn << 32n;
const LOW32 = 0xffffffffn;

/** True when the 128-bit value is an IPv4-mapped IPv6 address (::ffff:0:0/96). */
export function isMappedIPv6(value: bigint): boolean {
  return value >> 32n === 0xffffn;
}

/** Builds an Address from a 128-bit value, unwrapping IPv4-mapped addresses. */
export function fromIPv6Value(value: bigint): Address {
  if (isMappedIPv6(value)) return { family: 4, value: Number(value & LOW32) };
  return { family: 6, value };
}

/** The IPv4-mapped 128-bit value of an IPv4 number. */
export function mappedValue(v4: number): bigint {
  return MAPPED_PREFIX | BigInt(v4);
}

/** Parses an address literal strictly (see ipv4.ts); `token` names the user's token in errors. */
export function parseAddress(text: string, token: string = text): Address {
  if (text.includes(':')) return fromIPv6Value(parseIPv6(text, token));
  if (looksNumericIPv4(text) || /^[\d.]+$/.test(text)) return { family: 4, value: parseIPv4(text, token) };
  throw new FarsightError('TARGET_INVALID', `target '${token}' is not an IPv4 or IPv6 address`);
}

/** Formats an Address canonically (dotted decimal or RFC 5952). */
export function formatAddress(address: Address): string {
  return address.family === 4 ? formatIPv4(address.value) : formatIPv6(address.value);
}

/**
 * The canonical text of an address literal: dotted decimal for IPv4 (and IPv4-mapped IPv6),
 * RFC 5952 for IPv6. Throws TARGET_AMBIGUOUS or TARGET_INVALID.
 */
export function canonicalAddress(text: string): string {
  return formatAddress(parseAddress(text.trim(), text));
}

/** True when the address (any accepted literal form) is loopback: 127.0.0.0/8 or ::1. */
export function isLoopback(address: string): boolean {
  let parsed: Address;
  try {
    parsed = parseAddress(address.trim(), address);
  } catch {
    return false;
  }
  return parsed.family === 4 ? parsed.value >>> 24 === 127 : parsed.value === 1n;
}
