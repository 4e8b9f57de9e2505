/**
 * Dynamic provisioning through rancher.io/local-path, the way kind does it (001-6, 002-4):
 * WaitForFirstConsumer until the scheduler picks a node, the PV named pvc-<claim uid>, its shape,
 * the events on the claim, timings, failures and deletion with the class's reclaim policy.
 */
import { describe, expect, it } from '@jest/globals';
import { DEFAULT_HELPER_POD_MS } from '../../../../src/sim/controllers/volume';
import { Bench, podUsing, pvc, storageClass } from './harness';

function kindCluster(): Bench {
  const b = new Bench();
  b.node('worker-1');
  b.create(storageClass('standard', { isDefault: true }));
  return b;
}

describe('WaitForFirstConsumer provisioning (001-6, 002-4)', () => {
  it('waits for a consumer, provisions pvc-<uid> on the selected node, and binds it', () => {
    const b = kindCluster();
    const claim = b.create(pvc('vct-mysts-0', { size: '100Mi', className: null }));
    expect(b.pvc('vct-mysts-0')!.spec!.storageClassName).toBe('standard'); // DefaultStorageClass admission
    b.run(5_000);
    expect(b.api.list('PersistentVolume')).toEqual([]);
    b.selectNode('vct-mysts-0', 'worker-1'); // the scheduler, at 5s
    b.run(DEFAULT_HELPER_POD_MS - 1);
    expect(b.api.list('PersistentVolume')).toEqual([]);
    b.run(1);
    const name = `pvc-${claim.metadata.uid}`;
    const volume = b.pv(name)!;
    expect(volume.metadata.annotations).toEqual({
      'local.path.provisioner/selected-node': 'worker-1',
      'pv.kubernetes.io/provisioned-by': 'rancher.io/local-path',
    });
    expect(volume.metadata.finalizers).toEqual(['kubernetes.io/pv-protection']);
    expect(volume.spec).toMatchObject({
      persistentVolumeReclaimPolicy: 'Delete',
      accessModes: ['ReadWriteOnce'],
      volumeMode: 'Filesystem',
      capacity: { storage: '100Mi' },
      storageClassName: 'standard',
      hostPath: { path: `/var/local-path-provisioner/${name}_default_vct-mysts-0`, type: 'DirectoryOrCreate' },
      nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['worker-1'] }] }] } },
      claimRef: { kind: 'PersistentVolumeClaim', namespace: 'default', name: 'vct-mysts-0', uid: claim.metadata.uid },
    });
    expect(volume.status!.phase).toBe('Bound');
    const bound = b.pvc('vct-mysts-0')!;
    expect(bound.spec!.volumeName).toBe(name);
    expect(bound.status).toEqual({ phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '100Mi' } });
    expect(bound.metadata.annotations).toEqual({
      'pv.kubernetes.io/bind-completed': 'yes',
      'pv.kubernetes.io/bound-by-controller': 'yes',
      'volume.beta.kubernetes.io/storage-provisioner': 'rancher.io/local-path',
      'volume.kubernetes.io/storage-provisioner': 'rancher.io/local-path',
      'volume.kubernetes.io/selected-node': 'worker-1',
    });
    expect(b.eventObjects('vct-mysts-0').map((e) => [e.source.component, e.reason, e.message])).toEqual([
      ['persistentvolume-controller', 'WaitForFirstConsumer', 'waiting for first consumer to be created before binding'],
      ['persistentvolume-controller', 'ExternalProvisioning', "Waiting for a volume to be created either by the external provisioner 'rancher.io/local-path' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered."],
      ['rancher.io/local-path_test', 'Provisioning', 'External provisioner is provisioning volume for claim "default/vct-mysts-0"'],
      ['rancher.io/local-path_test', 'ProvisioningSucceeded', `Successfully provisioned volume ${name}`],
    ]);
    // the annotation the PV controller writes re-syncs the claim once more: "(x2)" as on kind
    expect(b.eventObjects('vct-mysts-0')[1]!.count).toBe(2);
    // the new, empty directory is the volume's storage
    expect(b.data.files(`hostPath:worker-1:/var/local-path-provisioner/${name}_default_vct-mysts-0`).size).toBe(0);
  });

  it('gives every claim its own volume', () => {
    const b = kindCluster();
    const uids = [0, 1, 2].map((i) => b.create(pvc(`vct-mysts-${i}`, { className: 'standard' })).metadata.uid);
    for (const i of [0, 1, 2]) b.selectNode(`vct-mysts-${i}`, 'worker-1');
    b.run(DEFAULT_HELPER_POD_MS);
    expect([0, 1, 2].map((i) => b.pvc(`vct-mysts-${i}`)!.spec!.volumeName)).toEqual(uids.map((u) => `pvc-${u}`));
  });

  it('deletes the volume and its directory when the claim goes (reclaimPolicy Delete from the class)', () => {
    const b = kindCluster();
    b.create(pvc('data', { className: 'standard' }));
    b.selectNode('data', 'worker-1');
    b.run(DEFAULT_HELPER_POD_MS);
    const volume = b.pv(b.pvc('data')!.spec!.volumeName!)!;
    b.files(volume).set('a.txt', 'x');
    b.deleteClaim('data');
    b.run(1);
    expect(b.pv(volume.metadata.name)!.status!.phase).toBe('Released');
    b.run(DEFAULT_HELPER_POD_MS);
    expect(b.pv(volume.metadata.name)).toBeUndefined();
    expect(b.data.files(`hostPath:worker-1:${volume.spec!.hostPath!.path}`).size).toBe(0);
  });

  it('keeps a Retain volume Released with its data', () => {
    const b = new Bench();
    b.node('worker-1');
    b.create(storageClass('keep', { policy: 'Retain' }));
    b.create(pvc('data', { className: 'keep' }));
    b.selectNode('data', 'worker-1');
    b.run(DEFAULT_HELPER_POD_MS);
    const name = b.pvc('data')!.spec!.volumeName!;
    expect(b.pv(name)!.spec!.persistentVolumeReclaimPolicy).toBe('Retain');
    b.files(b.pv(name)!).set('a.txt', 'x');
    b.deleteClaim('data');
    b.run(60_000);
    expect(b.pv(name)!.status!.phase).toBe('Released');
    expect(b.files(b.pv(name)!).get('a.txt')).toBe('x');
  });

  it('names the pod that waits for scheduling, once it exists', () => {
    const b = kindCluster();
    b.create(pvc('data', { className: 'standard' }));
    b.run(1);
    b.create(podUsing('web-0', ['data']));
    b.run(15_000);
    expect(b.eventsAbout('data')).toEqual([
      'WaitForFirstConsumer: waiting for first consumer to be created before binding',
      'WaitForPodScheduled: waiting for pod web-0 to be scheduled',
    ]);
  });
});

