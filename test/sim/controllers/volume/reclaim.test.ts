/**
 * What happens to a volume when its claim is deleted (001-3): Retain keeps it Released with its
 * data; Recycle scrubs hostPath/NFS volumes and makes them Available, and fails on other kinds;
 * Delete removes hostPath volumes under /tmp and fails elsewhere with upstream's messages.
 */
import { describe, expect, it } from '@jest/globals';
import { DEFAULT_RECYCLE_MS } from '../../../../src/sim/controllers/volume';
import { Bench, podUsing, pv, pvc } from './harness';

function boundPair(b: Bench, policy: string, source?: Record<string, unknown>): void {
  b.create(pv('vol', { policy, source }));
  b.create(pvc('data', { className: '' }));
  b.run(1);
  b.files(b.pv('vol')!).set('index.html', 'hello');
}

describe('Retain', () => {
  it('leaves the volume Released, still pointing at the deleted claim, with its data; it does not bind again', () => {
    const b = new Bench();
    boundPair(b, 'Retain');
    b.deleteClaim('data');
    b.run(1);
    expect(b.pvc('data')).toBeUndefined();
    const vol = b.pv('vol')!;
    expect(vol.status!.phase).toBe('Released');
    expect(vol.spec!.claimRef!.name).toBe('data');
    expect(b.files(vol).get('index.html')).toBe('hello');
    b.create(pvc('data', { className: '' })); // same name, new uid
    b.run(60_000);
    expect(b.pvc('data')!.status!.phase).toBe('Pending');
    expect(b.pv('vol')!.status!.phase).toBe('Released');
  });
});

describe('Recycle', () => {
  it('scrubs a hostPath volume and makes it Available for a new claim', () => {
    const b = new Bench();
    boundPair(b, 'Recycle');
    b.run(3_000);
    b.deleteClaim('data'); // at 3s
    b.run(1);
    expect(b.pv('vol')!.status!.phase).toBe('Released');
    expect(b.files(b.pv('vol')!).get('index.html')).toBe('hello');
    b.run(DEFAULT_RECYCLE_MS);
    const vol = b.pv('vol')!;
    expect(vol.status).toEqual({ phase: 'Available', lastPhaseTransitionTime: '2025-01-01T00:00:08Z' });
    expect(vol.spec!.claimRef).toBeUndefined();
    expect(vol.metadata.annotations).toBeUndefined();
    expect(b.files(vol).size).toBe(0);
    expect(b.eventObjects('vol').map((e) => [e.type, e.reason, e.message])).toEqual([['Normal', 'VolumeRecycled', 'Volume recycled']]);
    b.create(pvc('next', { className: '' }));
    b.run(1);
    expect(b.pvc('next')!.spec!.volumeName).toBe('vol');
  });

  it('recycles NFS volumes too; two PVs on one export share (and lose) the same files', () => {
    const b = new Bench();
    const nfs = { nfs: { server: '10.0.0.1', path: '/exports/a' } };
    boundPair(b, 'Recycle', nfs);
    b.create(pv('twin', { source: nfs }));
    b.run(1);
    expect(b.files(b.pv('twin')!).get('index.html')).toBe('hello');
    b.deleteClaim('data');
    b.run(DEFAULT_RECYCLE_MS + 1);
    expect(b.pv('vol')!.status!.phase).toBe('Available');
    expect(b.files(b.pv('twin')!).size).toBe(0);
  });

  it('keeps a user pre-binding: the claimRef stays (without uid), the volume waits for that claim name', () => {
    const b = new Bench();
    b.create(pv('vol', { policy: 'Recycle', claimRef: { name: 'data' } }));
    b.create(pvc('data', { className: '' }));
    b.run(1);
    b.deleteClaim('data');
    b.run(DEFAULT_RECYCLE_MS + 1);
    const vol = b.pv('vol')!;
    expect(vol.status!.phase).toBe('Available');
    expect(vol.spec!.claimRef).toMatchObject({ name: 'data', namespace: 'default' });
    expect(vol.spec!.claimRef!.uid).toBeUndefined();
  });

  it('fails on a volume type without a recycler (local), keeping the data', () => {
    const b = new Bench();
    const pinned = { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['node-1'] }] }] } };
    boundPair(b, 'Recycle', { local: { path: '/mnt/disks/ssd1' }, nodeAffinity: pinned });
    b.deleteClaim('data');
    b.run(60_000);
    const vol = b.pv('vol')!;
    expect(vol.status).toMatchObject({ phase: 'Failed', message: 'No recycler plugin found for the volume!' });
    expect(b.eventsAbout('vol')).toEqual(['VolumeFailedRecycle: No recycler plugin found for the volume!']);
    expect(b.files(vol).get('index.html')).toBe('hello');
  });

  it('waits while the claim is held by a pod (pvc-protection), then recycles', () => {
    const b = new Bench();
    boundPair(b, 'Recycle');
    b.create(podUsing('app', ['data'], 'node-1'));
    b.deleteClaim('data');
    b.run(30_000);
    expect(b.pvc('data')!.metadata.deletionTimestamp).toBeDefined();
    expect(b.pv('vol')!.status!.phase).toBe('Bound');
    b.api.delete('Pod', 'default', 'app', { gracePeriodSeconds: 0 });
    b.run(DEFAULT_RECYCLE_MS + 1);
    expect(b.pvc('data')).toBeUndefined();
    expect(b.pv('vol')!.status!.phase).toBe('Available');
  });
});

