/**
 * Storage object in-use protection: kubernetes.io/pvc-protection holds a claim while a scheduled
 * pod references it; kubernetes.io/pv-protection holds a volume while it is Bound.
 */
import { describe, expect, it } from '@jest/globals';
import type { KObject } from '../../../../src/kube/object';
import { Bench, type PodK, podUsing, pv, pvc } from './harness';

function setPhase(b: Bench, name: string, phase: string): void {
  const pod = b.api.get<PodK>('Pod', 'default', name)!;
  b.api.updateStatus({ ...pod, status: { ...pod.status, phase } } as KObject);
}

describe('PVC protection', () => {
  it('keeps a claim used by a scheduled pod until the pod is gone', () => {
    const b = new Bench({ pv: false });
    b.create(pvc('data', { className: '' }));
    b.create(podUsing('app', ['data'], 'node-1'));
    b.deleteClaim('data');
    b.run(60_000);
    const claim = b.pvc('data')!;
    expect(claim.metadata.deletionTimestamp).toBeDefined();
    expect(claim.metadata.finalizers).toEqual(['kubernetes.io/pvc-protection']);
    b.api.delete('Pod', 'default', 'app', { gracePeriodSeconds: 0 });
    b.run(1);
    expect(b.pvc('data')).toBeUndefined();
  });

  it('a Succeeded pod that still exists keeps holding the claim (upstream podUsesPVC ignores the phase)', () => {
    const b = new Bench({ pv: false });
    b.create(pvc('data', { className: '' }));
    b.create(podUsing('job', ['data'], 'node-1'));
    setPhase(b, 'job', 'Succeeded');
    b.deleteClaim('data');
    b.run(60_000);
    expect(b.pvc('data')).toBeDefined();
    b.api.delete('Pod', 'default', 'job');
    b.run(1);
    expect(b.pvc('data')).toBeUndefined();
  });

  it('an unscheduled pod does not hold the claim', () => {
    const b = new Bench({ pv: false });
    b.create(pvc('data', { className: '' }));
    b.create(podUsing('pending', ['data']));
    b.deleteClaim('data');
    b.run(1);
    expect(b.pvc('data')).toBeUndefined();
  });

  it('puts the finalizer back on a live claim that lost it', () => {
    const b = new Bench({ pv: false });
    b.create(pvc('data', { className: '' }));
    b.edit(b.pvc('data'), (c) => {
      c.metadata.finalizers = [];
    });
    b.run(1);
    expect(b.pvc('data')!.metadata.finalizers).toEqual(['kubernetes.io/pvc-protection']);
  });

  it('only counts pods in the claim\'s namespace', () => {
    const b = new Bench({ pv: false });
    b.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other' } });
    b.create(pvc('data', { className: '' }));
    b.create({ ...podUsing('app', ['data'], 'node-1'), metadata: { name: 'app', namespace: 'other' } });
    b.deleteClaim('data');
    b.run(1);
    expect(b.pvc('data')).toBeUndefined();
  });
});

describe('PV protection', () => {
  it('keeps a Bound volume; lets it go once Released', () => {
    const b = new Bench();
    b.create(pv('vol', { policy: 'Retain' }));
    b.create(pvc('data', { className: '' }));
    b.run(1);
    b.api.delete('PersistentVolume', undefined, 'vol');
    b.run(30_000);
    expect(b.pv('vol')!.metadata.deletionTimestamp).toBeDefined();
    expect(b.pv('vol')!.status!.phase).toBe('Bound');
    b.deleteClaim('data');
    b.run(1);
    expect(b.pv('vol')).toBeUndefined();
  });

  it('removes an Available volume at once', () => {
    const b = new Bench();
    b.create(pv('vol'));
    b.run(1);
    b.api.delete('PersistentVolume', undefined, 'vol');
    b.run(1);
    expect(b.pv('vol')).toBeUndefined();
  });
});
