/**
 * A set of addresses for exclusions and allow-lists: merged, sorted intervals (IPv4 numbers,
 * IPv6 bigints) answering membership in O(log n), plus hostnames kept as names.
 */
import { parseTargetToken, splitTargetTokens } from './token.ts';
import { BIG_STEP, NUM_STEP, findInterval, mergeIntervals } from './intervals.ts';
import type { Interval } from './intervals.ts';
import { parseAddress } from './address.ts';
import { normaliseHostname } from './hostname.ts';

/** Immutable set of addresses and hostnames. */
export class AddressSet {
  readonly #v4: Interval<number>[];
  readonly #v6: Interval<bigint>[];
  readonly #names: Map<string, string>;
  /** The tokens this set was built from. */
  readonly tokens: readonly string[];

  constructor(v4: readonly Interval<number>[], v6: readonly Interval<bigint>[], names: ReadonlyMap<string, string>, tokens: readonly string[]) {
    this.#v4 = mergeIntervals(v4, NUM_STEP.succ);
    this.#v6 = mergeIntervals(v6, BIG_STEP.succ);
    this.#names = new Map(names);
    this.tokens = tokens;
  }

  /** An empty set. */
  static empty(): AddressSet {
    return new AddressSet([], [], new Map(), []);
  }

  /** The union of several sets (e.g. scan, site and global exclusions). */
  static union(...sets: readonly AddressSet[]): AddressSet {
    return new AddressSet(
      sets.flatMap((s) => s.#v4), sets.flatMap((s) => s.#v6),
      new Map(sets.flatMap((s) => [...s.#names]).reverse()), sets.flatMap((s) => s.tokens),
    );
  }

  /** True when nothing is in the set. */
  get isEmpty(): boolean {
    return this.#v4.length === 0 && this.#v6.length === 0 && this.#names.size === 0;
  }

  /** True when the set holds any address (not only hostnames). */
  get hasAddresses(): boolean {
    return this.#v4.length > 0 || this.#v6.length > 0;
  }

  /**
   * The token whose range contains the address, or undefined. Accepts any address literal
   * and canonicalises it first; throws TARGET_INVALID/TARGET_AMBIGUOUS for non-addresses.
   */
  match(address: string): string | undefined {
    const a = parseAddress(address.trim(), address);
    const hit = a.family === 4 ? findInterval(this.#v4, a.value) : findInterval(this.#v6, a.value);
    return hit === undefined ? undefined : hit.source ?? '';
  }

  /** True when the address is in the set (O(log n)); see match() for accepted input. */
  has(address: string): boolean {
    return this.match(address) !== undefined;
  }

  /** True when the hostname (case-insensitive, trailing dot ignored) is in the set. */
  hasName(name: string): boolean {
    const n = normaliseHostname(name);
    return n !== undefined && this.#names.has(n);
  }
}

/**
 * Parses exclusion or allow-list tokens (addresses, CIDRs, ranges, hostnames; several per
 * token separated by whitespace or commas) with no size limit. Throws TARGET_* errors.
 */
export function parseAddressSet(tokens: readonly string[]): AddressSet {
  const v4: Interval<number>[] = [];
  const v6: Interval<bigint>[] = [];
  const names = new Map<string, string>();
  const all: string[] = [];
  for (const raw of tokens) {
    for (const token of splitTargetTokens(raw)) {
      all.push(token);
      const spec = parseTargetToken(token, { maxAddresses: Infinity, maxIPv6Addresses: 1n << 128n });
      if (spec.kind === 'hostname') {
        if (!names.has(spec.name)) names.set(spec.name, token);
        continue;
      }
      for (const p of spec.pieces) {
        if (p.family === 4) v4.push({ start: p.start, end: p.end, source: token });
        else v6.push({ start: p.start, end: p.end, source: token });
      }
    }
  }
  return new AddressSet(v4, v6, names, all);
}
