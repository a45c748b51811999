/**
 * A stable numeric order for matching: a host's (advisory entry, package) pairs sorted by their
 * feed position without a comparator call per comparison. Pure.
 */

/**
 * The indices 0…n−1 of `keys` (non-negative integers) sorted by key, ties in index order. One
 * native sort of packed doubles (key × 2^20 + index) while that is exact, else a comparator sort.
 */
export function stableOrder(keys: readonly number[]): ArrayLike<number> {
  const n = keys.length;
  const scale = 2 ** 20;
  let max = 0;
  for (const k of keys) if (k > max) max = k;
  if (n < scale && (max + 1) * scale <= Number.MAX_SAFE_INTEGER) {
    const packed = new Float64Array(n);
    for (let i = 0; i < n; i++) packed[i] = (keys[i] as number) * scale + i;
    packed.sort();
    const out = new Uint32Array(n);
    for (let i = 0; i < n; i++) out[i] = (packed[i] as number) % scale;
    return out;
  }
  return Array.from({ length: n }, (_, i) => i).sort((a, b) => (keys[a] as number) - (keys[b] as number) || a - b);
}
