/** The per-zone taint queue and its burst-1 token bucket (rate_limited_queue.go, x/time/rate). */
import { describe, expect, it } from '@jest/globals';
import { RateLimitedTimedQueue, TokenBucket } from '../../../../src/sim/controllers/nodelifecycle/rate-limited-queue';

const done = () => ({ done: true, retryMs: 0 });

describe('TokenBucket', () => {
  it('starts full and refills one token per 1/qps', () => {
    const b = new TokenBucket(0.1);
    expect(b.tryAccept(0)).toBe(true);
    expect(b.tryAccept(9_999)).toBe(false);
    expect(b.tryAccept(10_000)).toBe(true);
  });

  it('keeps float32 arithmetic: 0.01 qps refills just after 100 s', () => {
    const b = new TokenBucket(0.01);
    b.tryAccept(0);
    expect(b.tokenAt(0)).toBe(100_001);
  });

  it('never gives a token at qps 0', () => {
    expect(new TokenBucket(0).tryAccept(0)).toBe(false);
    expect(new TokenBucket(0).tokenAt(5)).toBe(Infinity);
  });
});

describe('RateLimitedTimedQueue', () => {
  it('processes one node per token, in order of addition', () => {
    const q = new RateLimitedTimedQueue(new TokenBucket(0.1));
    q.add('a', 'ua', 0);
    q.add('b', 'ub', 0);
    const seen: string[] = [];
    q.try(100, (i) => (seen.push(i.node), done()));
    expect(seen).toEqual(['a']);
    expect(q.nextUsefulTry(100)).toBe(10_100);
    q.try(10_100, (i) => (seen.push(i.node), done()));
    expect(seen).toEqual(['a', 'b']);
    expect(q.isEmpty()).toBe(true);
  });

  it('refuses a node processed before until it is removed', () => {
    const q = new RateLimitedTimedQueue(new TokenBucket(0.1));
    q.add('a', 'ua', 0);
    q.try(0, done);
    expect(q.add('a', 'ua', 1)).toBe(false);
    expect(q.remove('a')).toBe(true);
    expect(q.add('a', 'ua', 2)).toBe(true);
  });

  it('requeues a failed node after its retry delay', () => {
    const q = new RateLimitedTimedQueue(new TokenBucket(10));
    q.add('a', 'ua', 0);
    q.try(0, () => ({ done: false, retryMs: 50 }));
    expect(q.nextUsefulTry(0)).toBe(100);
  });

  it('starts a swapped bucket empty when the old one had no token (drain)', () => {
    const q = new RateLimitedTimedQueue(new TokenBucket(0.1));
    q.add('a', 'ua', 0);
    q.swapLimiter(0, 0);
    q.try(0, done);
    expect(q.isEmpty()).toBe(false);
    q.swapLimiter(0.1, 5_000);
    expect(q.nextUsefulTry(5_000)).toBe(15_000);
  });
});
