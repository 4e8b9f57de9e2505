import { describe, expect, it } from '@jest/globals';
import { ApiError } from '../../../../src/errors';
import { clone, type KObject } from '../../../../src/kube/object';
import { bench, replicaSet, scale, type Bench, type PodK } from './harness';

type RsK = KObject & { spec: any; status?: any };

function bare(b: Bench, name: string, o: { node?: string; phase?: string; ready?: boolean; restarts?: number; cost?: string; labels?: Record<string, string> } = {}): PodK {
  const pod: KObject = {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: 'default', labels: o.labels ?? { app: 'web', tier: 'web' }, ...(o.cost ? { annotations: { 'controller.kubernetes.io/pod-deletion-cost': o.cost } } : {}) },
    spec: { nodeName: o.node ?? 'node-1', containers: [{ name: 'c', image: 'nginx:1.25' }] },
  };
  b.kubelet.pickNode = () => o.node ?? 'node-1';
  const created = b.api.create<PodK>(pod);
  if (o.phase && o.phase !== 'Pending') b.kubelet.setStatus(created, o.phase, o.ready ?? false, o.restarts ?? 0);
  return created;
}

describe('ReplicaSet controller: creating pods', () => {
  it('creates spec.replicas pods named <rs>-<5 chars> with the template labels and a controller owner ref', () => {
    const b = bench();
    const rs = b.api.create<RsK>(replicaSet('web', 3));
    b.run(0);
    const pods = b.pods();
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(p.metadata.labels).toEqual({ app: 'web', tier: 'web' });
      expect(p.metadata.ownerReferences).toEqual([
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true },
      ]);
    }
    expect([...b.eventsAbout('web')].sort()).toEqual(pods.map((p) => `SuccessfulCreate: Created pod: ${p.metadata.name}`).sort());
    expect(b.get<RsK>('ReplicaSet', 'web').status).toEqual({ replicas: 3, fullyLabeledReplicas: 3, observedGeneration: 1, terminatingReplicas: 0 });
  });

  it('reports ready and available replicas once the pods run', () => {
    const b = bench();
    b.api.create(replicaSet('web', 2));
    b.run(5000);
    expect(b.get<RsK>('ReplicaSet', 'web').status).toEqual({
      replicas: 2, fullyLabeledReplicas: 2, readyReplicas: 2, availableReplicas: 2, observedGeneration: 1, terminatingReplicas: 0,
    });
  });

  it('leaves terminatingReplicas out before 1.35 (gate DeploymentReplicaSetTerminatingReplicas off)', () => {
    const b = bench('1.34');
    b.api.create(replicaSet('web', 1));
    b.run(5000);
    expect(b.get<RsK>('ReplicaSet', 'web').status.terminatingReplicas).toBeUndefined();
  });

  it('counts a pod available only minReadySeconds after it became ready', () => {
    const b = bench();
    b.api.create(replicaSet('web', 2, { minReadySeconds: 10 }));
    b.run(2000); // pods Ready at t=2s
    expect(b.get<RsK>('ReplicaSet', 'web').status).toMatchObject({ readyReplicas: 2 });
    expect(b.get<RsK>('ReplicaSet', 'web').status.availableReplicas).toBeUndefined();
    b.run(9999); // just before 12s
    expect(b.get<RsK>('ReplicaSet', 'web').status.availableReplicas).toBeUndefined();
    b.run(1); // t=12s: the requeue at ready + minReadySeconds, with no other event
    expect(b.get<RsK>('ReplicaSet', 'web').status.availableReplicas).toBe(2);
  });

  /** One pod Ready at 2s, a second (scaled up at 3s) Ready at 5s: when is each counted available? */
  function staggered(version: '1.34' | '1.35'): Array<[number, number | undefined]> {
    const b = bench(version);
    b.api.create(replicaSet('web', 1, { minReadySeconds: 10 }));
    b.run(3000);
    const rs = b.get<RsK>('ReplicaSet', 'web');
    b.api.update({ ...rs, spec: { ...rs.spec, replicas: 2 } });
    const seen: Array<[number, number | undefined]> = [];
    for (const t of [11_999, 12_000, 14_999, 15_000, 22_000, 22_001]) {
      b.run(t - b.clock.now());
      seen.push([t, b.get<RsK>('ReplicaSet', 'web').status.availableReplicas]);
    }
    return seen;
  }

  it('from 1.35 counts each pod available at its own minReadySeconds (kubernetes#132121)', () => {
    expect(staggered('1.35')).toEqual([[11_999, undefined], [12_000, 1], [14_999, 1], [15_000, 2], [22_000, 2], [22_001, 2]]);
  });

  it('up to 1.34 counts a pod that turned Ready behind an earlier wait a round later', () => {
    // The first pod's requeue (2s + 10s + 1s) waits under the key; the second pod's (5s + 11s)
    // is dropped by the delaying queue, and the sync at 12s plans the next look 10s later.
    expect(staggered('1.34')).toEqual([[11_999, undefined], [12_000, 1], [14_999, 1], [15_000, 1], [22_000, 2], [22_001, 2]]);
  });

  it('replaces a deleted pod at once and counts it as terminating until it is gone', () => {
    const b = bench();
    b.kubelet.stopMs = 4000;
    b.api.create(replicaSet('web', 2));
    b.run(3000);
    const victim = b.pods()[0]!.metadata.name;
    b.api.delete('Pod', 'default', victim);
    b.run(0);
    const rs = b.get<RsK>('ReplicaSet', 'web');
    expect(b.pods()).toHaveLength(3);
    expect(rs.status).toMatchObject({ replicas: 2, terminatingReplicas: 1, readyReplicas: 1 });
    b.run(5000);
    expect(b.pods()).toHaveLength(2);
    expect(b.pods().map((p) => p.metadata.name)).not.toContain(victim);
    expect(b.get<RsK>('ReplicaSet', 'web').status).toMatchObject({ replicas: 2, terminatingReplicas: 0, readyReplicas: 2 });
  });

  it('records ReplicaFailure and FailedCreate when the API server refuses pods, and clears it afterwards', () => {
    const b = bench();
    let refuse = true;
    b.api.addAdmissionHook('Pod', (obj) => {
      if (refuse) throw new ApiError(403, 'Forbidden', 'pods "web-" is forbidden: exceeded quota: q, requested: pods=1, used: pods=0, limited: pods=0');
      return obj;
    });
    b.api.create(replicaSet('web', 3));
    b.run(0);
    const rs = b.get<RsK>('ReplicaSet', 'web');
    expect(rs.status.conditions).toEqual([{
      type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', lastTransitionTime: '2025-01-01T00:00:00Z',
      message: 'pods "web-" is forbidden: exceeded quota: q, requested: pods=1, used: pods=0, limited: pods=0',
    }]);
    // slow start: each sync tries a single pod, so one refusal per attempt
    expect(b.eventsAbout('web')[0]).toBe('FailedCreate: Error creating: pods "web-" is forbidden: exceeded quota: q, requested: pods=1, used: pods=0, limited: pods=0');
    refuse = false;
    b.run(1000); // the back-off retry succeeds
    expect(b.pods()).toHaveLength(3);
    expect(b.get<RsK>('ReplicaSet', 'web').status.conditions).toBeUndefined();
  });
});

