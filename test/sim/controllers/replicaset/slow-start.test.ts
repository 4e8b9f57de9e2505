import { describe, expect, it } from '@jest/globals';
import { slowStartBatch } from '../../../../src/sim/controllers/replicaset/slow-start';

describe('slowStartBatch', () => {
  it('runs batches of 1, 2, 4, ... until the count is reached', () => {
    let calls = 0;
    expect(slowStartBatch(10, 1, () => void calls++)).toEqual({ successes: 10 });
    expect(calls).toBe(10);
  });

  it('finishes the failing batch, then stops: 1 + 2 + (4 with one failure) = 6 successes', () => {
    let calls = 0;
    const r = slowStartBatch(10, 1, () => {
      calls++;
      if (calls === 4) throw new Error('quota');
    });
    expect(calls).toBe(7);
    expect(r.successes).toBe(6);
    expect((r.error as Error).message).toBe('quota');
  });
});
