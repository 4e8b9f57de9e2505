import { describe, expect, it } from '@jest/globals';
import { EXPECTATIONS_TIMEOUT_MS } from '../../../../src/sim/controllers/shared/controller-expectations';
import { UidTrackingExpectations } from '../../../../src/sim/controllers/shared/uid-tracking-expectations';

describe('UidTrackingExpectations', () => {
  it('counts only the deletions of the pods it chose, each once', () => {
    const e = new UidTrackingExpectations(() => 0);
    e.expectDeletions('rs', ['ns/a', 'ns/b']);
    e.deletionObserved('rs', 'ns/other');
    e.deletionObserved('rs', 'ns/a');
    e.deletionObserved('rs', 'ns/a');
    expect(e.satisfied('rs')).toBe(false);
    e.deletionObserved('rs', 'ns/b');
    expect(e.satisfied('rs')).toBe(true);
  });

  it('waits for creations; new creations replace a pending deletion wait', () => {
    const e = new UidTrackingExpectations(() => 0);
    e.expectDeletions('rs', ['ns/a']);
    e.expectCreations('rs', 1);
    e.deletionObserved('rs', 'ns/a');
    expect(e.satisfied('rs')).toBe(false);
    e.creationObserved('rs');
    expect(e.satisfied('rs')).toBe(true);
  });

  it('times out and forgets like the counting kind', () => {
    let now = 0;
    const e = new UidTrackingExpectations(() => now);
    e.expectDeletions('rs', ['ns/a']);
    now = EXPECTATIONS_TIMEOUT_MS + 1;
    expect(e.satisfied('rs')).toBe(true);
    now = 0;
    e.expectCreations('j', 1);
    e.forget('j');
    expect(e.satisfied('j')).toBe(true);
  });
});