describe('provisioning failures', () => {
  it('Immediate binding gives local-path no node: ProvisioningFailed, retried at 15s, 45s, 105s', () => {
    const b = new Bench();
    b.create(storageClass('now', { mode: 'Immediate' }));
    b.create(pvc('data', { className: 'now' }));
    b.run(104_999);
    const failed = () => b.eventObjects('data').find((e) => e.reason === 'ProvisioningFailed')!;
    expect(failed()).toMatchObject({ type: 'Warning', message: 'failed to provision volume with StorageClass "now": configuration error, no node was specified', count: 3 });
    b.run(1);
    expect(failed().count).toBe(4);
    expect(b.pvc('data')!.status!.phase).toBe('Pending');
  });

  it('refuses ReadWriteMany', () => {
    const b = kindCluster();
    b.create(pvc('shared', { className: 'standard', modes: ['ReadWriteMany'] }));
    b.selectNode('shared', 'worker-1');
    b.run(1);
    expect(b.eventsAbout('shared')).toContain(
      'ProvisioningFailed: failed to provision volume with StorageClass "standard": NodePath only supports ReadWriteOnce and ReadWriteOncePod (1.22+) access modes',
    );
    expect(b.api.list('PersistentVolume')).toEqual([]);
  });

  it('reports a selected node that does not exist', () => {
    const b = kindCluster();
    b.create(pvc('data', { className: 'standard' }));
    b.selectNode('data', 'ghost');
    b.run(1);
    expect(b.eventsAbout('data')).toContain('ProvisioningFailed: failed to get target node: nodes "ghost" not found');
  });

  it('refuses block volumes once, without retrying', () => {
    const b = kindCluster();
    b.create(pvc('raw', { className: 'standard', volumeMode: 'Block' }));
    b.selectNode('raw', 'worker-1');
    b.run(120_000);
    const failed = b.eventObjects('raw').filter((e) => e.reason === 'ProvisioningFailed');
    expect(failed.map((e) => [e.message, e.count])).toEqual([['rancher.io/local-path does not support block volume provisioning', 1]]);
  });

  it('without a running provisioner the claim keeps waiting, ExternalProvisioning every 15s', () => {
    const b = new Bench({ provisioner: false });
    b.node('worker-1');
    b.create(storageClass('standard', { isDefault: true }));
    b.create(pvc('data', { className: 'standard' }));
    b.selectNode('data', 'worker-1');
    b.run(60_000);
    expect(b.pvc('data')!.status!.phase).toBe('Pending');
    const waiting = b.eventObjects('data').find((e) => e.reason === 'ExternalProvisioning')!;
    expect(waiting.count).toBe(6); // on the selected-node update, on its own annotation update, then at 15/30/45/60s
  });
});
