import { describe, expect, it } from '@jest/globals';
import { Backoff } from '../../../src/sim/kubelet/backoff';

describe('Backoff (client-go flowcontrol)', () => {
  it('starts at the initial delay, doubles and caps at the maximum', () => {
    const b = new Backoff(10_000, 300_000);
    const seen: number[] = [];
    for (let i = 0; i < 8; i++) {
      b.next('k', i * 1000, i * 1000);
      seen.push(b.get('k'));
    }
    expect(seen).toEqual([10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000]);
  });

  it('measures IsInBackOffSince from the event time and IsInBackOffSinceUpdate from the last update', () => {
    const b = new Backoff(10_000, 300_000);
    b.next('k', 0, 5_000);
    expect(b.isInBackOffSince('k', 0, 9_999)).toBe(true);
    expect(b.isInBackOffSince('k', 0, 10_000)).toBe(false);
    expect(b.isInBackOffSinceUpdate('k', 14_999)).toBe(true);
    expect(b.isInBackOffSinceUpdate('k', 15_000)).toBe(false);
  });

  it('starts over once an event comes more than the expiry after the last update', () => {
    const b = new Backoff(10_000, 300_000, 600_000);
    b.next('k', 0, 0);
    b.next('k', 1000, 1000);
    expect(b.get('k')).toBe(20_000);
    b.next('k', 700_000, 700_000);
    expect(b.get('k')).toBe(10_000);
  });
});
