/**
 * The Eviction subresource (pkg/registry/core/pod/storage/eviction.go): a running pod guarded by
 * a PodDisruptionBudget that allows no disruption is refused with 429 TooManyRequests and a
 * DisruptionBudget cause; an allowed eviction marks the pod DisruptionTarget and deletes it.
 */
import { expect } from '@jest/globals';
import type { Backend } from '../../src/backend/contract';
import type { KObject } from '../../src/kube/object';
import { pdb, pod } from './fixtures';
import { condition, eventually, expectStatus, isPodReady, ref, rejection, section, uniqueName, type SuiteEnv } from './harness';

const REFUSED = "Cannot evict pod as it would violate the pod's disruption budget.";

async function readyPod(backend: Backend, name: string, labels: Record<string, string>): Promise<KObject> {
  await backend.create(pod(name, labels));
  await eventually(backend, `pod ${name} is Ready`, async () => isPodReady(await backend.get(ref('Pod', name))), 120_000);
  return (await backend.get(ref('Pod', name)))!;
}

interface PdbStatus {
  observedGeneration?: number;
  disruptionsAllowed?: number;
  currentHealthy?: number;
  desiredHealthy?: number;
}

/** A budget whose status the disruption controller has brought up to date with `healthy` pods. */
async function settledBudget(backend: Backend, name: string, matchLabels: Record<string, string>, minAvailable: number, healthy: number): Promise<void> {
  await backend.create(pdb(name, matchLabels, minAvailable));
  await eventually(backend, `PodDisruptionBudget ${name} is observed with ${healthy} healthy pods`, async () => {
    const b = await backend.get(ref('PodDisruptionBudget', name));
    const st = b?.status as PdbStatus | undefined;
    return !!b && (st?.observedGeneration ?? 0) >= (b.metadata.generation ?? 1) && st?.currentHealthy === healthy;
  }, 60_000);
}

export function evictionTests(env: SuiteEnv): void {
  section('eviction', env, (s) => {
    s.test('a budget that allows no disruption refuses with 429 TooManyRequests and the budget as cause', async () => {
      const name = uniqueName('guarded');
      const labels = { app: name };
      await readyPod(s.backend, name, labels);
      await settledBudget(s.backend, name, labels, 1, 1);
      expect((await s.backend.get(ref('PodDisruptionBudget', name)))?.status).toMatchObject({ disruptionsAllowed: 0, desiredHealthy: 1 });

      const err = await rejection(s.backend.evict(ref('Pod', name)));
      expectStatus(err, 429, 'TooManyRequests', REFUSED);
      expect(err.causes).toEqual([{ reason: 'DisruptionBudget', message: `The disruption budget ${name} needs 1 healthy pods and has 1 currently` }]);
      const still = await s.backend.get(ref('Pod', name));
      expect(still?.metadata.deletionTimestamp).toBeUndefined();
      expect(isPodReady(still)).toBe(true);
    });

    s.test('an allowed eviction marks the pod DisruptionTarget and deletes it', async () => {
      const name = uniqueName('evictable');
      const labels = { app: name };
      const running = await readyPod(s.backend, name, labels);
      await settledBudget(s.backend, name, labels, 0, 1);
      expect((await s.backend.get(ref('PodDisruptionBudget', name)))?.status).toMatchObject({ disruptionsAllowed: 1 });

      await s.backend.evict(ref('Pod', name));
      const evicted = await s.backend.get(ref('Pod', name));
      // Graceful: the pod is terminating for its 1 s grace period.
      expect(evicted?.metadata.uid).toBe(running.metadata.uid);
      expect(evicted?.metadata.deletionTimestamp).toEqual(expect.any(String));
      expect(condition(evicted, 'DisruptionTarget')).toMatchObject({ status: 'True', reason: 'EvictionByEvictionAPI' });
      await eventually(s.backend, `pod ${name} is gone`, async () => (await s.backend.get(ref('Pod', name)))?.metadata.uid !== running.metadata.uid, 60_000);
    });

    s.test('a pod no budget selects is evicted; a missing pod is 404 NotFound', async () => {
      const name = uniqueName('unguarded');
      const running = await readyPod(s.backend, name, { app: name });
      await s.backend.evict(ref('Pod', name), { gracePeriodSeconds: 0 });
      await eventually(s.backend, `pod ${name} is gone`, async () => (await s.backend.get(ref('Pod', name)))?.metadata.uid !== running.metadata.uid, 60_000);
      expectStatus(await rejection(s.backend.evict(ref('Pod', `${name}-missing`))), 404, 'NotFound', `pods "${name}-missing" not found`);
    });
  });
}
