/**
 * Delete propagation through the garbage collector (pkg/controller/garbagecollector), with a
 * ReplicaSet and its pods: Background removes the owner at once and the dependents eventually;
 * Orphan strips the ownerReferences and keeps the dependents; Foreground keeps the owner —
 * deletionTimestamp set, foregroundDeletion finalizer — until its blocking dependents are gone.
 */
import { expect } from '@jest/globals';
import type { Backend } from '../../src/backend/contract';
import type { KObject } from '../../src/kube/object';
import { replicaSet } from './fixtures';
import { eventually, isPodRunning, podsOwnedBy, ref, section, uniqueName, type SuiteEnv } from './harness';
import { watchInto } from './watch';

/** A ReplicaSet whose `replicas` pods exist and run. */
async function runningReplicaSet(backend: Backend, replicas = 2): Promise<{ rs: KObject; pods: KObject[] }> {
  const name = uniqueName('owner');
  const { object: rs } = await backend.create(replicaSet(name, replicas));
  await eventually(backend, `${replicas} running pods of ReplicaSet ${name}`, async () => {
    const pods = await podsOwnedBy(backend, rs.metadata.uid!);
    return pods.length === replicas && pods.every(isPodRunning);
  }, 120_000);
  return { rs, pods: await podsOwnedBy(backend, rs.metadata.uid!) };
}

const uids = (objects: KObject[]) => objects.map((o) => o.metadata.uid).sort();

export function propagationTests(env: SuiteEnv): void {
  section('delete propagation', env, (s) => {
    s.test('Background: the owner goes at once, the garbage collector removes its dependents', async () => {
      const { rs, pods } = await runningReplicaSet(s.backend);
      expect(pods.every((p) => p.metadata.ownerReferences?.some((r) => r.uid === rs.metadata.uid && r.controller))).toBe(true);
      await s.backend.delete(ref('ReplicaSet', rs.metadata.name), { propagationPolicy: 'Background' });
      expect(await s.backend.get(ref('ReplicaSet', rs.metadata.name))).toBeUndefined();
      await eventually(s.backend, `the pods of ${rs.metadata.name} are gone`, async () => {
        const left = await s.backend.list('Pod');
        return !left.some((p) => uids(pods).includes(p.metadata.uid));
      }, 120_000);
    });

    s.test('Orphan: the owner goes, its dependents stay without the ownerReference', async () => {
      const { rs, pods } = await runningReplicaSet(s.backend);
      await s.backend.delete(ref('ReplicaSet', rs.metadata.name), { propagationPolicy: 'Orphan' });
      await eventually(s.backend, `ReplicaSet ${rs.metadata.name} is gone`, async () => !(await s.backend.get(ref('ReplicaSet', rs.metadata.name))), 60_000);
      const after = await Promise.all(pods.map((p) => s.backend.get(ref('Pod', p.metadata.name))));
      expect(uids(after.filter((p): p is KObject => !!p))).toEqual(uids(pods));
      for (const p of after) {
        expect(p?.metadata.deletionTimestamp).toBeUndefined();
        expect(p?.metadata.ownerReferences ?? []).not.toContainEqual(expect.objectContaining({ uid: rs.metadata.uid }));
      }
      for (const p of pods) await s.backend.delete(ref('Pod', p.metadata.name), { gracePeriodSeconds: 0 });
    });

    s.test('Foreground: the owner stays, marked, until its dependents are gone', async () => {
      const { rs, pods } = await runningReplicaSet(s.backend);
      const name = rs.metadata.name;
      const owners = await watchInto(s.backend, { kind: 'ReplicaSet', namespace: rs.metadata.namespace });
      try {
        await s.backend.delete(ref('ReplicaSet', name), { propagationPolicy: 'Foreground' });
        const marked = await s.backend.get(ref('ReplicaSet', name));
        expect(marked?.metadata.deletionTimestamp).toEqual(expect.any(String));
        expect(marked?.metadata.finalizers).toContain('foregroundDeletion');

        await eventually(s.backend, `ReplicaSet ${name} is gone`, async () => !(await s.backend.get(ref('ReplicaSet', name))), 120_000);
        // Gone only after every pod it owned was removed from storage.
        const left = await s.backend.list('Pod');
        expect(left.filter((p) => uids(pods).includes(p.metadata.uid))).toEqual([]);
        await owners.until('DELETED', name);
        const seen = owners.events.filter((e) => e.object.metadata.name === name);
        const markedAt = seen.findIndex((e) => e.type === 'MODIFIED' && e.object.metadata.deletionTimestamp
          && e.object.metadata.finalizers?.includes('foregroundDeletion'));
        expect(markedAt).toBeGreaterThanOrEqual(0);
        expect(seen.at(-1)?.type).toBe('DELETED');
        expect(seen.slice(markedAt).every((e) => !!e.object.metadata.deletionTimestamp)).toBe(true);
      } finally {
        owners.handle.stop();
      }
    });
  });
}
