/**
 * A parsed list of scan targets that streams its addresses: ranges are never materialised
 * (a /8 is iterated lazily, IPv4 with numbers, IPv6 with bigints) and an address listed by
 * several tokens is yielded once, at its first token.
 */
import { parseTargetToken, splitTargetTokens } from './token.ts';
import type { Piece, TargetParseOptions, TargetSpec } from './token.ts';
import { firstCover } from './first-cover.ts';
import type { OwnedInterval } from './first-cover.ts';
import { BIG_STEP, NUM_STEP, findInterval, mergeIntervals } from './intervals.ts';
import type { Interval } from './intervals.ts';
import { formatIPv4 } from './ipv4.ts';
import { formatIPv6 } from './ipv6.ts';
import { parseAddress } from './address.ts';

/** One target to scan: a canonical address or a hostname still to be resolved. */
export type TargetItem = { kind: 'address'; address: string } | { kind: 'hostname'; name: string };

/** Parsed targets; `items()` may be iterated any number of times. */
export class TargetList {
  /** The parsed tokens, in order. */
  readonly specs: readonly TargetSpec[];
  /** Distinct addresses plus distinct hostnames (IPv6 counts above 2^53 are approximate). */
  readonly count: number;
  /** Distinct hostnames, normalised, in first-seen order. */
  readonly hostnames: readonly string[];
  readonly #own4: Map<number, Interval<number>[]>;
  readonly #own6: Map<number, Interval<bigint>[]>;
  readonly #union4: Interval<number>[];
  readonly #union6: Interval<bigint>[];
  readonly #firstName: Set<number>;

  constructor(specs: readonly TargetSpec[]) {
    this.specs = specs;
    const v4: OwnedInterval<number>[] = [];
    const v6: OwnedInterval<bigint>[] = [];
    const names = new Map<string, number>();
    specs.forEach((spec, owner) => {
      if (spec.kind === 'hostname') {
        if (!names.has(spec.name)) names.set(spec.name, owner);
        return;
      }
      for (const p of spec.pieces) {
        if (p.family === 4) v4.push({ owner, start: p.start, end: p.end });
        else v6.push({ owner, start: p.start, end: p.end });
      }
    });
    this.#own4 = firstCover(v4, NUM_STEP.succ, NUM_STEP.pred);
    this.#own6 = firstCover(v6, BIG_STEP.succ, BIG_STEP.pred);
    this.#union4 = mergeIntervals(v4, NUM_STEP.succ);
    this.#union6 = mergeIntervals(v6, BIG_STEP.succ);
    this.#firstName = new Set(names.values());
    this.hostnames = [...names.keys()];
    let total = BigInt(names.size);
    for (const it of this.#union4) total += BigInt(it.end - it.start + 1);
    for (const it of this.#union6) total += it.end - it.start + 1n;
    this.count = Number(total);
  }

  /** Yields every distinct address and hostname in token order, lazily. */
  *items(): Generator<TargetItem, void, undefined> {
    for (let owner = 0; owner < this.specs.length; owner++) {
      const spec = this.specs[owner] as TargetSpec;
      if (spec.kind === 'hostname') {
        if (this.#firstName.has(owner)) yield { kind: 'hostname', name: spec.name };
        continue;
      }
      for (const piece of spec.pieces) yield* this.#pieceItems(owner, piece);
    }
  }

  *#pieceItems(owner: number, piece: Piece): Generator<TargetItem, void, undefined> {
    if (piece.family === 4) {
      for (const seg of this.#own4.get(owner) ?? []) {
        if (seg.end < piece.start || seg.start > piece.end) continue;
        for (let v = seg.start; v <= seg.end; v++) yield { kind: 'address', address: formatIPv4(v) };
      }
    } else {
      for (const seg of this.#own6.get(owner) ?? []) {
        if (seg.end < piece.start || seg.start > piece.end) continue;
        for (let v = seg.start; v <= seg.end; v++) yield { kind: 'address', address: formatIPv6(v) };
      }
    }
  }

  /** True when the address (any accepted literal form) is one of the listed addresses. */
  has(address: string): boolean {
    const a = parseAddress(address.trim(), address);
    return a.family === 4 ? findInterval(this.#union4, a.value) !== undefined : findInterval(this.#union6, a.value) !== undefined;
  }
}

/**
 * Parses target tokens (each may hold several, separated by whitespace or commas) into a
 * streaming TargetList. Throws a TARGET_* FarsightError naming the first bad token.
 * `@file` tokens must be expanded first (expandTargetFiles).
 */
export function parseTargetList(tokens: readonly string[], options: TargetParseOptions = {}): TargetList {
  const specs: TargetSpec[] = [];
  for (const raw of tokens) for (const token of splitTargetTokens(raw)) specs.push(parseTargetToken(token, options));
  return new TargetList(specs);
}
