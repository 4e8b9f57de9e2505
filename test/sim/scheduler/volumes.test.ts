import { describe, expect, it } from '@jest/globals';
import { clone, type KObject } from '../../../src/kube/object';
import type { KubeVersion } from '../../../src/kube/version';
import { bench, type Bench } from './harness';

type Obj = KObject & { spec?: any; status?: any };

function storageClass(b: Bench, name: string, provisioner: string, mode: 'Immediate' | 'WaitForFirstConsumer'): void {
  b.api.create({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name }, provisioner, volumeBindingMode: mode, reclaimPolicy: 'Delete' });
}

/** A PV made Available, as the PV controller would do first. */
function volume(b: Bench, name: string, cls: string, size: string, node?: string, zone?: string): void {
  const affinity = node
    ? { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] }] } }
    : zone
      ? { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: [zone] }] }] } }
      : undefined;
  const pv = b.api.create<Obj>({
    apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name },
    spec: {
      capacity: { storage: size }, accessModes: ['ReadWriteOnce'], storageClassName: cls, persistentVolumeReclaimPolicy: 'Retain',
      ...(affinity ? { local: { path: `/mnt/${name}` }, nodeAffinity: affinity } : { hostPath: { path: `/mnt/${name}` } }),
    },
  });
  b.api.updateStatus({ ...pv, status: { phase: 'Available' } });
}

function claim(b: Bench, name: string, cls: string | undefined, size = '1Gi'): void {
  b.api.create({
    apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, namespace: 'default' },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: size } }, ...(cls !== undefined ? { storageClassName: cls } : {}) },
  });
}

function podWithClaim(b: Bench, name: string, claimName: string): void {
  b.pod(name, { volumes: [{ name: 'data', persistentVolumeClaim: { claimName } }] });
}

const get = (b: Bench, kind: string, name: string, ns?: string) => b.api.get<Obj>(kind, kind === 'PersistentVolume' ? undefined : (ns ?? 'default'), name)!;

/**
 * The PV controller's half of a bind, done by hand here to check only the scheduler's half:
 * claim.spec.volumeName + pv.kubernetes.io/bind-completed, and both phases Bound.
 */
