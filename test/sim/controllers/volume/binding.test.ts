/**
 * The PV controller binding static volumes: phases, annotations, events, pre-binding, Lost
 * claims, the 15s re-sync and the retroactive default class (claims 001-1, 001-2, 001-4, 001-5,
 * 000-1, 003-2).
 */
import { describe, expect, it } from '@jest/globals';
import { Bench, podUsing, pv, pvc, storageClass } from './harness';

describe('static binding (001-1, 001-4)', () => {
  it('keeps a volume Available until a matching claim exists, then binds both ways', () => {
    const b = new Bench();
    b.create(pv('pv1', { size: '5Gi' }));
    b.run(1000);
    expect(b.pv('pv1')!.status).toEqual({ phase: 'Available', lastPhaseTransitionTime: '2025-01-01T00:00:00Z' });

    b.run(9000);
    const claim = b.create(pvc('data', { size: '1Gi', className: '' }));
    b.run(1);
    const volume = b.pv('pv1')!;
    expect(volume.status).toEqual({ phase: 'Bound', lastPhaseTransitionTime: '2025-01-01T00:00:10Z' });
    expect(volume.spec!.claimRef).toEqual({
      kind: 'PersistentVolumeClaim', namespace: 'default', name: 'data', uid: claim.metadata.uid,
      apiVersion: 'v1', resourceVersion: claim.metadata.resourceVersion,
    });
    expect(volume.metadata.annotations).toEqual({ 'pv.kubernetes.io/bound-by-controller': 'yes' });
    const bound = b.pvc('data')!;
    expect(bound.spec!.volumeName).toBe('pv1');
    expect(bound.metadata.annotations).toEqual({ 'pv.kubernetes.io/bind-completed': 'yes', 'pv.kubernetes.io/bound-by-controller': 'yes' });
    // the capacity shown is the volume's, larger than requested (001-4)
    expect(bound.status).toEqual({ phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '5Gi' } });
  });

  it('writes volume spec, volume status, claim spec, claim status in that order', () => {
    const b = new Bench();
    b.create(pv('pv1'));
    b.run(1);
    const writes: string[] = [];
    b.api.watch((ev) => {
      if (ev.type !== 'MODIFIED' || ev.object.kind === 'Event') return;
      const part = JSON.stringify(ev.old!.status) !== JSON.stringify(ev.object.status) ? 'status' : 'spec';
      writes.push(`${ev.object.kind}/${part}`);
    });
    b.create(pvc('data', { className: '' }));
    b.run(1);
    expect(writes).toEqual(['PersistentVolume/spec', 'PersistentVolume/status', 'PersistentVolumeClaim/spec', 'PersistentVolumeClaim/status']);
  });

  it('binds one to one: a second claim stays Pending with FailedBinding events every 15s', () => {
    const b = new Bench();
    b.create(pv('only'));
    b.create(pvc('first', { className: '' }));
    b.run(1);
    b.create(pvc('second', { className: '' }));
    b.run(60_000);
    expect(b.pvc('first')!.status!.phase).toBe('Bound');
    expect(b.pvc('second')!.status).toEqual({ phase: 'Pending' });
    const [event] = b.eventObjects('second');
    expect(event).toMatchObject({ type: 'Normal', reason: 'FailedBinding', message: 'no persistent volumes available for this claim and no storage class is set', source: { component: 'persistentvolume-controller' } });
    // at creation, then at the re-syncs 15s, 30s, 45s and 60s
    expect(event!.count).toBe(5);
  });

  it('binds a claim waiting for a volume at the re-sync after one appears (volume events do not look for claims)', () => {
    const b = new Bench();
    b.create(pvc('data', { size: '2Gi', className: '' }));
    b.run(5000);
    b.create(pv('small', { size: '1Gi' }));
    b.run(20_000);
    expect(b.pvc('data')!.status!.phase).toBe('Pending');
    b.create(pv('right', { size: '2Gi' })); // at 25s
    b.run(4_999);
    expect(b.pvc('data')!.status!.phase).toBe('Pending');
    b.run(1); // re-sync at 30s
    expect(b.pvc('data')!.spec!.volumeName).toBe('right');
    expect(b.pvc('data')!.status!.phase).toBe('Bound');
    expect(b.pv('small')!.status!.phase).toBe('Available');
  });
});

