/** Small concurrency helpers for the scan pipeline (no dependency needed for these two). */

/** Runs `fn` over an async iterable with at most `limit` calls in flight; rejects on the first error. */
export async function forEachConcurrent<T>(
  items: AsyncIterable<T> | Iterable<T>,
  limit: number,
  fn: (item: T) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  const iterator = (Symbol.asyncIterator in items
    ? (items as AsyncIterable<T>)[Symbol.asyncIterator]()
    : (items as Iterable<T>)[Symbol.iterator]()) as AsyncIterator<T> | Iterator<T>;
  let failed: unknown;
  let done = false;
  // Pulling from one shared iterator keeps a /16 target list streamed, never materialised.
  const worker = async (): Promise<void> => {
    while (!done && failed === undefined && !signal?.aborted) {
      const next = await iterator.next();
      if (next.done) { done = true; return; }
      try { await fn(next.value); } catch (e) { failed ??= e; }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, limit) }, worker));
  if (failed !== undefined) throw failed;
}

/** A counting semaphore: `use(fn)` runs fn once a slot is free. */
export class Semaphore {
  #free: number;
  readonly #waiters: Array<() => void> = [];
  constructor(slots: number) { this.#free = Math.max(1, slots); }
  async use<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#free > 0) this.#free--;
    else await new Promise<void>((resolve) => this.#waiters.push(resolve));
    try { return await fn(); } finally {
      const next = this.#waiters.shift();
      if (next) next(); else this.#free++;
    }
  }
}
