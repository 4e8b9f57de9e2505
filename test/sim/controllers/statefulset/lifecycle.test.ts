/**
 * Deleting and re-creating a StatefulSet (001-10, 001-12, 004-11) and adoption of orphans. What
 * the garbage collector would do on a deletion is done by hand here: it is another component.
 */
import { describe, expect, it } from '@jest/globals';
import { ORPHAN_FINALIZER } from '../../../../src/sim/apiserver/store';
import type { KObject } from '../../../../src/kube/object';
import { bench, statefulSet, type Bench } from './harness';

/** A background cascade as the garbage collector performs it: the set, then its dependents. */
function deleteInBackground(b: Bench, name: string): void {
  const set = b.set(name);
  b.api.delete('StatefulSet', 'default', name);
  for (const dep of b.api.dependents(set.metadata.uid!)) {
    if (dep.kind === 'PersistentVolumeClaim') continue; // claims have no owner under Retain
    b.api.delete(dep.kind, dep.metadata.namespace, dep.metadata.name);
  }
}

/** An orphan cascade: the collector strips the owner refs, then the finalizer. */
function deleteOrphaning(b: Bench, name: string): void {
  const uid = b.set(name).metadata.uid!;
  b.api.delete('StatefulSet', 'default', name, { propagationPolicy: 'Orphan' });
  b.run(0);
  for (const dep of b.api.dependents(uid)) {
    const refs = (dep.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
    b.api.update({ ...dep, metadata: { ...dep.metadata, ownerReferences: refs.length ? refs : undefined } } as KObject);
  }
  const set = b.set(name);
  b.api.update({ ...set, metadata: { ...set.metadata, finalizers: (set.metadata.finalizers ?? []).filter((f) => f !== ORPHAN_FINALIZER) } });
}

describe('re-creating a StatefulSet (001-10, 004-11)', () => {
  it('brings back the same pod names on the same claims', () => {
    const b = bench();
    b.api.create(statefulSet('web', { claims: ['www'] }));
    b.run(30_000);
    const claimUids = [0, 1, 2].map((i) => b.pvc(`www-web-${i}`)!.metadata.uid);
    const podUids = [0, 1, 2].map((i) => b.pod(`web-${i}`)!.metadata.uid);
    deleteInBackground(b, 'web');
    b.run(30_000);
    expect(b.podNames()).toEqual([]);
    expect([0, 1, 2].map((i) => b.pvc(`www-web-${i}`)!.metadata.uid)).toEqual(claimUids); // claims survive
    b.api.create(statefulSet('web', { claims: ['www'] }));
    b.run(30_000);
    expect(b.podNames()).toEqual(['web-0', 'web-1', 'web-2']);
    expect([0, 1, 2].map((i) => b.pod(`web-${i}`)!.metadata.uid)).not.toEqual(podUids);
    expect([0, 1, 2].map((i) => b.pvc(`www-web-${i}`)!.metadata.uid)).toEqual(claimUids);
    expect([0, 1, 2].map((i) => b.pod(`web-${i}`)!.spec!.volumes![0]!.persistentVolumeClaim!.claimName))
      .toEqual(['www-web-0', 'www-web-1', 'www-web-2']);
  });
});

describe('adoption', () => {
  it('a set re-created after an orphaning delete adopts the pods and the revision without replacing anything', () => {
    const b = bench();
    b.api.create(statefulSet('web'));
    b.run(30_000);
    const podUids = b.podNames().map((n) => b.pod(n)!.metadata.uid);
    const revision = b.set('web').status!.currentRevision;
    deleteOrphaning(b, 'web');
    b.run(1000);
    expect(b.api.get('StatefulSet', 'default', 'web')).toBeUndefined();
    expect(b.pod('web-0')!.metadata.ownerReferences).toBeUndefined();
    b.api.create(statefulSet('web'));
    b.run(30_000);
    const set = b.set('web');
    expect(b.podNames().map((n) => b.pod(n)!.metadata.uid)).toEqual(podUids);
    expect(b.pod('web-1')!.metadata.ownerReferences).toEqual([
      { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: set.metadata.uid, controller: true, blockOwnerDeletion: true },
    ]);
    expect(set.status).toMatchObject({ currentRevision: revision, updateRevision: revision, readyReplicas: 3, currentReplicas: 3 });
    expect(b.api.list('ControllerRevision')).toHaveLength(1);
    expect(b.api.get<KObject>('ControllerRevision', 'default', revision!)!.metadata.ownerReferences![0]!.uid).toBe(set.metadata.uid);
  });

  it('releases a pod whose labels no longer match the selector', () => {
    const b = bench();
    b.api.create(statefulSet('web', { replicas: 1 }));
    b.run(10_000);
    const pod = b.pod('web-0')!;
    b.api.update({ ...pod, metadata: { ...pod.metadata, labels: { ...pod.metadata.labels, app: 'other' } } });
    b.run(0);
    const released = b.api.list<KObject>('Pod').find((p) => p.metadata.uid === pod.metadata.uid);
    // Released (no owner), and web-0 cannot be re-created while the released pod holds the name.
    expect(released!.metadata.ownerReferences).toBeUndefined();
    expect(b.set('web').status).toMatchObject({ replicas: 0 });
  });
});