describe('class rules at run time (001-5, 000-1, 003-2)', () => {
  it('000-1: three Recycle PVs and claims with the legacy class annotation "anything" bind', () => {
    const b = new Bench();
    for (const n of [1, 2, 3]) b.create(pv(`pv-zk${n}`, { size: '3Gi', legacyClass: 'anything', policy: 'Recycle' }));
    b.run(1000);
    expect([1, 2, 3].map((n) => b.pv(`pv-zk${n}`)!.status!.phase)).toEqual(['Available', 'Available', 'Available']);
    for (const i of [0, 1, 2]) b.create(pvc(`datadir-zk-${i}`, { size: '3Gi', legacyClass: 'anything' }));
    b.run(1);
    const bound = [0, 1, 2].map((i) => b.pvc(`datadir-zk-${i}`)!.spec!.volumeName);
    expect(new Set(bound)).toEqual(new Set(['pv-zk1', 'pv-zk2', 'pv-zk3']));
    expect([1, 2, 3].map((n) => b.pv(`pv-zk${n}`)!.status!.phase)).toEqual(['Bound', 'Bound', 'Bound']);
  });

  it('003-2: two RWX NFS volumes serve two RWX claims without a class when no default class exists', () => {
    const b = new Bench();
    for (const n of ['pv0001', 'pv0002']) {
      b.create(pv(n, { size: '5Gi', modes: ['ReadWriteMany'], policy: 'Recycle', source: { nfs: { server: '192.168.20.47', path: '/data/disk1' } } }));
    }
    b.create(pvc('www-web-0', { modes: ['ReadWriteMany'], className: null }));
    b.create(pvc('www-web-1', { modes: ['ReadWriteMany'], className: null }));
    b.run(1);
    expect(b.pvc('www-web-0')!.status).toEqual({ phase: 'Bound', accessModes: ['ReadWriteMany'], capacity: { storage: '5Gi' } });
    expect(b.pvc('www-web-1')!.spec!.volumeName).not.toBe(b.pvc('www-web-0')!.spec!.volumeName);
  });

  it('a claim of class "standard" does not take a class-less volume; it is handed to the provisioner', () => {
    const b = new Bench({ provisioner: false });
    b.create(storageClass('standard', { mode: 'Immediate' }));
    b.create(pv('plain'));
    b.create(pvc('data', { className: 'standard' }));
    b.run(1);
    expect(b.pv('plain')!.status!.phase).toBe('Available');
    expect(b.pvc('data')!.metadata.annotations).toEqual({
      'volume.beta.kubernetes.io/storage-provisioner': 'rancher.io/local-path',
      'volume.kubernetes.io/storage-provisioner': 'rancher.io/local-path',
    });
    expect(b.eventsAbout('data')).toEqual([
      "ExternalProvisioning: Waiting for a volume to be created either by the external provisioner 'rancher.io/local-path' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.",
    ]);
  });

  it('a claim naming a class that does not exist gets ProvisioningFailed until a volume appears', () => {
    const b = new Bench();
    b.create(pvc('data', { legacyClass: 'anything' }));
    b.run(15_000);
    expect(b.eventObjects('data').map((e) => [e.type, e.reason, e.message, e.count])).toEqual([
      ['Warning', 'ProvisioningFailed', 'storageclass.storage.k8s.io "anything" not found', 2],
    ]);
    b.create(pv('late', { legacyClass: 'anything' }));
    b.run(15_000);
    expect(b.pvc('data')!.status!.phase).toBe('Bound');
  });

  it('assigns the default class retroactively to a claim created before any default existed', () => {
    const b = new Bench({ provisioner: false });
    b.create(pvc('data', { className: null }));
    b.run(1000);
    expect(b.pvc('data')!.spec!.storageClassName).toBeUndefined();
    b.create(storageClass('standard', { isDefault: true, mode: 'Immediate' }));
    b.run(14_000); // next re-sync at 15s
    expect(b.pvc('data')!.spec!.storageClassName).toBe('standard');
    expect(b.pvc('data')!.metadata.annotations?.['volume.kubernetes.io/storage-provisioner']).toBe('rancher.io/local-path');
  });

  it('leaves a claim asking for "" alone even when a default class exists', () => {
    const b = new Bench({ provisioner: false });
    b.create(storageClass('standard', { isDefault: true }));
    b.create(pvc('data', { className: '' }));
    b.run(30_000);
    expect(b.pvc('data')!.spec!.storageClassName).toBe('');
    expect(b.eventsAbout('data')[0]).toBe('FailedBinding: no persistent volumes available for this claim and no storage class is set');
  });
});

