import { describe, expect, it } from '@jest/globals';
import { compareRestarts, isPodActive, isPodAvailable, isPodReady, isPodTerminating, type PodObj } from '../../src/kube/pod-state';

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

  it('is available once Ready for strictly longer than minReadySeconds', () => {
    const p = pod(readyAt('2024-01-01T00:00:00Z'));
    const t0 = parseTime('2024-01-01T00:00:00Z');
    expect(isPodAvailable(p, 0, t0, parseTime)).toBe(true);
    expect(isPodAvailable(p, 10, t0 + 10_000, parseTime)).toBe(false);
    expect(isPodAvailable(p, 10, t0 + 10_001, parseTime)).toBe(true);
  });

  it('is active unless terminal or being deleted; terminating means deleted but not terminal', () => {
    expect(isPodActive(pod({ phase: 'Pending' }))).toBe(true);
    expect(isPodActive(pod({ phase: 'Succeeded' }))).toBe(false);
    expect(isPodActive(pod({ phase: 'Running' }, true))).toBe(false);
    expect(isPodTerminating(pod({ phase: 'Running' }, true))).toBe(true);
    expect(isPodTerminating(pod({ phase: 'Failed' }, true))).toBe(false);
    expect(isPodTerminating(pod({ phase: 'Running' }))).toBe(false);
  });

  it('orders the pod that restarted more first', () => {
    const restarts = (n: number) => pod({ containerStatuses: [{ name: 'c', restartCount: n, image: 'i', imageID: '', ready: true }] });
    expect(compareRestarts(restarts(3), restarts(1))).toBeLessThan(0);
    expect(compareRestarts(restarts(1), restarts(1))).toBe(0);
  });
});
