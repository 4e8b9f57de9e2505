/**
 * A controller's work queue with client-go's semantics (util/workqueue): `add` queues a key once
 * however often it is added before it is processed; `add(key, delay)` is the delaying queue's
 * AddAfter — it waits on its own, keeping the earliest ready time, and then adds the key, so an
 * immediate add never cancels a later requeue. Keys are processed one at a time on the clock. A
 * reconcile that fails with an API error is retried with client-go's default per-item back-off
 * (5ms doubling to 1000s); any other exception is a simulator bug and propagates.
 */
import { ApiError } from '../errors';
import { Call, type Clock, type TimerHandle } from './clock';

const BASE_BACKOFF_MS = 5;
const MAX_BACKOFF_MS = 1000_000;

export class WorkQueue {
  private readonly dirty = new Set<string>();
  private readonly waiting = new Map<string, TimerHandle>();
  private readonly failures = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly reconcile: (key: string) => void,
  ) {}

  /** Queues `key` now, or after `delayMs` (AddAfter). */
  add(key: string, delayMs = 0): void {
    if (delayMs <= 0) return this.addNow(key);
    const at = this.clock.now() + delayMs;
    const existing = this.waiting.get(key);
    if (existing && existing.at <= at) return;
    existing?.cancel();
    this.waiting.set(key, this.clock.at(at, new Call<WorkQueue, string>(this, 'delayOver', key)));
  }

  /** An AddAfter's wait ended: the key is queued. */
  delayOver(key: string): void {
    this.waiting.delete(key);
    this.addNow(key);
  }

  private addNow(key: string): void {
    if (this.dirty.has(key)) return;
    this.dirty.add(key);
    this.clock.after(0, new Call<WorkQueue, string>(this, 'process', key));
  }

  /** The queue's worker takes the key. */
  process(key: string): void {
    this.dirty.delete(key);
    try {
      this.reconcile(key);
      this.failures.delete(key);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      const n = this.failures.get(key) ?? 0;
      this.failures.set(key, n + 1);
      this.add(key, Math.min(BASE_BACKOFF_MS * 2 ** n, MAX_BACKOFF_MS));
    }
  }
}