describe('WaitForFirstConsumer', () => {
  it('does not bind a free volume itself; reports the waiting claim and then the unscheduled pod', () => {
    const b = new Bench({ provisioner: false });
    b.create(storageClass('local', { provisioner: 'kubernetes.io/no-provisioner' }));
    b.create(pv('disk', { className: 'local' }));
    b.create(pvc('data', { className: 'local' }));
    b.run(20_000);
    expect(b.pv('disk')!.status!.phase).toBe('Available');
    expect(b.pvc('data')!.status!.phase).toBe('Pending');
    b.create(podUsing('app', ['data']));
    b.run(15_000);
    expect(b.eventObjects('data').map((e) => [e.reason, e.message, e.count])).toEqual([
      ['WaitForFirstConsumer', 'waiting for first consumer to be created before binding', 2],
      ['WaitForPodScheduled', 'waiting for pod app to be scheduled', 1],
    ]);
  });

  it('completes a binding the scheduler started by setting claimRef on the volume', () => {
    const b = new Bench({ provisioner: false });
    b.create(storageClass('local', { provisioner: 'kubernetes.io/no-provisioner' }));
    b.create(pv('disk', { className: 'local' }));
    const claim = b.create(pvc('data', { className: 'local' }));
    b.run(1000);
    // the scheduler's volume binder: GetBindVolumeToClaim + update
    b.edit(b.pv('disk'), (v) => {
      v.spec!.claimRef = { kind: 'PersistentVolumeClaim', namespace: 'default', name: 'data', uid: claim.metadata.uid, apiVersion: 'v1' };
      v.metadata.annotations = { 'pv.kubernetes.io/bound-by-controller': 'yes' };
    });
    b.run(1);
    expect(b.pv('disk')!.status!.phase).toBe('Bound');
    expect(b.pvc('data')!.spec!.volumeName).toBe('disk');
    expect(b.pvc('data')!.status!.phase).toBe('Bound');
  });
});

