/**
 * A bounded least-recently-used map: `get` refreshes an entry, `set` past the capacity drops
 * the entry used longest ago. Backed by one Map (its insertion order is the recency order).
 */

/** Map with at most `capacity` entries, evicting the least recently used. */
export class BoundedLru<K, V> {
  readonly #map = new Map<K, V>();
  readonly #capacity: number;

  /** `capacity` ≥ 1 entries are kept. */
  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`LRU capacity must be a positive integer, got ${capacity}`);
    this.#capacity = capacity;
  }

  /** Entries held now. */
  get size(): number { return this.#map.size; }

  /** The value for `key` (and marks it used), or undefined. */
  get(key: K): V | undefined {
    const v = this.#map.get(key);
    if (v === undefined) return undefined;
    this.#map.delete(key);
    this.#map.set(key, v);
    return v;
  }

  /** Stores `value` as the most recently used; drops the least recently used past the capacity. */
  set(key: K, value: V): void {
    this.#map.delete(key);
    this.#map.set(key, value);
    if (this.#map.size > this.#capacity) {
      const oldest = this.#map.keys().next();
      if (!oldest.done) this.#map.delete(oldest.value);
    }
  }
}
