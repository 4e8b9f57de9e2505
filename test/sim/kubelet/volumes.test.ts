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

  const failedMount = (h: ReturnType<typeof harness>) => h.events('web').filter((e) => e.reason === 'FailedMount');

  it('fails each sync with FailedMount at the 300 ms poll while its claim is unbound, retrying after the 10-15 s back-off', () => {
    const { h } = setup();
    h.at(299);
    expect(failedMount(h)).toEqual([]);
    h.at(300);
    expect(failedMount(h)).toEqual([expect.objectContaining({
      type: 'Warning',
      count: 1,
      message: 'Unable to attach or mount volumes: unmounted volumes=[d], unattached volumes=[], failed to process volumes=[d]: error processing PVC default/data: PVC is not bound',
    })]);
    h.at(10_299);
    expect(failedMount(h)[0]!.count).toBe(1);
    h.at(300_000);
    // one try every 10.3-15.3 s
    expect(failedMount(h)[0]!.count).toBeGreaterThanOrEqual(20);
    expect(failedMount(h)[0]!.count).toBeLessThanOrEqual(30);
    expect(container(h.get('web'))?.state?.waiting?.reason).toBe('ContainerCreating');
    expect(h.get('web')?.status?.conditions?.find((c) => c.type === 'PodReadyToStartContainers')?.status).toBe('False');
  });

  it('goes on at the next sync once the claim is bound', () => {
    const { h, pvc } = setup();
    h.at(10_050);
    bind(h, pvc, 'pv-data');
    h.at(60_000);
    expect(failedMount(h)[0]!.count).toBe(1);
    // the retry 10-15 s after the failure at 0.3 s mounts at once; sandbox 0.5 s, pull 3 s, start 0.1 s
    const t = h.firstTime('web', ready)!;
    expect(t).toBeGreaterThanOrEqual(13_900);
    expect(t).toBeLessThanOrEqual(18_900);
  });

  it('names a missing claim, and ignores a claim no container mounts', () => {
    const h = harness();
    h.pod({ containers: [{ ...nginx, volumeMounts: [{ name: 'd', mountPath: '/d' }] }], volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'nope' } }] });
    h.at(1_000);
    expect(failedMount(h)[0]?.message).toBe('Unable to attach or mount volumes: unmounted volumes=[d], unattached volumes=[], failed to process volumes=[d]: error processing PVC default/nope: failed to fetch PVC from API server: persistentvolumeclaims "nope" not found');
    const g = harness();
    g.pod({ containers: [nginx], volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'nope' } }] });
    g.at(10_000);
    expect(ready(g.get('web'))).toBe(true);
  });

  it('ends the wait when the pod is deleted', () => {
    const { h } = setup();
    h.at(5_000);
    h.api.delete('Pod', 'default', 'web');
    h.at(6_000);
    expect(h.get('web')).toBeUndefined();
  });
});

describe('volume mode against how containers use the volume (createVolumeSpec)', () => {
  const setup = (volumeMode: 'Filesystem' | 'Block' | undefined, use: 'volumeMounts' | 'volumeDevices') => {
    const h = harness();
    h.api.create({
      apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv-data' },
      spec: {
        capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], storageClassName: '', ...(volumeMode ? { volumeMode } : {}),
        local: { path: '/dev/sdb' },
        nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'Exists' }] }] } },
      },
    });
    const pvc = h.api.create<PersistentVolumeClaim>({
      apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: 'default' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: '', volumeName: 'pv-data', ...(volumeMode ? { volumeMode } : {}) },
    });
    bind(h, pvc, 'pv-data');
    const usage = use === 'volumeMounts' ? { volumeMounts: [{ name: 'd', mountPath: '/d' }] } : { volumeDevices: [{ name: 'd', devicePath: '/dev/xvda' }] };
    h.pod({ containers: [{ ...nginx, ...usage }], volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'data' } }] });
    h.at(10_000);
    return h;
  };
  const failedMount = (h: ReturnType<typeof harness>) => h.events('web').find((e) => e.reason === 'FailedMount')?.message;

  it('refuses a Filesystem volume (also one without volumeMode) used as a device', () => {
    for (const mode of ['Filesystem', undefined] as const) {
      const h = setup(mode, 'volumeDevices');
      expect(failedMount(h)).toBe('Unable to attach or mount volumes: unmounted volumes=[d], unattached volumes=[], failed to process volumes=[d]: volume d has volumeMode Filesystem, but is specified in volumeDevices');
      expect(ready(h.get('web'))).toBe(false);
    }
  });

  it('refuses a Block volume mounted as a file system', () => {
    const h = setup('Block', 'volumeMounts');
    expect(failedMount(h)).toBe('Unable to attach or mount volumes: unmounted volumes=[d], unattached volumes=[], failed to process volumes=[d]: volume d has volumeMode Block, but is specified in volumeMounts');
  });

  it('starts the pod when the use matches the mode', () => {
    for (const [mode, use] of [['Block', 'volumeDevices'], ['Filesystem', 'volumeMounts']] as const) {
      const h = setup(mode, use);
      expect(failedMount(h)).toBeUndefined();
      expect(ready(h.get('web'))).toBe(true);
    }
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
    const owner = { apiVersion: 'v1', kind: 'Pod', name: 'web', uid: pod.metadata!.uid!, controller: true, blockOwnerDeletion: true };
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
    expect(h.events('web').find((e) => e.reason === 'FailedMount')?.message).toBe(
      'Unable to attach or mount volumes: unmounted volumes=[scratch], unattached volumes=[], failed to process volumes=[scratch]: ' +
      'PVC default/web-scratch was not created for pod default/web (pod is not owner)');
  });
});