describe('Delete', () => {
  it('removes a hostPath volume under /tmp: storage destroyed, then the PV (after pv-protection)', () => {
    const b = new Bench();
    boundPair(b, 'Delete', { hostPath: { path: '/tmp/data' } });
    const key = b.pv('vol')!;
    b.deleteClaim('data');
    b.run(1);
    expect(b.pv('vol')).toBeUndefined();
    expect(b.files(key).size).toBe(0);
  });

  it('marks a hostPath volume elsewhere Failed with the deleter\'s message', () => {
    const b = new Bench();
    boundPair(b, 'Delete', { hostPath: { path: '/mnt/data' } });
    b.deleteClaim('data');
    b.run(60_000);
    const vol = b.pv('vol')!;
    expect(vol.status).toMatchObject({ phase: 'Failed', message: 'host_path deleter only supports /tmp/.+ but received provided /mnt/data' });
    expect(b.eventObjects('vol').map((e) => [e.type, e.reason, e.message, e.count])).toEqual([
      ['Warning', 'VolumeFailedDelete', 'host_path deleter only supports /tmp/.+ but received provided /mnt/data', 1],
    ]);
    expect(b.files(vol).get('index.html')).toBe('hello');
  });

  it('marks a static NFS volume Failed: NFS has no deleter', () => {
    const b = new Bench();
    boundPair(b, 'Delete', { nfs: { server: '10.0.0.1', path: '/exports/a' } });
    b.deleteClaim('data');
    b.run(1);
    expect(b.pv('vol')!.status!.message).toBe('error getting deleter volume plugin for volume "vol": no deletable volume plugin matched');
  });

  it('leaves a static CSI volume Released for its driver from 1.31 (HonorPVReclaimPolicy), Failed before', () => {
    const csi = { csi: { driver: 'ebs.csi.aws.com', volumeHandle: 'vol-1' } };
    const recent = new Bench({ version: '1.31' });
    boundPair(recent, 'Delete', csi);
    recent.deleteClaim('data');
    recent.run(1);
    expect(recent.pv('vol')!.status!.phase).toBe('Released');
    expect(recent.eventsAbout('vol')).toEqual([]);

    const older = new Bench({ version: '1.30' });
    boundPair(older, 'Delete', csi);
    older.deleteClaim('data');
    older.run(1);
    expect(older.pv('vol')!.status).toMatchObject({ phase: 'Failed', message: 'error getting deleter volume plugin for volume "vol": no volume plugin matched' });
  });
});
