/**
 * client-go's flowcontrol.Backoff as the kubelet uses it for crash loops and image pulls: per key,
 * a delay that starts at `initial`, doubles on every Next up to `max`, and starts over once an
 * event comes long enough after the previous update (HasExpiredFunc). Times are virtual ms.
 */
interface Entry {
  backoff: number;
  lastUpdate: number;
}

export class Backoff {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly initial: number,
    private readonly max: number,
    /** how long after its last update an entry expires (HasExpiredFunc); flowcontrol's default is 2 x max */
    private readonly expiresAfterMs = 2 * max,
  ) {}

  private hasExpired(eventTime: number, lastUpdate: number): boolean {
    return eventTime - lastUpdate > this.expiresAfterMs;
  }

  /** The current delay of `id` (0 when it has none). */
  get(id: string): number {
    return this.entries.get(id)?.backoff ?? 0;
  }

  /** Moves `id` to its next delay; `now` becomes its last update. */
  next(id: string, eventTime: number, now: number): void {
    const e = this.entries.get(id);
    const backoff = !e || this.hasExpired(eventTime, e.lastUpdate) ? this.initial : Math.min(e.backoff * 2, this.max);
    this.entries.set(id, { backoff, lastUpdate: now });
  }

  /** True while less than the current delay has passed since `eventTime` (doBackOff's check). */
  isInBackOffSince(id: string, eventTime: number, now: number): boolean {
    const e = this.entries.get(id);
    if (!e || this.hasExpired(eventTime, e.lastUpdate)) return false;
    return now - eventTime < e.backoff;
  }

  /** True while less than the current delay has passed since the last update (the image puller's check). */
  isInBackOffSinceUpdate(id: string, now: number): boolean {
    const e = this.entries.get(id);
    if (!e || this.hasExpired(now, e.lastUpdate)) return false;
    return now - e.lastUpdate < e.backoff;
  }

  /** When the current back-off of `id` measured from `eventTime` ends. */
  expiry(id: string, eventTime: number): number {
    return eventTime + this.get(id);
  }

  /** Drops entries not updated for 2 x max (Backoff.GC, run by the image manager after a good pull). */
  gc(now: number): void {
    for (const [id, e] of this.entries) if (now - e.lastUpdate > 2 * this.max) this.entries.delete(id);
  }

  delete(id: string): void {
    this.entries.delete(id);
  }
}
