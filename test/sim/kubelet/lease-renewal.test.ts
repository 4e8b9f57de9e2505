import { describe, expect, it } from '@jest/globals';
import { LeaseRenewals } from '../../../src/sim/kubelet/lease-renewal';
import { kubeletConditions, initialConditions } from '../../../src/sim/kubelet/node-conditions';

describe('LeaseRenewals', () => {
  it('gives the last 10 s renewal before renewing stopped, counted from when it (re)started', () => {
    const r = new LeaseRenewals();
    expect(r.lease()).toEqual({ state: 'absent' }); // never renewed: no Lease
    expect(r.resume(3_000)).toBe(true);
    expect(r.resume(4_000)).toBe(false);
    expect(r.lease()).toEqual({ state: 'renewing' });
    expect(r.halt(42_999)).toBe(true);
    expect(r.lease()).toEqual({ state: 'stopped', lastRenewalMs: 33_000 });
    expect(r.halt(50_000)).toBe(false);
    expect(r.lease()).toEqual({ state: 'stopped', lastRenewalMs: 33_000 });
    r.resume(61_500);
    // a renewal happens at the very instant renewing stops on a tick
    r.halt(81_500);
    expect(r.lease()).toEqual({ state: 'stopped', lastRenewalMs: 81_500 });
  });
});

describe('kubeletConditions', () => {
  it('changes nothing but heartbeats on a healthy node', () => {
    const u = kubeletConditions(initialConditions('2025-01-01T00:00:00Z'), '2025-01-01T00:05:00Z');
    expect(u.changed).toBe(false);
    expect(u.events).toEqual([]);
    expect(u.conditions.every((c) => c.lastHeartbeatTime === '2025-01-01T00:05:00Z' && c.lastTransitionTime === '2025-01-01T00:00:00Z')).toBe(true);
  });

  it('turns Unknown conditions back, with a transition and an event each, and keeps foreign ones', () => {
    const unknown = initialConditions('2025-01-01T00:00:00Z').map((c) => ({ ...c, status: 'Unknown', reason: 'NodeStatusUnknown' }));
    const foreign = { type: 'NetworkUnavailable', status: 'False', reason: 'RouteCreated' };
    const u = kubeletConditions([...unknown, foreign], 't1');
    expect(u.changed).toBe(true);
    expect(u.events).toEqual(['NodeHasSufficientMemory', 'NodeHasNoDiskPressure', 'NodeHasSufficientPID', 'NodeReady']);
    expect(u.conditions.map((c) => [c.type, c.status, c.lastTransitionTime])).toEqual([
      ['MemoryPressure', 'False', 't1'], ['DiskPressure', 'False', 't1'], ['PIDPressure', 'False', 't1'], ['Ready', 'True', 't1'],
      ['NetworkUnavailable', 'False', undefined],
    ]);
  });
});
