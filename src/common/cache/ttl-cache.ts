import { LRUCache } from 'lru-cache';

/**
 * A small in-process cache with a time to live and a size bound (`lru-cache`: past
 * `maxEntries`, the least recently used entry goes). What it holds is dropped on change
 * by the owner (through domain events); the TTL only bounds how long a missed
 * invalidation could last.
 */
export class TtlCache<K extends NonNullable<unknown>, V extends NonNullable<unknown>> {
  private readonly entries: LRUCache<K, V>;

  /** `clock` is for tests; the default is `performance`. */
  constructor(ttlMs: number, maxEntries = 10_000, clock?: { now(): number }) {
    // ttlResolution 0: read the clock on each check rather than keep a timer per millisecond.
    this.entries = new LRUCache<K, V>({
      max: maxEntries,
      ttl: ttlMs,
      ttlResolution: 0,
      perf: clock,
    });
  }

  get(key: K): V | undefined {
    return this.entries.get(key);
  }

  set(key: K, value: V): void {
    this.entries.set(key, value);
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  deleteWhere(predicate: (value: V, key: K) => boolean): void {
    for (const [key, value] of [...this.entries.entries()]) {
      if (predicate(value, key)) this.entries.delete(key);
    }
  }
}
