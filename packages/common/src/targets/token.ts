/**
 * Parses one target token — address, CIDR, range or hostname — into address pieces without
 * expanding anything. Every error names the token and says what to write instead.
 */
import { FarsightError } from '../errors.ts';
import { mappedValue, parseAddress, formatAddress } from './address.ts';
import type { Address } from './address.ts';
import { looksNumericIPv4 } from './ipv4.ts';
import { normaliseHostname } from './hostname.ts';

/** A contiguous run of addresses of one family. */
export type Piece = { family: 4; start: number; end: number } | { family: 6; start: bigint; end: bigint };

/** One parsed token: address pieces (ascending, IPv4-mapped space unwrapped to IPv4) or a hostname. */
export type TargetSpec =
  | { kind: 'addresses'; token: string; pieces: Piece[]; size: bigint }
  | { kind: 'hostname'; token: string; name: string };

/** Limits applied per token. */
export interface TargetParseOptions {
  /** Most IPv4 addresses one token may expand to (default 2^24, a /8). */
  maxAddresses?: number;
  /** Most IPv6 addresses one token may expand to (default 2^16, a /112). */
  maxIPv6Addresses?: bigint;
}

/** Default per-token IPv4 limit: 2^24 addresses. */
export const DEFAULT_MAX_ADDRESSES = 2 ** 24;
/** Default per-token IPv6 limit: 2^16 addresses (a /112). */
export const DEFAULT_MAX_IPV6_ADDRESSES = 2n ** 16n;

const MAPPED_START = mappedValue(0);
const MAPPED_END = mappedValue(0xffffffff);
const PREFIX = /^(0|[1-9]\d{0,2})$/;

function looksLikeAddress(text: string): boolean {
  return text.includes(':') || looksNumericIPv4(text) || /^[\d.]+$/.test(text);
}

/** Splits a 128-bit interval so that its IPv4-mapped part becomes an IPv4 piece (same hosts). */
export function piecesOfIPv6(start: bigint, end: bigint): Piece[] {
  const out: Piece[] = [];
  if (start < MAPPED_START) out.push({ family: 6, start, end: end < MAPPED_START ? end : MAPPED_START - 1n });
  const ms = start > MAPPED_START ? start : MAPPED_START;
  const me = end < MAPPED_END ? end : MAPPED_END;
  if (ms <= me) out.push({ family: 4, start: Number(ms - MAPPED_START), end: Number(me - MAPPED_START) });
  if (end > MAPPED_END) out.push({ family: 6, start: start > MAPPED_END ? start : MAPPED_END + 1n, end });
  return out;
}

function pieceSize(p: Piece): bigint {
  return p.family === 4 ? BigInt(p.end - p.start + 1) : p.end - p.start + 1n;
}

function parseCidr(token: string, addrText: string, prefixText: string): Piece[] {
  if (!PREFIX.test(prefixText)) {
    throw new FarsightError('TARGET_INVALID', `target '${token}': prefix length '${prefixText}' is not a decimal number`);
  }
  const prefix = Number(prefixText);
  if (addrText.includes(':')) {
    if (prefix > 128) throw new FarsightError('TARGET_INVALID', `target '${token}': an IPv6 prefix length is 0-128, not ${prefix}`);
    // Parse as raw 128 bits first: ::ffff:10.0.0.0/104 is the IPv4-mapped 10.0.0.0/8.
    const raw = parseAddress(addrText, token);
    const value = raw.family === 4 ? mappedValue(raw.value) : raw.value;
    const hostBits = BigInt(128 - prefix);
    const start = (value >> hostBits) << hostBits;
    return piecesOfIPv6(start, start + (1n << hostBits) - 1n);
  }
  const addr = parseAddress(addrText, token);
  if (addr.family !== 4) throw new FarsightError('TARGET_INVALID', `target '${token}' is not a valid CIDR`);
  if (prefix > 32) throw new FarsightError('TARGET_INVALID', `target '${token}': an IPv4 prefix length is 0-32, not ${prefix}`);
  const size = 2 ** (32 - prefix);
  const start = Math.floor(addr.value / size) * size;
  return [{ family: 4, start, end: start + size - 1 }];
}