describe('pre-binding and spec.volumeName', () => {
  it('binds a claim naming a volume, and reports a mismatch', () => {
    const b = new Bench();
    b.create(pv('exact', { size: '1Gi' }));
    b.create(pvc('ok', { className: '', volumeName: 'exact' }));
    b.create(pv('tiny', { size: '100Mi' }));
    b.create(pvc('toobig', { className: '', size: '1Gi', volumeName: 'tiny' }));
    b.run(1);
    expect(b.pvc('ok')!.status!.phase).toBe('Bound');
    expect(b.pvc('ok')!.metadata.annotations).toEqual({ 'pv.kubernetes.io/bind-completed': 'yes' });
    expect(b.pv('exact')!.metadata.annotations).toEqual({ 'pv.kubernetes.io/bound-by-controller': 'yes' });
    expect(b.pvc('toobig')!.status!.phase).toBe('Pending');
    expect(b.eventObjects('toobig').map((e) => [e.type, e.reason, e.message])).toEqual([
      ['Warning', 'VolumeMismatch', 'Cannot bind to requested volume "tiny": requested PV is too small'],
    ]);
  });

  it('keeps a claim naming a missing volume Pending, binds when it appears', () => {
    const b = new Bench();
    b.create(pvc('c', { className: '', volumeName: 'later' }));
    b.run(20_000);
    expect(b.pvc('c')!.status!.phase).toBe('Pending');
    b.create(pv('later')); // at 20s; the claim's next re-sync is at 30s
    b.run(9_999);
    expect(b.pvc('c')!.status!.phase).toBe('Pending');
    b.run(1);
    expect(b.pvc('c')!.status!.phase).toBe('Bound');
  });

  it('reports a named volume bound to another claim', () => {
    const b = new Bench();
    b.create(pv('shared'));
    b.create(pvc('owner', { className: '' }));
    b.run(1);
    b.create(pvc('thief', { className: '', volumeName: 'shared' }));
    b.run(1);
    expect(b.eventsAbout('thief')).toEqual(['FailedBinding: volume "shared" already bound to a different claim.']);
    expect(b.pvc('thief')!.status!.phase).toBe('Pending');
  });

  it('a volume pre-bound to a claim name waits for that claim and is not given to others', () => {
    const b = new Bench();
    b.create(pv('reserved', { claimRef: { name: 'mine' } }));
    b.create(pvc('other', { className: '' }));
    b.run(1000);
    expect(b.pv('reserved')!.status!.phase).toBe('Available');
    expect(b.pvc('other')!.status!.phase).toBe('Pending');
    b.create(pvc('mine', { className: '' }));
    b.run(1);
    expect(b.pvc('mine')!.spec!.volumeName).toBe('reserved');
    expect(b.pv('reserved')!.metadata.annotations).toBeUndefined(); // bound by the user
  });
});

describe('lost claims', () => {
  it('marks a bound claim Lost when its volume is deleted (the protection finalizer removed by force)', () => {
    const b = new Bench();
    b.create(pv('pv1'));
    b.create(pvc('data', { className: '' }));
    b.run(1);
    b.api.delete('PersistentVolume', undefined, 'pv1');
    b.run(1000);
    expect(b.pv('pv1')!.metadata.finalizers).toEqual(['kubernetes.io/pv-protection']); // Bound: kept
    b.edit(b.pv('pv1'), (v) => {
      v.metadata.finalizers = [];
    });
    b.run(1);
    expect(b.pv('pv1')).toBeUndefined();
    expect(b.pvc('data')!.status).toEqual({ phase: 'Lost' });
    expect(b.eventObjects('data').map((e) => [e.type, e.reason, e.message])).toEqual([
      ['Warning', 'ClaimLost', 'Bound claim has lost its PersistentVolume. Data on the volume is lost!'],
    ]);
  });

  it('rebinds a volume whose claimRef was removed by hand, at the next re-sync', () => {
    const b = new Bench();
    b.create(pv('pv1'));
    b.create(pvc('data', { className: '' }));
    b.run(1);
    b.edit(b.pv('pv1'), (v) => {
      delete v.spec!.claimRef;
    });
    b.run(1);
    expect(b.pv('pv1')!.status!.phase).toBe('Available');
    b.run(15_000);
    expect(b.pv('pv1')!.spec!.claimRef?.name).toBe('data');
    expect(b.pv('pv1')!.status!.phase).toBe('Bound');
  });
});

describe('cost', () => {
  it('schedules nothing once every claim and volume is settled', () => {
    const b = new Bench();
    b.create(pv('pv1'));
    b.create(pvc('data', { className: '' }));
    b.run(100);
    expect(b.clock.nextTime()).toBeUndefined();
  });
});
