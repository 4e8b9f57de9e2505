import { describe, expect, it } from '@jest/globals';
import { isPodActive, maxContainerRestarts, isPodAvailable, isPodReady, isPodTerminating, nextAvailabilityCheckMs, type PodObj } from '../../src/kube/pod-state';

const parseTime = (t: string) => Date.parse(t);

function pod(status: PodObj['status'], deleting = false): PodObj {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: 'p', namespace: 'ns', ...(deleting ? { deletionTimestamp: '2024-01-01T00:00:00Z' } : {}) },
    status,
  };
}

const readyAt = (t: string) => ({ phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: t }] });

describe('pod state', () => {
  it('is ready only with a True Ready condition', () => {
    expect(isPodReady(pod(readyAt('2024-01-01T00:00:00Z')))).toBe(true);
    expect(isPodReady(pod({ phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }] }))).toBe(false);
    expect(isPodReady(pod(undefined))).toBe(false);
  });

  it('is available once Ready for minReadySeconds, the instant itself included (kubernetes#132122)', () => {
    const p = pod(readyAt('2024-01-01T00:00:00Z'));
    const t0 = parseTime('2024-01-01T00:00:00Z');
    expect(isPodAvailable(p, 0, t0, parseTime)).toBe(true);
    expect(isPodAvailable(p, 10, t0 + 9_999, parseTime)).toBe(false);
    expect(isPodAvailable(p, 10, t0 + 10_000, parseTime)).toBe(true);
    expect(isPodAvailable(pod({ phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }] }), 10, t0 + 60_000, parseTime)).toBe(false);
  });

  it('plans the next availability check for the soonest Ready pod still waiting', () => {
    const t0 = parseTime('2024-01-01T00:00:00Z');
    const pods = [pod(readyAt('2024-01-01T00:00:00Z')), pod(readyAt('2024-01-01T00:00:04Z')), pod({ phase: 'Pending' })];
    expect(nextAvailabilityCheckMs(pods, 10, t0 + 2_000, parseTime)).toBe(8_000);
    expect(nextAvailabilityCheckMs(pods, 10, t0 + 10_000, parseTime)).toBe(4_000); // the first is available now
    expect(nextAvailabilityCheckMs(pods, 10, t0 + 14_000, parseTime)).toBeUndefined();
    expect(nextAvailabilityCheckMs(pods, 0, t0, parseTime)).toBeUndefined();
  });

  it('is active unless terminal or being deleted; terminating means deleted but not terminal', () => {
    expect(isPodActive(pod({ phase: 'Pending' }))).toBe(true);
    expect(isPodActive(pod({ phase: 'Succeeded' }))).toBe(false);
    expect(isPodActive(pod({ phase: 'Running' }, true))).toBe(false);
    expect(isPodTerminating(pod({ phase: 'Running' }, true))).toBe(true);
    expect(isPodTerminating(pod({ phase: 'Failed' }, true))).toBe(false);
    expect(isPodTerminating(pod({ phase: 'Running' }))).toBe(false);
  });

  it('counts the restarts of the container that restarted most (the scale-down ranking orders by it: victims.test.ts)', () => {
    const status = (name: string, n: number) => ({ name, restartCount: n, image: 'i', imageID: '', ready: true });
    expect(maxContainerRestarts(pod({ containerStatuses: [status('a', 1), status('b', 3)] }))).toBe(3);
    expect(maxContainerRestarts(pod({}))).toBe(0);
  });
});
