/**
 * A bounded least-recently-used map: `get` refreshes an entry, `set` past the capacity (entry
 * count or total weight) drops the entries used longest ago. Backed by one Map (its insertion
 * order is the recency order).
 */

interface Slot<V> { value: V; weight: number }

/** Map with at most `capacity` entries and `maxWeight` total weight, evicting the least recently used. */
export class BoundedLru<K, V> {
  readonly #map = new Map<K, Slot<V>>();
  readonly #capacity: number;
  readonly #maxWeight: number;
  #weight = 0;

  /** At most `capacity` ≥ 1 entries, and at most `maxWeight` in all (each `set` says its entry's weight). */
  constructor(capacity: number, maxWeight = Number.POSITIVE_INFINITY) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`LRU capacity must be a positive integer, got ${capacity}`);
    if (!(maxWeight >= 1)) throw new RangeError(`LRU weight limit must be at least 1, got ${maxWeight}`);
    this.#capacity = capacity;
    this.#maxWeight = maxWeight;
  }

  /** Entries held now. */
  get size(): number { return this.#map.size; }

  /** Total weight held now. */
  get weight(): number { return this.#weight; }

  /** The value for `key` (and marks it used), or undefined. */
  get(key: K): V | undefined {
    const slot = this.#map.get(key);
    if (slot === undefined) return undefined;
    this.#map.delete(key);
    this.#map.set(key, slot);
    return slot.value;
  }

  /** Stores `value` as the most recently used; drops the least recently used past the limits (never the entry just set). */
  set(key: K, value: V, weight = 1): void {
    const old = this.#map.get(key);
    if (old) { this.#map.delete(key); this.#weight -= old.weight; }
    this.#map.set(key, { value, weight });
    this.#weight += weight;
    while (this.#map.size > 1 && (this.#map.size > this.#capacity || this.#weight > this.#maxWeight)) {
      const oldest = this.#map.entries().next();
      if (oldest.done) break;
      this.#map.delete(oldest.value[0]);
      this.#weight -= oldest.value[1].weight;
    }
  }
}