describe('ReplicaSet controller: adoption and release', () => {
  it('adopts matching orphans instead of creating pods, and ignores pods owned by others', () => {
    const b = bench();
    b.kubelet.starting = false;
    bare(b, 'orphan-1');
    const foreign = bare(b, 'foreign');
    const owned = clone(foreign);
    owned.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'other', uid: 'u-1', controller: true }];
    b.api.update(owned);
    const rs = b.api.create<RsK>(replicaSet('web', 2));
    b.run(0);
    const pods = b.pods();
    expect(pods).toHaveLength(3);
    expect(b.get<PodK>('Pod', 'orphan-1').metadata.ownerReferences).toEqual([
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true },
    ]);
    expect(b.get<PodK>('Pod', 'foreign').metadata.ownerReferences?.[0]?.kind).toBe('StatefulSet');
    expect(b.eventsAbout('web').filter((e) => e.startsWith('SuccessfulCreate'))).toHaveLength(1);
  });

  it('releases a pod whose labels stop matching and creates a replacement', () => {
    const b = bench();
    b.api.create(replicaSet('web', 2));
    b.run(3000);
    const pod = clone(b.pods()[0]!);
    pod.metadata.labels = { app: 'debug' };
    b.api.update(pod);
    b.run(0);
    expect(b.get<PodK>('Pod', pod.metadata.name).metadata.ownerReferences).toBeUndefined();
    expect(b.pods().filter((p) => p.metadata.labels?.app === 'web')).toHaveLength(2);
  });

  it('counts fully labeled replicas: adopted pods lacking a template label are not', () => {
    const b = bench();
    b.kubelet.starting = false;
    bare(b, 'partial', { labels: { app: 'web' } });
    b.api.create(replicaSet('web', 1));
    b.run(0);
    expect(b.get<RsK>('ReplicaSet', 'web').status).toMatchObject({ replicas: 1 });
    expect(b.get<RsK>('ReplicaSet', 'web').status.fullyLabeledReplicas).toBeUndefined();
  });
});

