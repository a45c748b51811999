/**
 * Splits overlapping intervals so that every value belongs to the first (lowest-owner)
 * interval that covers it. This is how a TargetList yields each address once, in token
 * order, without a Set of addresses: O(k log k) in the number of tokens, never in addresses.
 */
import type { Interval } from './intervals.ts';

/** An interval owned by the token at index `owner`. */
export interface OwnedInterval<T extends number | bigint> extends Interval<T> {
  owner: number;
}

function compare<T extends number | bigint>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function indexOf<T extends number | bigint>(points: readonly T[], value: T): number {
  let lo = 0;
  let hi = points.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((points[mid] as T) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * For intervals given in ascending owner order, returns each owner's segments (ascending,
 * disjoint) covering exactly the values no earlier owner covers.
 */
export function firstCover<T extends number | bigint>(
  items: readonly OwnedInterval<T>[], succ: (v: T) => T, pred: (v: T) => T,
): Map<number, Interval<T>[]> {
  const raw: T[] = [];
  for (const it of items) raw.push(it.start, succ(it.end));
  raw.sort(compare);
  const points = raw.filter((p, i) => i === 0 || p !== raw[i - 1]);
  const slots = Math.max(points.length - 1, 0);
  const owner = new Int32Array(slots).fill(-1);
  // next[j]: the first unpainted slot >= j (union-find with path compression).
  const next = new Int32Array(slots + 1);
  for (let j = 0; j <= slots; j++) next[j] = j;
  const find = (j: number): number => {
    let root = j;
    while (next[root] !== root) root = next[root] as number;
    while (next[j] !== root) { const n = next[j] as number; next[j] = root; j = n; }
    return root;
  };
  for (const it of items) {
    const hi = indexOf(points, succ(it.end));
    for (let j = find(indexOf(points, it.start)); j < hi; j = find(j + 1)) {
      owner[j] = it.owner;
      next[j] = j + 1;
    }
  }
  const out = new Map<number, Interval<T>[]>();
  for (let j = 0; j < slots; j++) {
    const o = owner[j] as number;
    if (o < 0) continue;
    const start = points[j] as T;
    const end = pred(points[j + 1] as T);
    let list = out.get(o);
    if (!list) { list = []; out.set(o, list); }
    const last = list[list.length - 1];
    if (last && succ(last.end) === start) last.end = end;
    else list.push({ start, end });
  }
  return out;
}
