import { describe, expect, it } from '@jest/globals';
import type { PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import { bind, container, harness, nginx, ready } from './harness';

describe('waiting for volumes', () => {
  const setup = () => {
    const h = harness();
    h.api.create({
      apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv-data' },
      spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/mnt/pv' }, storageClassName: '' },
    });
    const pvc = h.api.create<PersistentVolumeClaim>({
      apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: 'default' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: '', volumeName: 'pv-data' },
    });
    h.pod({ containers: [{ ...nginx, volumeMounts: [{ name: 'd', mountPath: '/d' }] }], volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'data' } }] });
    return { h, pvc };
  };

  it('keeps the pod ContainerCreating while its claim is unbound, without events', () => {
    const { h } = setup();
    h.at(300_000);
    expect(container(h.get('web'))?.state?.waiting?.reason).toBe('ContainerCreating');
    expect(h.get('web')?.status?.conditions?.find((c) => c.type === 'PodReadyToStartContainers')?.status).toBe('False');
    // a plain WaitForAttachAndMount timeout records nothing since the kubelet ignores wait.Interrupted errors
    expect(h.events('web')).toEqual([]);
  });

  it('goes on at the next 300ms poll once the claim is bound', () => {
    const { h, pvc } = setup();
    h.at(10_050);
    bind(h, pvc, 'pv-data');
    h.at(60_000);
    // the wait began at 0; the poll after the bind is at 10.2s; sandbox 0.5s, pull 3s, start 0.1s
    expect(h.events('web')[0]?.reason).toBe('Pulling');
    expect(h.firstTime('web', ready)).toBe(13_800);
  });

  it('ends the wait when the pod is deleted', () => {
    const { h } = setup();
    h.at(5_000);
    h.api.delete('Pod', 'default', 'web');
    h.at(6_000);
    expect(h.get('web')).toBeUndefined();
  });
});

describe('generic ephemeral volumes', () => {
  const setup = (owned: boolean) => {
    const h = harness();
    h.api.create({
      apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv-scratch' },
      spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/mnt/pv' }, storageClassName: '' },
    });
    const template = { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: '' } };
    const pod = h.pod({ containers: [{ ...nginx, volumeMounts: [{ name: 'scratch', mountPath: '/scratch' }] }], volumes: [{ name: 'scratch', ephemeral: { volumeClaimTemplate: template } }] });
    const owner = { apiVersion: 'v1', kind: 'Pod', name: 'web', uid: pod.metadata!.uid, controller: true, blockOwnerDeletion: true };
    const pvc = h.api.create<PersistentVolumeClaim>({
      apiVersion: 'v1', kind: 'PersistentVolumeClaim',
      metadata: { name: 'web-scratch', namespace: 'default', ...(owned ? { ownerReferences: [owner] } : {}) },
      spec: { ...template.spec, volumeName: 'pv-scratch' },
    });
    bind(h, pvc, 'pv-scratch');
    return h;
  };

  it('mounts the bound <pod>-<volume> claim the pod controls', () => {
    const h = setup(true);
    h.at(30_000);
    expect(ready(h.get('web'))).toBe(true);
  });

  it('never mounts a bound claim of that name the pod does not control (VolumeIsForPod)', () => {
    const h = setup(false);
    h.at(300_000);
    expect(container(h.get('web'))?.state?.waiting?.reason).toBe('ContainerCreating');
  });
});
