/**
 * The per-zone queue of nodes waiting for a NoExecute taint (pkg/controller/nodelifecycle/
 * scheduler/rate_limited_queue.go RateLimitedTimedQueue) with its token bucket
 * (client-go flowcontrol.NewTokenBucketRateLimiter over golang.org/x/time/rate, burst 1).
 *
 * With burst 1 the bucket's whole state is when it last gave out its token: it starts full, and
 * refills one token per 1/qps seconds. qps is a float32 upstream, so 0.01 refills a hair after
 * 100 s; the arithmetic below keeps that.
 */

export interface QueuedNode {
  node: string;
  uid: string;
  addedAt: number;
  processAt: number;
}

export class TokenBucket {
  private lastTaken: number | undefined;
  /** ms from one token to the next; Infinity for the "never" limiter of qps 0 */
  private readonly refillMs: number;

  constructor(readonly qps: number) {
    this.refillMs = qps > 0 ? refillInterval(qps) : Infinity;
  }

  /** TryAccept: takes the token if there is one. */
  tryAccept(now: number): boolean {
    if (!this.hasTokenAt(now)) return false;
    this.lastTaken = now;
    return true;
  }

  /** When the next token is there (now or later); Infinity for qps 0. */
  tokenAt(now: number): number {
    if (this.refillMs === Infinity) return Infinity;
    return this.lastTaken === undefined ? now : Math.max(now, this.lastTaken + this.refillMs);
  }

  private hasTokenAt(now: number): boolean {
    return this.tokenAt(now) <= now;
  }
}

/** The smallest whole ms after which rate.Limiter(float32 qps) has refilled one token. */
function refillInterval(qps: number): number {
  const limit = Math.fround(qps);
  let ms = Math.floor(1000 / limit);
  while ((ms / 1000) * limit < 1) ms++;
  return ms;
}

export class RateLimitedTimedQueue {
  private queue: QueuedNode[] = [];
  /** UniqueQueue's set: a value stays here after processing until Remove, so Add refuses it. */
  private readonly seen = new Set<string>();

  constructor(private limiter: TokenBucket) {}

  get qps(): number {
    return this.limiter.qps;
  }

  /** Add: false when the node was added before and not removed since. */
  add(node: string, uid: string, now: number): boolean {
    if (this.seen.has(node)) return false;
    this.seen.add(node);
    this.queue.push({ node, uid, addedAt: now, processAt: now });
    this.sort();
    return true;
  }

  /** Remove: drops the node and lets it be added again. */
  remove(node: string): boolean {
    if (!this.seen.delete(node)) return false;
    this.queue = this.queue.filter((q) => q.node !== node);
    return true;
  }

  isEmpty(): boolean {
    return this.queue.length === 0;
  }

  /**
   * Try: while the head is due and the bucket gives a token, run `fn`; true means done (the node
   * leaves the queue but stays in the set), false requeues it `retryMs` later. The token is taken
   * before the head's time is checked, as upstream does.
   */
  try(now: number, fn: (item: QueuedNode) => { done: boolean; retryMs: number }): void {
    let head = this.queue[0];
    while (head) {
      if (!this.limiter.tryAccept(now)) return;
      if (now < head.processAt) return;
      const { done, retryMs } = fn(head);
      if (done) this.queue = this.queue.filter((q) => q !== head);
      else {
        head.processAt = now + retryMs + 1;
        this.sort();
      }
      head = this.queue[0];
    }
  }

  /** When a Try could next do something: the later of the head's time and the next token. */
  nextUsefulTry(now: number): number {
    const head = this.queue[0];
    if (!head) return Infinity;
    return Math.max(head.processAt, this.limiter.tokenAt(now));
  }

  /**
   * SwapLimiter: a new bucket for a new rate (none for qps 0). If the old bucket had no token
   * left, the new one starts empty too ("drain", right for burst 1).
   */
  swapLimiter(qps: number, now: number): void {
    if (this.limiter.qps === qps) return;
    const next = new TokenBucket(qps);
    if (qps > 0 && !this.limiter.tryAccept(now)) next.tryAccept(now);
    this.limiter = next;
  }

  private sort(): void {
    // A heap ordered by processAt upstream; ties keep insertion order here (stable sort).
    this.queue.sort((a, b) => a.processAt - b.processAt);
  }
}
