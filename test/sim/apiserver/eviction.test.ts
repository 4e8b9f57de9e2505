/**
 * The eviction subresource (pkg/registry/core/pod/storage/eviction.go): budgets are checked and
 * spent, refusals are 429 with upstream's message and cause, pods that are not running skip the
 * check, and every eviction marks the pod DisruptionTarget before the graceful delete.
 */
import { describe, expect, test } from '@jest/globals';
import { ApiError } from '../../../src/errors';
import { clone, type KObject } from '../../../src/kube/object';
import { evictPod } from '../../../src/sim/apiserver/eviction';
import type { PdbObj } from '../../../src/sim/controllers/disruption';
import { bench, pdb, pod, replicaSet, statusOf, type Bench } from '../controllers/disruption/harness';

function refusal(fn: () => void): ApiError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('the eviction was not refused');
}

function webWithBudget(budget: Record<string, unknown>, replicas = 3): { b: Bench; names: string[] } {
  const b = bench();
  b.kubelet.stopMs = 3000;
  b.api.create(replicaSet('web', replicas));
  b.api.create(pdb('web-pdb', { ...budget, selector: { matchLabels: { app: 'web' } } }));
  b.run(5000);
  return { b, names: b.pods().map((p) => p.metadata.name) };
}

const evict = (b: Bench, name: string, gracePeriodSeconds?: number) => evictPod(b.api, { namespace: 'default', name, gracePeriodSeconds });