function parseRangeEnd(token: string, start: Address, endText: string): Address {
  if (start.family === 4 && /^\d+$/.test(endText)) {
    // Short form a.b.c.d-N: N replaces the last octet.
    if (/^0\d/.test(endText)) {
      throw new FarsightError('TARGET_AMBIGUOUS', `target '${token}' is ambiguous: a leading 0 in '${endText}' is read as octal by some tools; write the last octet in plain decimal`);
    }
    const n = Number(endText);
    if (n > 255) throw new FarsightError('TARGET_INVALID', `target '${token}': the short range end '${endText}' is the last octet and must be 0-255; write the full end address`);
    return { family: 4, value: start.value - (start.value % 256) + n };
  }
  if (start.family === 6 && !endText.includes(':')) {
    throw new FarsightError('TARGET_INVALID', `target '${token}': an IPv6 range needs a full end address; write ${formatAddress(start)}-<last address>`);
  }
  return parseAddress(endText, token);
}

function parseRange(token: string, startText: string, endText: string): Piece[] {
  if (endText === '') throw new FarsightError('TARGET_INVALID', `target '${token}': the range has no end; write a-b or a.b.c.d-N`);
  const start = parseAddress(startText, token);
  const end = parseRangeEnd(token, start, endText);
  if (start.family !== end.family) {
    throw new FarsightError('TARGET_INVALID', `target '${token}': a range cannot mix IPv4 and IPv6`);
  }
  if (end.value < start.value) {
    throw new FarsightError('TARGET_RANGE_REVERSED', `target '${token}': range ends before it starts; write ${formatAddress(end)}-${formatAddress(start)}`);
  }
  return start.family === 4
    ? [{ family: 4, start: start.value, end: end.value as number }]
    : [{ family: 6, start: start.value, end: end.value as bigint }];
}

function prefixNote(max6: bigint): string {
  const bits = max6.toString(2).length - 1;
  return max6 === 1n << BigInt(bits) && bits <= 128 ? ` (a /${128 - bits})` : '';
}

function checkSize(token: string, pieces: Piece[], options: TargetParseOptions): bigint {
  const max4 = options.maxAddresses ?? DEFAULT_MAX_ADDRESSES;
  const max6 = options.maxIPv6Addresses ?? DEFAULT_MAX_IPV6_ADDRESSES;
  let v4 = 0n;
  let v6 = 0n;
  for (const p of pieces) {
    if (p.family === 4) v4 += pieceSize(p);
    else v6 += pieceSize(p);
  }
  if (v4 > BigInt(Math.floor(Math.min(max4, 2 ** 32)))) {
    throw new FarsightError('TARGET_RANGE_TOO_LARGE', `target '${token}' expands to ${v4} addresses, more than the maximum of ${max4} per target; split it into smaller ranges or raise the limit`);
  }
  if (v6 > max6) {
    throw new FarsightError('TARGET_RANGE_TOO_LARGE', `target '${token}' expands to ${v6} IPv6 addresses, more than the maximum of ${max6} per target${prefixNote(max6)}; narrow the prefix or raise the limit`);
  }
  return v4 + v6;
}

/** Parses one token (already trimmed, non-empty). Throws TARGET_* FarsightErrors naming it. */
export function parseTargetToken(token: string, options: TargetParseOptions = {}): TargetSpec {
  if (token === '') throw new FarsightError('TARGET_INVALID', 'target is empty');
  if (token.startsWith('@')) {
    throw new FarsightError('TARGET_INVALID', `target '${token}' is a file reference; read it with readTargetFile() or expandTargetFiles() first`);
  }
  let pieces: Piece[];
  const slash = token.indexOf('/');
  const dash = token.indexOf('-');
  if (slash >= 0) {
    pieces = parseCidr(token, token.slice(0, slash), token.slice(slash + 1));
  } else if (dash > 0 && looksLikeAddress(token.slice(0, dash)) && /^[0-9a-fA-FxX.:]*$/.test(token.slice(dash + 1))) {
    pieces = parseRange(token, token.slice(0, dash), token.slice(dash + 1));
  } else if (looksLikeAddress(token)) {
    const a = parseAddress(token, token);
    pieces = a.family === 4 ? [{ family: 4, start: a.value, end: a.value }] : [{ family: 6, start: a.value, end: a.value }];
  } else {
    const name = normaliseHostname(token);
    if (name === undefined) {
      throw new FarsightError('TARGET_INVALID', `target '${token}' is not an IPv4/IPv6 address, CIDR, range or hostname (hostnames use letters, digits, inner hyphens and dots)`);
    }
    return { kind: 'hostname', token, name };
  }
  return { kind: 'addresses', token, pieces, size: checkSize(token, pieces, options) };
}

/** Splits free text (a command line value or a file line) into tokens on whitespace and commas. */
export function splitTargetTokens(text: string): string[] {
  return text.split(/[\s,]+/).filter((t) => t !== '');
}
