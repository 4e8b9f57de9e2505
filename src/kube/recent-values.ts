/**
 * Values worth sharing while they recur (an image reference's parsed name, an Event's message
 * text), kept in a bounded table that starts afresh when full: a run that names values without
 * end costs only their recomputation, never unbounded memory. What is kept must be a pure
 * function of the key, so forgetting it changes nothing but the time.
 */
export class RecentValues<K, V> {
  private readonly values = new Map<K, V>();

  constructor(private readonly limit: number) {}

  /** The value kept for `key`, else `make()`'s, kept from now on. */
  get(key: K, make: () => V): V {
    if (this.values.has(key)) return this.values.get(key)!;
    const value = make();
    if (this.values.size >= this.limit) this.values.clear();
    this.values.set(key, value);
    return value;
  }
}