describe('ReplicaSet controller: which pods a scale-down deletes', () => {
  function adopted(b: Bench, replicas: number): string[] {
    b.api.create(replicaSet('web', replicas));
    b.run(0);
    return b.eventsAbout('web').filter((e) => e.startsWith('SuccessfulDelete')).map((e) => e.replace('SuccessfulDelete: Deleted pod: ', ''));
  }

  it('deletes unassigned, then Pending, then not-ready pods before ready ones', () => {
    const b = bench();
    b.kubelet.starting = false;
    bare(b, 'a-ready', { phase: 'Running', ready: true });
    bare(b, 'b-unready', { phase: 'Running', ready: false });
    bare(b, 'c-pending', { node: 'node-2' });
    bare(b, 'd-unassigned', { node: '' });
    bare(b, 'e-ready', { phase: 'Running', ready: true, node: 'node-2', restarts: 3 });
    expect(adopted(b, 2)).toEqual(['d-unassigned', 'c-pending', 'b-unready']);
    expect(b.pods().filter((p) => !p.metadata.deletionTimestamp).map((p) => p.metadata.name)).toEqual(['a-ready', 'e-ready']);
  });

  it('prefers a lower pod-deletion-cost, then more restarts', () => {
    const b = bench();
    b.kubelet.starting = false;
    bare(b, 'costly', { phase: 'Running', ready: true, cost: '100', restarts: 9 });
    bare(b, 'restarted', { phase: 'Running', ready: true, restarts: 5 });
    bare(b, 'calm', { phase: 'Running', ready: true });
    bare(b, 'cheap', { phase: 'Running', ready: true, cost: '-5' });
    expect(adopted(b, 1)).toEqual(['cheap', 'restarted', 'calm']);
  });

  it('deletes the pod that became ready more recently first (log2 buckets of age)', () => {
    const b = bench();
    b.kubelet.starting = false;
    const old = bare(b, 'old', {});
    b.run(100_000);
    const young = bare(b, 'young', {});
    b.kubelet.setStatus(old, 'Running', true);
    b.run(1000);
    b.kubelet.setStatus(young, 'Running', true);
    // Ready 1s apart but 100s ago: same log2 bucket of age, so the ready times tie and the
    // creation times (100s apart) decide.
    b.run(200_000);
    expect(adopted(b, 1)).toEqual(['young']);
  });

  it('scales down with spec.replicas and reports the deletions', () => {
    const b = bench();
    b.api.create(replicaSet('web', 4));
    b.run(3000);
    scale(b, 'ReplicaSet', 'web', 1);
    b.run(0);
    expect(b.eventsAbout('web').filter((e) => e.startsWith('SuccessfulDelete'))).toHaveLength(3);
    expect(b.get<RsK>('ReplicaSet', 'web').status).toMatchObject({ replicas: 1, terminatingReplicas: 3, observedGeneration: 2 });
    b.run(2000);
    expect(b.pods()).toHaveLength(1);
  });
});