function pvControllerBinds(b: Bench, claimName: string, pvName: string): void {
  const pv = get(b, 'PersistentVolume', pvName);
  b.api.updateStatus({ ...pv, status: { phase: 'Bound' } });
  const pvc = clone(get(b, 'PersistentVolumeClaim', claimName));
  pvc.spec.volumeName = pvName;
  pvc.metadata.annotations = { ...pvc.metadata.annotations, 'pv.kubernetes.io/bind-completed': 'yes' };
  const written = b.api.update<Obj>(pvc);
  b.api.updateStatus({ ...written, status: { phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' } } });
}

describe('VolumeBinding', () => {
  it.each([
    ['1.33', 'preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.'],
    // DynamicResources (1.34+) runs its PreFilter after the rejecting one, so its PostFilter fails on missing state.
    ['1.35', 'not found'],
  ] as Array<[KubeVersion, string]>)('a missing claim: persistentvolumeclaim "x" not found (%s)', (version, tail) => {
    const b = bench({ version });
    b.node('a');
    b.node('b');
    podWithClaim(b, 'p', 'data');
    b.at(0);
    expect(b.condition('p')?.message).toBe(`0/2 nodes are available: persistentvolumeclaim "data" not found. ${tail}`);
  });

  it('an unbound claim that binds immediately: "pod has unbound immediate PersistentVolumeClaims"; retried once it is bound', () => {
    const b = bench({ version: '1.32' });
    b.node('a');
    storageClass(b, 'standard', 'rancher.io/local-path', 'Immediate');
    claim(b, 'data', 'standard');
    volume(b, 'pv1', 'standard', '1Gi');
    podWithClaim(b, 'p', 'data');
    b.at(0);
    expect(b.condition('p')?.message).toBe(
      '0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.',
    );
    b.at(5000);
    pvControllerBinds(b, 'data', 'pv1');
    b.at(5000);
    expect(b.nodeOf('p')).toBe('a');
  });

  it('a claim naming a class that does not exist binds immediately too', () => {
    const b = bench({ version: '1.30' });
    b.node('a');
    claim(b, 'data', 'nope');
    podWithClaim(b, 'p', 'data');
    b.at(0);
    expect(b.condition('p')?.message).toMatch(/^0\/1 nodes are available: pod has unbound immediate PersistentVolumeClaims\./);
  });

  it('WaitForFirstConsumer, static volume: picks a node with an Available matching PV, writes its claimRef, binds the pod once the PV controller bound the claim', () => {
    const b = bench();
    b.node('a');
    b.node('b');
    storageClass(b, 'local', 'kubernetes.io/no-provisioner', 'WaitForFirstConsumer');
    volume(b, 'pv-b-small', 'local', '500Mi', 'b');
    volume(b, 'pv-b', 'local', '5Gi', 'b');
    volume(b, 'pv-b-best', 'local', '2Gi', 'b');
    claim(b, 'data', 'local');
    podWithClaim(b, 'p', 'data');
    b.at(0);
    const pv = get(b, 'PersistentVolume', 'pv-b-best');
    const pvc = get(b, 'PersistentVolumeClaim', 'data');
    expect(pv.spec.claimRef).toMatchObject({ kind: 'PersistentVolumeClaim', namespace: 'default', name: 'data', uid: pvc.metadata.uid, apiVersion: 'v1' });
    expect(pv.metadata.annotations).toEqual({ 'pv.kubernetes.io/bound-by-controller': 'yes' });
    expect(get(b, 'PersistentVolume', 'pv-b').spec.claimRef).toBeUndefined();
    // 1.35: the scheduler announces where the pod goes while it waits in PreBind
    expect(b.get('p').status?.nominatedNodeName).toBe('b');
    expect(b.nodeOf('p')).toBeUndefined();
    b.at(300);
    pvControllerBinds(b, 'data', 'pv-b-best');
    b.at(999);
    expect(b.nodeOf('p')).toBeUndefined();
    b.at(1000); // the binder polls every second from PreBind's start
    expect(b.nodeOf('p')).toBe('b');
    expect(b.get('p').status?.nominatedNodeName).toBeUndefined();
  });

  it('WaitForFirstConsumer, provisioning: selected-node on the claim, the pod waits until the claim is bound', () => {
    const b = bench();
    b.node('a');
    storageClass(b, 'standard', 'rancher.io/local-path', 'WaitForFirstConsumer');
    claim(b, 'data', 'standard');
    podWithClaim(b, 'p', 'data');
    b.at(0);
    expect(get(b, 'PersistentVolumeClaim', 'data').metadata.annotations).toEqual({ 'volume.kubernetes.io/selected-node': 'a' });
    b.at(3000);
    expect(b.nodeOf('p')).toBeUndefined();
    // the provisioner's side, by hand: a PV pinned to the node, then the PV controller binds
    volume(b, 'pvc-1', 'standard', '1Gi', 'a');
    pvControllerBinds(b, 'data', 'pvc-1');
    b.at(4000);
    expect(b.nodeOf('p')).toBe('a');
  });

  it('provisioning failure (selected-node removed): FailedScheduling with the binder\'s error, reason SchedulerError, then a retry', () => {
    const b = bench();
    b.node('a');
    storageClass(b, 'standard', 'example.com/fails', 'WaitForFirstConsumer');
    claim(b, 'data', 'standard');
    podWithClaim(b, 'p', 'data');
    b.at(500);
    // the provisioner gives up: it removes selected-node (the PV controller's annotations stay)
    const pvc = clone(get(b, 'PersistentVolumeClaim', 'data'));
    pvc.metadata.annotations = { 'volume.kubernetes.io/storage-provisioner': 'example.com/fails' };
    b.api.update(pvc);
    b.at(1000);
    expect(b.condition('p')).toMatchObject({
      status: 'False',
      reason: 'SchedulerError',
      message: 'running PreBind plugin "VolumeBinding": binding volumes: provisioning failed for PVC "data"',
    });
    expect(b.get('p').status?.nominatedNodeName).toBeUndefined();
    // after the backoff the pod is tried again and the claim gets selected-node again
    b.at(3000);
    expect(get(b, 'PersistentVolumeClaim', 'data').metadata.annotations).toEqual({
      'volume.kubernetes.io/storage-provisioner': 'example.com/fails',
      'volume.kubernetes.io/selected-node': 'a',
    });
  });

  it('no Available volume and a class that cannot provision: "didn\'t find available persistent volumes to bind"', () => {
    const b = bench({ version: '1.31' });
    b.node('a');
    b.node('b');
    storageClass(b, 'local', 'kubernetes.io/no-provisioner', 'WaitForFirstConsumer');
    volume(b, 'too-small', 'local', '100Mi', 'a');
    claim(b, 'data', 'local');
    podWithClaim(b, 'p', 'data');
    b.at(0);
    expect(b.condition('p')?.message).toBe(
      "0/2 nodes are available: 2 node(s) didn't find available persistent volumes to bind. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.",
    );
    // a new volume is an event VolumeBinding cares about; before 1.33 the retry waits out the 1s backoff
    volume(b, 'fits', 'local', '1Gi', 'b');
    b.at(999);
    expect(get(b, 'PersistentVolume', 'fits').spec.claimRef).toBeUndefined();
    b.at(1000);
    expect(get(b, 'PersistentVolume', 'fits').spec.claimRef?.name).toBe('data');
  });

  it('a bound claim pins the pod to where its volume is: node affinity conflict elsewhere', () => {
    const b = bench({ version: '1.33' });
    b.node('a', { labels: { zone: 'z1' } });
    b.node('b', { labels: { zone: 'z2' } });
    b.node('c', { labels: { zone: 'z2' }, unschedulable: true });
    storageClass(b, 'local', 'kubernetes.io/no-provisioner', 'WaitForFirstConsumer');
    volume(b, 'zonal', 'local', '1Gi', undefined, 'z1');
    claim(b, 'data', 'local');
    pvControllerBinds(b, 'data', 'zonal');
    const a = clone(b.api.get<Obj>('Node', undefined, 'a')!);
    a.spec.unschedulable = true;
    b.api.update(a);
    podWithClaim(b, 'p', 'data');
    b.at(0);
    expect(b.condition('p')?.message).toBe(
      '0/3 nodes are available: 1 node(s) had volume node affinity conflict, 2 node(s) were unschedulable. ' +
        'preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    );

  });

  /** A claim bound to a volume pinned to node b, which is cordoned like a and c. */
  function pinnedToCordonedNode(version: KubeVersion): unknown {
    const b = bench({ version });
    for (const n of ['a', 'b', 'c']) b.node(n, { unschedulable: true });
    storageClass(b, 'local', 'kubernetes.io/no-provisioner', 'WaitForFirstConsumer');
    volume(b, 'pinned', 'local', '1Gi', 'b');
    claim(b, 'local-data', 'local');
    pvControllerBinds(b, 'local-data', 'pinned');
    podWithClaim(b, 'q', 'local-data');
    b.at(0);
    return b.condition('q')?.message;
  }

  it('before 1.32 a hostname-pinned bound volume narrows the search to its node (GetEligibleNodes)', () => {
    expect(pinnedToCordonedNode('1.31')).toBe(
      "0/3 nodes are available: 1 node(s) were unschedulable, 2 node(s) didn't satisfy plugin(s) [VolumeBinding]. " +
        'preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    );
  });

  it('from 1.32 (kubernetes#125398) every node is filtered: the cordon is reported for all three', () => {
    for (const version of ['1.32', '1.33'] as const) {
      expect(pinnedToCordonedNode(version)).toBe(
        '0/3 nodes are available: 3 node(s) were unschedulable. ' +
          'preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
      );
    }
  });

  it.each([
    ['1.32', 'node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode'],
    // kubernetes#129145: the text a 1.37 control plane reports
    ['1.33', 'node(s) unavailable due to PersistentVolumeClaim with ReadWriteOncePod access mode already in-use by another pod'],
  ] as Array<[KubeVersion, string]>)('VolumeRestrictions: a ReadWriteOncePod claim in use keeps another pod off every node (%s)', (version, reason) => {
    const b = bench({ version });
    b.node('a');
    b.node('b');
    b.api.create({
      apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'solo', namespace: 'default' },
      spec: { accessModes: ['ReadWriteOncePod'], resources: { requests: { storage: '1Gi' } }, storageClassName: '', volumeName: 'pv-solo' },
    });
    const pvc = clone(get(b, 'PersistentVolumeClaim', 'solo'));
    pvc.metadata.annotations = { 'pv.kubernetes.io/bind-completed': 'yes' };
    b.api.update(pvc);
    b.api.create({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv-solo' }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOncePod'], hostPath: { path: '/x' }, claimRef: { namespace: 'default', name: 'solo' } } });
    podWithClaim(b, 'first', 'solo');
    b.at(0);
    podWithClaim(b, 'second', 'solo');
    b.at(1);
    expect(b.nodeOf('first')).toBeDefined();
    expect(b.condition('second')?.message).toBe(
      `0/2 nodes are available: 2 ${reason}. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.`,
    );
  });
});