describe('evicting under a budget', () => {
  test('a granted eviction spends the budget, records the pod and deletes it gracefully', () => {
    const { b, names } = webWithBudget({ maxUnavailable: 1 });
    evict(b, names[0]!);
    const victim = b.get<KObject & { status: any }>('Pod', names[0]!);
    expect(victim.metadata.deletionTimestamp).toBe('2025-01-01T00:00:10Z'); // grace 5s from 00:05
    expect(victim.status.conditions).toContainEqual({
      type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: '2025-01-01T00:00:05Z',
      reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting',
    });
    // As the eviction wrote it, before the disruption controller recounts (no time has passed).
    const status = b.get<PdbObj>('PodDisruptionBudget', 'web-pdb').status!;
    expect(status).toMatchObject({ disruptionsAllowed: 0, currentHealthy: 3, disruptedPods: { [names[0]!]: '2025-01-01T00:00:05Z' } });
    expect(status.conditions).toEqual([expect.objectContaining({ status: 'False', reason: 'InsufficientPods', lastTransitionTime: '2025-01-01T00:00:05Z' })]);
  });

  test('the next eviction is refused with 429 while the evicted pod is not replaced and Ready', () => {
    const { b, names } = webWithBudget({ maxUnavailable: 1 });
    evict(b, names[0]!);
    b.run(10);
    const err = refusal(() => evict(b, names[1]!));
    expect([err.status, err.reason, err.message]).toEqual([429, 'TooManyRequests', "Cannot evict pod as it would violate the pod's disruption budget."]);
    expect(err.causes).toEqual([{ reason: 'DisruptionBudget', message: 'The disruption budget web-pdb needs 2 healthy pods and has 2 currently' }]);
    expect(b.get<KObject>('Pod', names[1]!).metadata.deletionTimestamp).toBeUndefined();
    // the replacement becomes Ready: the budget is back and the eviction goes through
    b.run(5000);
    expect(statusOf(b, 'web-pdb')!.disruptionsAllowed).toBe(1);
    evict(b, names[1]!);
    expect(b.get<KObject>('Pod', names[1]!).metadata.deletionTimestamp).toBeDefined();
  });

  test('the request grace period overrides the pod\'s', () => {
    const { b, names } = webWithBudget({ maxUnavailable: 1 });
    evict(b, names[0]!, 0);
    expect(b.api.get('Pod', 'default', names[0]!)).toBeUndefined();
  });

  test('a budget whose status lags its generation answers 429 "still being processed"', () => {
    const { b, names } = webWithBudget({ maxUnavailable: 1 });
    const cur = clone(b.get<PdbObj>('PodDisruptionBudget', 'web-pdb'));
    cur.spec = { maxUnavailable: 2, selector: { matchLabels: { app: 'web' } } };
    b.api.update(cur); // the controller has not synced yet (no time passed)
    const err = refusal(() => evict(b, names[0]!));
    expect(err.status).toBe(429);
    expect(err.causes[0]!.message).toBe('The disruption budget web-pdb is still being processed by the server.');
  });

  test('two budgets selecting the pod: 500', () => {
    const { b, names } = webWithBudget({ maxUnavailable: 1 });
    b.api.create(pdb('other', { minAvailable: 1, selector: { matchLabels: { tier: 'web' } } }));
    b.run(10);
    const err = refusal(() => evict(b, names[0]!));
    expect([err.status, err.message]).toEqual([500, 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.']);
  });

  test('a budget with an empty selector is not enforced by the eviction subresource', () => {
    const { b, names } = webWithBudget({ minAvailable: 3 });
    b.api.delete('PodDisruptionBudget', 'default', 'web-pdb');
    b.api.create(pdb('all', { minAvailable: 3, selector: {} }));
    b.run(10);
    expect(statusOf(b, 'all')!.disruptionsAllowed).toBe(0);
    evict(b, names[0]!);
    expect(b.get<KObject>('Pod', names[0]!).metadata.deletionTimestamp).toBeDefined();
  });

  test('an unknown pod is 404', () => {
    const b = bench();
    expect([refusal(() => evict(b, 'nope')).status, refusal(() => evict(b, 'nope')).message]).toEqual([404, 'pods "nope" not found']);
  });
});

describe('pods the budget does not guard', () => {
  test('a Pending pod is deleted even when no disruption is allowed', () => {
    const b = bench();
    b.kubelet.starting = false;
    b.api.create(replicaSet('web', 2));
    b.api.create(pdb('web-pdb', { minAvailable: 2, selector: { matchLabels: { app: 'web' } } }));
    b.run(100);
    expect(statusOf(b, 'web-pdb')!.disruptionsAllowed).toBe(0);
    const name = b.pods()[0]!.metadata.name;
    evict(b, name);
    expect(b.get<KObject>('Pod', name).metadata.deletionTimestamp).toBeDefined();
  });

  test('an unready Running pod goes without spending the budget while the budget is met (IfHealthyBudget)', () => {
    const { b, names } = webWithBudget({ minAvailable: 2 });
    b.kubelet.setStatus(b.get('Pod', names[0]!), 'Running', false);
    b.run(10);
    expect(statusOf(b, 'web-pdb')).toMatchObject({ currentHealthy: 2, desiredHealthy: 2, disruptionsAllowed: 0 });
    evict(b, names[0]!);
    expect(b.get<KObject>('Pod', names[0]!).metadata.deletionTimestamp).toBeDefined();
    expect(statusOf(b, 'web-pdb')!.disruptedPods).toBeUndefined();
  });

  test('an unready pod of a budget that is not met: refused, unless AlwaysAllow', () => {
    for (const policy of [undefined, 'AlwaysAllow']) {
      const { b, names } = webWithBudget({ minAvailable: 3, ...(policy ? { unhealthyPodEvictionPolicy: policy } : {}) });
      b.kubelet.setStatus(b.get('Pod', names[0]!), 'Running', false);
      b.run(10);
      expect(statusOf(b, 'web-pdb')).toMatchObject({ currentHealthy: 2, desiredHealthy: 3 });
      if (policy) {
        evict(b, names[0]!);
        expect(b.get<KObject>('Pod', names[0]!).metadata.deletionTimestamp).toBeDefined();
      } else {
        expect(refusal(() => evict(b, names[0]!)).status).toBe(429);
      }
    }
  });

  test('a pod without a budget is simply evicted', () => {
    const b = bench();
    b.api.create(pod('solo', { app: 'solo' }));
    b.run(5000);
    evict(b, 'solo');
    expect(b.get<KObject>('Pod', 'solo').metadata.deletionTimestamp).toBeDefined();
  });
});
