/**
 * Creation and scaling: OrderedReady vs Parallel, minReadySeconds, scale-down order, failed and
 * terminating pods, start ordinals.
 */
import { describe, expect, it } from '@jest/globals';
import { bench, editSet, statefulSet, type Bench } from './harness';

/** Virtual ms at which each pod was created, from its creationTimestamp. */
function createdAt(b: Bench, name: string): number {
  return b.api.parseTime(b.pod(name)!.metadata.creationTimestamp!);
}

function readyAt(b: Bench, name: string): number {
  const c = b.pod(name)!.status?.conditions?.find((x) => x.type === 'Ready' && x.status === 'True');
  return b.api.parseTime(c!.lastTransitionTime!);
}

describe('OrderedReady creation (001-9, 002-1, 003-5)', () => {
  it('creates pod i+1 only once pod i is Running and Ready', () => {
    const b = bench();
    b.api.create(statefulSet('web'));
    b.run(0);
    expect(b.podNames()).toEqual(['web-0']);
    b.run(1999);
    expect(b.podNames()).toEqual(['web-0']); // web-0 still Pending
    b.run(1);
    expect(b.podNames()).toEqual(['web-0', 'web-1']);
    b.run(10_000);
    expect(b.podNames()).toEqual(['web-0', 'web-1', 'web-2']);
    expect(createdAt(b, 'web-1')).toBe(readyAt(b, 'web-0'));
    expect(createdAt(b, 'web-2')).toBe(readyAt(b, 'web-1'));
    expect(b.eventsAbout('web').filter((e) => e.startsWith('SuccessfulCreate'))).toEqual([
      'SuccessfulCreate: create Pod web-0 in StatefulSet web successful',
      'SuccessfulCreate: create Pod web-1 in StatefulSet web successful',
      'SuccessfulCreate: create Pod web-2 in StatefulSet web successful',
    ]);
  });

  it('never creates the next pod while one is not ready', () => {
    const b = bench();
    b.kubelet.brokenImages.add('nginx:broken');
    b.api.create(statefulSet('web', { image: 'nginx:broken' }));
    b.run(600_000);
    expect(b.podNames()).toEqual(['web-0']);
    expect(b.set('web').status).toMatchObject({ replicas: 1, availableReplicas: 0 });
  });

  it('gives each pod its identity: hostname, subdomain, labels, controller ref (002-2)', () => {
    const b = bench();
    b.api.create(statefulSet('web', { replicas: 1 }));
    b.run(0);
    const set = b.set('web');
    const pod = b.pod('web-0')!;
    expect(pod.spec!.hostname).toBe('web-0');
    expect(pod.spec!.subdomain).toBe('nginx');
    expect(pod.metadata.generateName).toBe('web-');
    expect(pod.metadata.labels).toEqual({
      app: 'nginx',
      'apps.kubernetes.io/pod-index': '0',
      'statefulset.kubernetes.io/pod-name': 'web-0',
      'controller-revision-hash': set.status!.updateRevision,
    });
    expect(pod.metadata.ownerReferences).toEqual([
      { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: set.metadata.uid, controller: true, blockOwnerDeletion: true },
    ]);
  });

  it('numbers pods from spec.ordinals.start', () => {
    const b = bench();
    b.api.create(statefulSet('web', { replicas: 2, ordinalsStart: 5 }));
    b.run(30_000);
    expect(b.podNames()).toEqual(['web-5', 'web-6']);
    expect(b.pod('web-6')!.metadata.labels!['apps.kubernetes.io/pod-index']).toBe('6');
  });
});

// 1.35.0's timing: later releases (1.35.1+, #136097) look again when the soonest Ready pod
// reaches minReadySeconds (versions-136-137.test.ts)
describe('minReadySeconds on 1.35.0', () => {
  it('waits until the previous pod has been ready for minReadySeconds, re-syncing on client-go delaying-queue timers', () => {
    const b = bench('1.35.0');
    b.api.create(statefulSet('web', { replicas: 2, minReadySeconds: 10 }));
    // t=0: the first sync queues another after minReadySeconds (t=10s). web-0 turns Ready at t=2s;
    // the later AddAfter calls (t=12s, 13s) lose to the earlier one already waiting.
    b.run(2000);
    expect(b.podNames()).toEqual(['web-0']);
    expect(b.set('web').status).toMatchObject({ readyReplicas: 1, availableReplicas: 0 });
    b.run(8000); // t=10s: ready for 8s only; the sync queues the next one at t=20s
    expect(b.podNames()).toEqual(['web-0']);
    b.run(9999);
    expect(b.podNames()).toEqual(['web-0']);
    b.run(1); // t=20s
    expect(b.podNames()).toEqual(['web-0', 'web-1']);
    expect(createdAt(b, 'web-1')).toBe(20_000);
    expect(b.set('web').status!.availableReplicas).toBe(1);
  });

  it('reports availability only at the next queued sync, as upstream does', () => {
    const b = bench('1.35.0');
    b.api.create(statefulSet('web', { replicas: 1, minReadySeconds: 30 }));
    // Ready at t=2s. Waiting syncs: t=30s (queued by the first sync) beats t=32s and t=33s; at
    // t=30s the pod has been ready 28s, so the next is queued for t=60s.
    b.run(58_000);
    expect(b.set('web').status).toMatchObject({ readyReplicas: 1, availableReplicas: 0 });
    b.run(2000);
    expect(b.set('web').status).toMatchObject({ readyReplicas: 1, availableReplicas: 1 });
    expect(readyAt(b, 'web-0')).toBe(2000);
  });
});

