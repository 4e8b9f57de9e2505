/**
 * PersistentVolumeClaimUnusedSinceTime (alpha off in 1.36, beta on in 1.37, kubernetes#139620):
 * the PVC protection controller keeps an Unused condition on bound claims.
 */
import { describe, expect, it } from '@jest/globals';
import type { KObject } from '../../../../src/kube/object';
import type { KubeVersion } from '../../../../src/kube/version';
import { Bench, type PodK, podUsing, pv, pvc } from './harness';

function bound(version: KubeVersion): Bench {
  const b = new Bench({ version });
  b.create(pv('pv1', { size: '5Gi' }));
  b.create(pvc('data', { size: '1Gi', className: '' }));
  b.run(30_000);
  expect(b.pvc('data')!.status!.phase).toBe('Bound');
  return b;
}

const unused = (b: Bench) => (b.pvc('data')!.status!.conditions ?? []).filter((c) => c.type === 'Unused');

describe('Unused condition of a PVC', () => {
  it.each<KubeVersion>(['1.35', '1.36'])('is not written on %s', (version) => {
    const b = bound(version);
    b.create(podUsing('app', ['data'], 'node-1'));
    b.run(10_000);
    expect(b.pvc('data')!.status!.conditions).toBeUndefined();
  });

  it('on 1.37 is True once bound, False while a pod names the claim, True again when the pod ends', () => {
    const b = bound('1.37');
    expect(unused(b)).toEqual([
      { type: 'Unused', status: 'True', lastTransitionTime: expect.any(String), reason: 'NoPodsUsingPVC', message: 'No pods are currently referencing this PVC' },
    ]);
    // Not yet scheduled: referencing is enough.
    b.create(podUsing('app', ['data']));
    b.run(1_000);
    expect(unused(b)).toMatchObject([{ status: 'False', reason: 'PodUsingPVC', message: 'A pod is currently referencing this PVC' }]);
    const pod = b.api.get<PodK>('Pod', 'default', 'app')!;
    b.api.updateStatus({ ...pod, status: { ...pod.status, phase: 'Succeeded' } } as KObject);
    b.run(1_000);
    expect(unused(b)).toMatchObject([{ status: 'True', reason: 'NoPodsUsingPVC' }]);
  });

  it('on 1.37 is not written on a claim that is not bound', () => {
    const b = new Bench({ version: '1.37' });
    b.create(pvc('data', { size: '1Gi', className: '' }));
    b.run(30_000);
    expect(b.pvc('data')!.status!.phase).toBe('Pending');
    expect(b.pvc('data')!.status!.conditions).toBeUndefined();
  });
});
