/**
 * Closed integer intervals [start, end] over number (IPv4) or bigint (IPv6): merging,
 * binary-search membership and subtraction. Ranges are never expanded.
 */

/** A closed interval with an optional label (the token it came from). */
export interface Interval<T extends number | bigint> {
  start: T;
  end: T;
  source?: string;
}

/** Sorts and merges overlapping or adjacent intervals; a merged interval keeps the first source. */
export function mergeIntervals<T extends number | bigint>(items: readonly Interval<T>[], succ: (v: T) => T): Interval<T>[] {
  const sorted = [...items].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const out: Interval<T>[] = [];
  for (const it of sorted) {
    const last = out[out.length - 1];
    if (last && it.start <= succ(last.end)) {
      if (it.end > last.end) last.end = it.end;
    } else {
      out.push({ ...it });
    }
  }
  return out;
}

/** The merged interval containing `value`, found by binary search, or undefined. */
export function findInterval<T extends number | bigint>(merged: readonly Interval<T>[], value: T): Interval<T> | undefined {
  let lo = 0;
  let hi = merged.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const it = merged[mid];
    if (!it) return undefined;
    if (value < it.start) hi = mid - 1;
    else if (value > it.end) lo = mid + 1;
    else return it;
  }
  return undefined;
}

/**
 * The parts of [start, end] not covered by `merged` (sorted, disjoint), in ascending order.
 * `succ`/`pred` step by one in the value type.
 */
export function subtractIntervals<T extends number | bigint>(
  start: T, end: T, merged: readonly Interval<T>[], succ: (v: T) => T, pred: (v: T) => T,
): Interval<T>[] {
  const out: Interval<T>[] = [];
  let cursor = start;
  let done = false;
  for (const it of merged) {
    if (it.end < cursor) continue;
    if (it.start > end) break;
    if (it.start > cursor) out.push({ start: cursor, end: pred(it.start) });
    if (it.end >= end) { done = true; break; }
    cursor = succ(it.end);
  }
  if (!done) out.push({ start: cursor, end });
  return out;
}

/** Step functions for IPv4 numbers. */
export const NUM_STEP = { succ: (v: number): number => v + 1, pred: (v: number): number => v - 1 };
/** Step functions for IPv6 bigints. */
export const BIG_STEP = { succ: (v: bigint): bigint => v + 1n, pred: (v: bigint): bigint => v - 1n };
