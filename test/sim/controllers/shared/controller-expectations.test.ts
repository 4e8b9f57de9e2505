import { describe, expect, it } from '@jest/globals';
import { ControllerExpectations, EXPECTATIONS_TIMEOUT_MS } from '../../../../src/sim/controllers/shared/controller-expectations';

describe('ControllerExpectations (counting)', () => {
  it('is satisfied with nothing recorded, and once every expected add and delete was seen', () => {
    let now = 0;
    const e = new ControllerExpectations(() => now);
    expect(e.satisfied('k')).toBe(true);
    e.set('k', 2, 1);
    e.creationObserved('k');
    e.deletionObserved('k');
    expect(e.satisfied('k')).toBe(false);
    e.creationObserved('k');
    expect(e.satisfied('k')).toBe(true);
  });

  it('counts lowered (failed or skipped) creations as done', () => {
    const e = new ControllerExpectations(() => 0);
    e.set('k', 4, 0);
    e.lower('k', 3, 0);
    expect(e.satisfied('k')).toBe(false);
    e.creationObserved('k');
    expect(e.satisfied('k')).toBe(true);
  });

  it('gives up waiting after the 5-minute timeout, and forgets on request', () => {
    let now = 0;
    const e = new ControllerExpectations(() => now);
    e.set('k', 1, 0);
    now = EXPECTATIONS_TIMEOUT_MS;
    expect(e.satisfied('k')).toBe(false);
    now += 1;
    expect(e.satisfied('k')).toBe(true);
    e.set('j', 1, 0);
    e.forget('j');
    expect(e.satisfied('j')).toBe(true);
  });
});
