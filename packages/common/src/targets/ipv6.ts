/**
 * IPv6 text ↔ 128-bit bigint. Accepts RFC 4291 §2.2 text forms (including `::` and a
 * trailing dotted IPv4 part, which must itself be canonical) and prints RFC 5952 form.
 */
import { FarsightError } from '../errors.ts';
import { parseIPv4 } from './ipv4.ts';

const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

function invalid(token: string, why: string): FarsightError {
  return new FarsightError('TARGET_INVALID', `target '${token}' is not a valid IPv6 address: ${why}`);
}

function parseGroups(text: string, token: string, allowV4Tail: boolean): number[] {
  if (text === '') return [];
  const parts = text.split(':');
  const groups: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i] ?? '';
    if (allowV4Tail && i === parts.length - 1 && p.includes('.')) {
      const v4 = parseIPv4(p, token);
      groups.push(v4 >>> 16, v4 & 0xffff);
    } else if (HEX_GROUP.test(p)) {
      groups.push(parseInt(p, 16));
    } else {
      throw invalid(token, p === '' ? 'empty group (only one :: is allowed)' : `'${p}' is not 1-4 hex digits`);
    }
  }
  return groups;
}

/** Parses IPv6 text to a bigint; throws TARGET_INVALID (or TARGET_AMBIGUOUS for an embedded non-canonical IPv4). */
export function parseIPv6(text: string, token: string = text): bigint {
  if (text.includes('%')) throw invalid(token, 'zone indexes (%eth0) are not supported; write the address without them');
  if (text.startsWith('[') || text.endsWith(']')) throw invalid(token, 'write the address without brackets');
  const halves = text.split('::');
  if (halves.length > 2) throw invalid(token, ':: may appear only once');
  let groups: number[];
  if (halves.length === 2) {
    const head = parseGroups(halves[0] ?? '', token, false);
    const tail = parseGroups(halves[1] ?? '', token, true);
    const missing = 8 - head.length - tail.length;
    if (missing < 1) throw invalid(token, ':: must stand for at least one group');
    groups = [...head, ...new Array<number>(missing).fill(0), ...tail];
  } else {
    groups = parseGroups(text, token, true);
    if (groups.length !== 8) throw invalid(token, `it has ${groups.length} groups, not 8`);
  }
  let value = 0n;
  for (const g of groups) value = (value << 16n) | BigInt(g);
  return value;
}

/** Formats a 128-bit value in RFC 5952 §4 form: lowercase, no leading zeros, longest zero run (≥2) as `::`. */
export function formatIPv6(value: bigint): string {
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((value >> BigInt(i * 16)) & 0xffffn));
  let bestStart = -1;
  let bestLen = 1; // RFC 5952 §4.2.2: a single 0 group is not shortened
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) { bestStart = i; bestLen = j - i; } // §4.2.3: first longest run wins
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}
