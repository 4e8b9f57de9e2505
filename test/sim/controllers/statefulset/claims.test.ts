/**
 * volumeClaimTemplates: naming, labels, creation before the pod, reuse, claims being deleted, and
 * persistentVolumeClaimRetentionPolicy through owner references (the garbage collector, which acts
 * on those references, is another component).
 */
import { describe, expect, it } from '@jest/globals';
import type { KObject } from '../../../../src/kube/object';
import { bench, editSet, statefulSet, type Bench, type PvcK } from './harness';

function refsOf(b: Bench, claim: string): Array<{ kind: string; name: string; uid: string; controller?: boolean }> {
  return (b.pvc(claim)!.metadata.ownerReferences ?? []).map((r) => ({ kind: r.kind, name: r.name, uid: r.uid, controller: r.controller }));
}

function claim(name: string): KObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace: 'default', labels: { mine: 'yes' } },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '5Gi' } } },
  };
}

describe('claims from volumeClaimTemplates (001-8, 002-4, 003-2)', () => {
  it('creates <template>-<set>-<ordinal> before the pod, labelled with the template and selector labels', () => {
    const b = bench();
    const order: string[] = [];
    b.api.watch((ev) => {
      if (ev.type === 'ADDED' && (ev.object.kind === 'Pod' || ev.object.kind === 'PersistentVolumeClaim')) order.push(ev.object.metadata.name);
    });
    b.api.create(statefulSet('web', { replicas: 2, claims: ['www', 'logs'] }));
    b.run(30_000);
    expect(order).toEqual(['www-web-0', 'logs-web-0', 'web-0', 'www-web-1', 'logs-web-1', 'web-1']);
    const pvc = b.pvc('www-web-1')!;
    expect(pvc.metadata.labels).toEqual({ tier: 'storage', app: 'nginx' });
    expect(pvc.spec).toMatchObject({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } });
    expect(pvc.metadata.ownerReferences).toBeUndefined(); // Retain/Retain: no owner
    expect(b.pod('web-1')!.spec!.volumes).toEqual(expect.arrayContaining([
      { name: 'www', persistentVolumeClaim: { claimName: 'www-web-1' } },
      { name: 'logs', persistentVolumeClaim: { claimName: 'logs-web-1' } },
    ]));
    expect(b.eventsAbout('web').slice(0, 3)).toEqual([
      'SuccessfulCreate: create Claim www-web-0 Pod web-0 in StatefulSet web success',
      'SuccessfulCreate: create Claim logs-web-0 Pod web-0 in StatefulSet web success',
      'SuccessfulCreate: create Pod web-0 in StatefulSet web successful',
    ]);
  });

  it('reuses an existing claim as it is', () => {
    const b = bench();
    const existing = b.api.create<PvcK>(claim('www-web-0'));
    b.api.create(statefulSet('web', { replicas: 1, claims: ['www'] }));
    b.run(10_000);
    const pvc = b.pvc('www-web-0')!;
    expect(pvc.metadata.uid).toBe(existing.metadata.uid);
    expect(pvc.metadata.labels).toEqual({ mine: 'yes' });
    expect(b.pod('web-0')).toBeDefined();
    expect(b.eventsAbout('web').some((e) => e.includes('Claim www-web-0'))).toBe(false);
  });

  it('does not create the pod while its claim is being deleted, then retries', () => {
    const b = bench();
    b.api.create({ ...claim('www-web-0'), metadata: { name: 'www-web-0', namespace: 'default', finalizers: ['example.com/hold'] } });
    b.api.delete('PersistentVolumeClaim', 'default', 'www-web-0');
    b.api.create(statefulSet('web', { replicas: 1, claims: ['www'] }));
    b.run(10_000);
    expect(b.pod('web-0')).toBeUndefined();
    expect(b.eventsAbout('web')).toContain('FailedCreate: create Pod web-0 in StatefulSet web failed error: pvc www-web-0 is being deleted');
    const pending = b.pvc('www-web-0')!;
    b.api.update({ ...pending, metadata: { ...pending.metadata, finalizers: [] } }); // the claim goes away
    b.run(60_000);
    expect(b.pod('web-0')).toBeDefined();
    expect(b.pvc('www-web-0')!.metadata.uid).not.toBe(pending.metadata.uid);
  });
});

describe('persistentVolumeClaimRetentionPolicy', () => {
  it('whenDeleted: Delete makes the set the controller of every claim', () => {
    const b = bench();
    b.api.create(statefulSet('web', { replicas: 2, claims: ['www'], retention: { whenDeleted: 'Delete', whenScaled: 'Retain' } }));
    b.run(30_000);
    const uid = b.set('web').metadata.uid!;
    expect(refsOf(b, 'www-web-0')).toEqual([{ kind: 'StatefulSet', name: 'web', uid, controller: true }]);
    expect(refsOf(b, 'www-web-1')).toEqual([{ kind: 'StatefulSet', name: 'web', uid, controller: true }]);
  });

  it('whenScaled: Delete hands a condemned pod\'s claims to the pod before deleting it (003-6 is the Retain default)', () => {
    const b = bench();
    b.api.create(statefulSet('web', { claims: ['www'], retention: { whenDeleted: 'Delete', whenScaled: 'Delete' } }));
    b.run(30_000);
    const podUid = b.pod('web-2')!.metadata.uid!;
    const setUid = b.set('web').metadata.uid!;
    editSet(b, 'web', (s) => (s.replicas = 2));
    b.run(0);
    expect(b.pod('web-2')!.metadata.deletionTimestamp).toBeDefined();
    expect(refsOf(b, 'www-web-2')).toEqual([{ kind: 'Pod', name: 'web-2', uid: podUid, controller: true }]);
    expect(refsOf(b, 'www-web-1')).toEqual([{ kind: 'StatefulSet', name: 'web', uid: setUid, controller: true }]);
  });

  it('whenScaled: Delete blocks re-creating a pod while its old claim still belongs to the old pod', () => {
    const b = bench();
    b.api.create(statefulSet('web', { replicas: 2, claims: ['www'], retention: { whenDeleted: 'Retain', whenScaled: 'Delete' } }));
    b.run(30_000);
    editSet(b, 'web', (s) => (s.replicas = 1));
    b.run(30_000);
    expect(b.pod('web-1')).toBeUndefined();
    expect(refsOf(b, 'www-web-1')[0]!.kind).toBe('Pod'); // the garbage collector would now delete it
    editSet(b, 'web', (s) => (s.replicas = 2));
    b.run(30_000);
    expect(b.pod('web-1')).toBeUndefined();
    // The garbage collector removes the stale claim; the next sync creates a fresh one and the pod.
    b.api.delete('PersistentVolumeClaim', 'default', 'www-web-1');
    const pvc = b.pvc('www-web-1');
    if (pvc) b.api.update({ ...pvc, metadata: { ...pvc.metadata, finalizers: [] } });
    editSet(b, 'web', (s) => (s.minReadySeconds = 0)); // any change of the set triggers a sync
    b.run(30_000);
    expect(b.pod('web-1')).toBeDefined();
    expect(refsOf(b, 'www-web-1')).toEqual([]);
  });
});
