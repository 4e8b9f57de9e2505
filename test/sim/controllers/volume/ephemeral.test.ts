import { describe, expect, it } from '@jest/globals';
import { EphemeralVolumeController } from '../../../../src/sim/controllers/volume';
import { GarbageCollector } from '../../../../src/sim/controllers/gc';
import { Bench, type PodK, type PvcK } from './harness';

const template = {
  metadata: { labels: { type: 'scratch' }, annotations: { note: 'from template' } },
  spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'standard', resources: { requests: { storage: '1Gi' } } },
};

function bench(extra: Array<EphemeralVolumeController | GarbageCollector> = [new EphemeralVolumeController()]): Bench {
  return new Bench({ pv: false, provisioner: false, extra });
}

function pod(b: Bench, name = 'web', volumes: unknown[] = [{ name: 'scratch', ephemeral: { volumeClaimTemplate: template } }]): PodK {
  return b.create<PodK>({
    apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' },
    spec: { containers: [{ name: 'c', image: 'busybox:1.36' }], volumes },
  } as never);
}

describe('ephemeral volume controller (pkg/controller/volume/ephemeral)', () => {
  it('creates <pod>-<volume> from the template, owned and controlled by the pod', () => {
    const b = bench();
    const p = pod(b);
    b.run(1);
    const claim = b.pvc('web-scratch')!;
    expect(claim.metadata.labels).toEqual({ type: 'scratch' });
    expect(claim.metadata.annotations).toMatchObject({ note: 'from template' });
    expect(claim.metadata.ownerReferences).toEqual([
      { apiVersion: 'v1', kind: 'Pod', name: 'web', uid: p.metadata!.uid, controller: true, blockOwnerDeletion: true },
    ]);
    expect(claim.spec).toMatchObject(template.spec);
  });

  it('leaves pods without ephemeral volumes alone, and pods deleted before their sync', () => {
    const b = bench();
    pod(b, 'plain', [{ name: 'tmp', emptyDir: {} }]);
    pod(b, 'gone');
    b.api.delete('Pod', 'default', 'gone', { gracePeriodSeconds: 30 });
    b.run(1);
    expect(b.api.list<PvcK>('PersistentVolumeClaim')).toEqual([]);
  });

  it('refuses a claim of that name the pod does not control: FailedBinding, retried with back-off', () => {
    const b = bench();
    b.create({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'web-scratch', namespace: 'default' }, spec: template.spec } as never);
    pod(b);
    b.run(1);
    const failed = b.eventObjects('web').filter((e) => e.reason === 'FailedBinding');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({
      type: 'Warning',
      message: 'ephemeral volume scratch: PVC default/web-scratch was not created for pod default/web (pod is not owner)',
      source: { component: 'ephemeral_volume' },
    });
    expect(b.pvc('web-scratch')!.metadata.ownerReferences).toBeUndefined();
    // retried 5, 10, 20 ... 320 ms after each failure: 7 more tries by 1 s, the next at 1.275 s
    b.run(1_000);
    expect(b.eventObjects('web').find((e) => e.reason === 'FailedBinding')!.count).toBe(8);
    b.run(300);
    expect(b.eventObjects('web').find((e) => e.reason === 'FailedBinding')!.count).toBe(9);
  });

  it('re-creates a deleted claim for a pod that still exists', () => {
    const b = bench();
    pod(b);
    b.run(1);
    const first = b.pvc('web-scratch')!.metadata.uid;
    b.deleteClaim('web-scratch');
    b.run(1);
    expect(b.pvc('web-scratch')?.metadata.uid).toBeDefined();
    expect(b.pvc('web-scratch')?.metadata.uid).not.toBe(first);
  });

  it('the claim is garbage-collected with its pod', () => {
    const b = bench([new EphemeralVolumeController(), new GarbageCollector()]);
    pod(b);
    b.run(1);
    expect(b.pvc('web-scratch')).toBeDefined();
    b.api.delete('Pod', 'default', 'web', { gracePeriodSeconds: 0 });
    b.run(5_000);
    expect(b.pvc('web-scratch')).toBeUndefined();
  });
});
