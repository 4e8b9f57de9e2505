/**
 * A controller's work queue (client-go workqueue semantics): keys are de-duplicated while
 * pending, processed one at a time on the clock, and re-queued with exponential back-off when a
 * reconcile fails with an API error (client-go's default per-item limiter: 5ms doubling to 1000s).
 */
import { ApiError } from '../errors';
import type { Clock, TimerHandle } from './clock';

const BASE_BACKOFF_MS = 5;
const MAX_BACKOFF_MS = 1000_000;

export class WorkQueue {
  private readonly pending = new Map<string, TimerHandle>();
  private readonly failures = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly reconcile: (key: string) => void,
  ) {}

  /** Queues `key` to be reconciled after `delayMs` (an earlier pending run wins). */
  add(key: string, delayMs = 0): void {
    const at = this.clock.now() + Math.max(0, delayMs);
    const existing = this.pending.get(key);
    if (existing && existing.at <= at) return;
    existing?.cancel();
    this.pending.set(key, this.clock.at(at, () => this.process(key)));
  }

  private process(key: string): void {
    this.pending.delete(key);
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