describe('Parallel (000-2)', () => {
  it('creates every pod at once without waiting', () => {
    const b = bench();
    b.kubelet.brokenImages.add('nginx:broken');
    b.api.create(statefulSet('web', { policy: 'Parallel', image: 'nginx:broken' }));
    b.run(0);
    expect(b.podNames()).toEqual(['web-0', 'web-1', 'web-2']);
    expect(new Set(['web-0', 'web-1', 'web-2'].map((n) => createdAt(b, n)))).toEqual(new Set([0]));
  });

  it('deletes every condemned pod at once on scale down', () => {
    const b = bench();
    b.api.create(statefulSet('web', { policy: 'Parallel', replicas: 4 }));
    b.run(5000);
    editSet(b, 'web', (s) => (s.replicas = 1));
    b.run(0);
    for (const n of ['web-1', 'web-2', 'web-3']) expect(b.pod(n)!.metadata.deletionTimestamp).toBeDefined();
    b.run(5000);
    expect(b.podNames()).toEqual(['web-0']);
  });
});

describe('scale down (001-11, 002-6, 003-5, 004-10)', () => {
  it('removes the highest ordinal first, one at a time, waiting for each to be gone', () => {
    const b = bench();
    b.api.create(statefulSet('web', { replicas: 5, claims: ['www'] }));
    b.run(60_000);
    expect(b.podNames()).toEqual(['web-0', 'web-1', 'web-2', 'web-3', 'web-4']);
    b.kubelet.stopMs = 3000;
    editSet(b, 'web', (s) => (s.replicas = 2));
    const gone: Array<[string, number]> = [];
    const seen = new Set(b.podNames());
    for (let t = 0; t < 30_000; t += 500) {
      b.run(500);
      for (const n of [...seen]) if (!b.pod(n)) (seen.delete(n), gone.push([n, b.clock.now()]));
    }
    expect(gone.map(([n]) => n)).toEqual(['web-4', 'web-3', 'web-2']);
    expect(gone[1]![1] - gone[0]![1]).toBeGreaterThanOrEqual(3000);
    // Claims are kept (Retain by default).
    for (let i = 0; i < 5; i++) expect(b.pvc(`www-web-${i}`)).toBeDefined();
    expect(b.eventsAbout('web').filter((e) => e.startsWith('SuccessfulDelete'))).toEqual([
      'SuccessfulDelete: delete Pod web-4 in StatefulSet web successful',
      'SuccessfulDelete: delete Pod web-3 in StatefulSet web successful',
      'SuccessfulDelete: delete Pod web-2 in StatefulSet web successful',
    ]);
  });

  it('waits for an unready condemned pod unless it is the first unavailable one', () => {
    const b = bench();
    b.api.create(statefulSet('web', { replicas: 4 }));
    b.run(30_000);
    b.kubelet.setStatus(b.pod('web-2')!, 'Running', false);
    b.kubelet.setStatus(b.pod('web-3')!, 'Running', false);
    editSet(b, 'web', (s) => (s.replicas = 2));
    b.run(60_000);
    expect(b.podNames()).toEqual(['web-0', 'web-1', 'web-2', 'web-3']); // web-3 is unready and web-2 is first
    b.kubelet.setStatus(b.pod('web-3')!, 'Running', true);
    b.run(1000);
    expect(b.podNames()).toEqual(['web-0', 'web-1', 'web-2']);
    b.run(1000); // web-2, though unready, is the first unavailable pod: it goes
    expect(b.podNames()).toEqual(['web-0', 'web-1']);
  });

  it('scales up one at a time again and reuses the old claims (002-7)', () => {
    const b = bench();
    b.api.create(statefulSet('web', { replicas: 5, claims: ['www'] }));
    b.run(60_000);
    const uid = b.pvc('www-web-4')!.metadata.uid;
    editSet(b, 'web', (s) => (s.replicas = 2));
    b.run(60_000);
    editSet(b, 'web', (s) => (s.replicas = 5));
    b.run(0);
    expect(b.podNames()).toEqual(['web-0', 'web-1', 'web-2']);
    b.run(60_000);
    expect(b.podNames()).toHaveLength(5);
    expect(b.pvc('www-web-4')!.metadata.uid).toBe(uid);
    expect(b.eventsAbout('web').filter((e) => e.includes('Claim www-web-4'))).toHaveLength(1);
  });
});

describe('pod replacement', () => {
  it('deletes a Failed pod and re-creates it under the same name', () => {
    const b = bench();
    b.api.create(statefulSet('web', { replicas: 2 }));
    b.run(30_000);
    const old = b.pod('web-0')!;
    b.kubelet.setStatus(old, 'Failed', false);
    b.run(0);
    const fresh = b.pod('web-0')!;
    expect(fresh.metadata.uid).not.toBe(old.metadata.uid);
    expect(b.eventsAbout('web')).toContain('SuccessfulDelete: delete Pod web-0 in StatefulSet web successful');
  });

  it('never creates a replacement while the old pod is still terminating (at most one pod per identity)', () => {
    const b = bench();
    b.api.create(statefulSet('web', { replicas: 2 }));
    b.run(30_000);
    b.kubelet.stuckDeletion.add('web-1');
    const old = b.pod('web-1')!;
    b.api.delete('Pod', 'default', 'web-1');
    b.run(600_000);
    expect(b.pod('web-1')!.metadata.uid).toBe(old.metadata.uid);
    expect(b.pod('web-1')!.metadata.deletionTimestamp).toBeDefined();
    // The node comes back: the kubelet finishes the deletion, and only then is web-1 re-created.
    b.api.delete('Pod', 'default', 'web-1', { gracePeriodSeconds: 0 });
    b.run(0);
    expect(b.pod('web-1')!.metadata.uid).not.toBe(old.metadata.uid);
  });
});
