/**
 * The namespace controller's work queue: client-go's rate-limiting delaying queue as
 * NamespaceController configures it (pkg/controller/namespace/namespace_controller.go).
 * - One waiting entry per key; AddAfter keeps the earliest ready time (delaying_queue.go).
 * - AddRateLimited waits nsControllerRateLimiter's per-item exponential back-off: 5ms doubling,
 *   at most 60s (the overall 10 qps / burst 100 bucket never binds for a few namespaces); Forget
 *   resets it.
 *
 * A namespace whose content is stuck (an object with a finalizer nobody removes, a pod on a
 * dead node) is retried upstream every 8s, or every minute, for ever. Those retries change
 * nothing until some object of the namespace changes, so such a retry is "parked": kept as
 * arithmetic instead of a timer, and turned back into a timer at the retry time that upstream
 * would next reach once an event touches the namespace. The timing stays upstream's; the cost
 * follows events, not virtual time.
 */
import { Call, type Clock, type TimerHandle } from '../../clock';

const BASE_BACKOFF_MS = 5;
const MAX_BACKOFF_MS = 60_000;

/** A retry kept as arithmetic: due `at`, repeating every `periodMs` or with the rate-limited back-off. */
interface Parked {
  at: number;
  periodMs?: number;
}

export class NamespaceQueue {
  private readonly waiting = new Map<string, TimerHandle>();
  private readonly parked = new Map<string, Parked>();
  private readonly failures = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly process: (key: string) => void,
  ) {}

  /** AddAfter from an informer event. */
  addAfter(key: string, delayMs: number): void {
    const target = this.clock.now() + delayMs;
    const parked = this.dueParked(key);
    if (parked !== undefined) this.schedule(key, Math.min(parked, target));
    else this.scheduleIfEarlier(key, target);
  }

  /** Something in the namespace changed: a parked retry becomes a real one again. */
  wake(key: string): void {
    const parked = this.dueParked(key);
    if (parked !== undefined) this.schedule(key, parked);
  }

  /** AddAfter after a pass that left content behind. */
  retryAfter(key: string, delayMs: number, steady: boolean): void {
    this.requeue(key, { at: this.clock.now() + delayMs, periodMs: delayMs }, steady);
  }

  /** AddRateLimited after a failed pass. */
  retryRateLimited(key: string, steady: boolean): void {
    this.requeue(key, { at: this.clock.now() + this.nextBackoff(key) }, steady);
  }

  /** Forget: the key succeeded, its back-off starts over. */
  forget(key: string): void {
    this.failures.delete(key);
  }

  private requeue(key: string, retry: Parked, steady: boolean): void {
    const existing = this.waiting.get(key);
    if (existing && existing.at <= retry.at) return;
    existing?.cancel();
    this.waiting.delete(key);
    if (steady) this.parked.set(key, retry);
    else this.schedule(key, retry.at);
  }

  /**
   * The parked retry's next due time at or after now, removing it from the parked set; every
   * retry due before now would have changed nothing, but each failed one counts for the back-off.
   */
  private dueParked(key: string): number | undefined {
    const p = this.parked.get(key);
    if (!p) return undefined;
    this.parked.delete(key);
    const now = this.clock.now();
    if (p.periodMs) return p.at >= now ? p.at : p.at + Math.ceil((now - p.at) / p.periodMs) * p.periodMs;
    let at = p.at;
    while (at < now) {
      const backoff = this.nextBackoff(key);
      if (backoff >= MAX_BACKOFF_MS) return at + Math.ceil((now - at) / MAX_BACKOFF_MS) * MAX_BACKOFF_MS;
      at += backoff;
    }
    return at;
  }

  /** ItemExponentialFailureRateLimiter.When: 5ms·2^failures, capped; counts the failure. */
  private nextBackoff(key: string): number {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    return Math.min(BASE_BACKOFF_MS * 2 ** n, MAX_BACKOFF_MS);
  }

  private scheduleIfEarlier(key: string, at: number): void {
    const existing = this.waiting.get(key);
    if (existing && existing.at <= at) return;
    this.schedule(key, at);
  }

  private schedule(key: string, at: number): void {
    this.waiting.get(key)?.cancel();
    this.waiting.set(key, this.clock.at(at, new Call<NamespaceQueue, string>(this, 'due', key)));
  }

  /** The key's wait ended: the worker takes it. */
  due(key: string): void {
    this.waiting.delete(key);
    this.process(key);
  }
}

