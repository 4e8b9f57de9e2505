/**
 * Updates: RollingUpdate order and waits, partitions, OnDelete, stuck rollouts, revisions and the
 * MaxUnavailableStatefulSet behaviour.
 */
import { describe, expect, it } from '@jest/globals';
import type { KubeVersion } from '../../../../src/kube/version';
import type { KObject } from '../../../../src/kube/object';
import { bench, editSet, imageOf, setImage, statefulSet, type Bench, type PodK } from './harness';

interface Happening {
  t: number;
  what: 'terminating' | 'ready';
  pod: string;
  image?: string;
}

/** Records when pods start terminating and when they become Ready. */
function watchPods(b: Bench): Happening[] {
  const log: Happening[] = [];
  b.api.watch((ev) => {
    if (ev.object.kind !== 'Pod' || ev.type !== 'MODIFIED') return;
    const cur = ev.object as PodK;
    const old = ev.old as PodK;
    if (cur.metadata.deletionTimestamp && !old.metadata.deletionTimestamp) {
      log.push({ t: b.clock.now(), what: 'terminating', pod: cur.metadata.name });
    }
    const ready = (p: PodK) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
    if (ready(cur) && !ready(old)) log.push({ t: b.clock.now(), what: 'ready', pod: cur.metadata.name, image: imageOf(cur) });
  });
  return log;
}

function images(b: Bench, names: string[]): Array<string | undefined> {
  return names.map((n) => imageOf(b.pod(n)));
}

function revisions(b: Bench): Array<{ name: string; revision: number }> {
  return b.api
    .list<KObject & { revision: number }>('ControllerRevision')
    .map((r) => ({ name: r.metadata.name, revision: r.revision }))
    .sort((x, y) => x.revision - y.revision);
}

describe.each<[KubeVersion, string]>([
  ['1.35.0', 'MaxUnavailableStatefulSet on'],
  ['1.35', 'MaxUnavailableStatefulSet off again in 1.35.4'],
  ['1.34', 'MaxUnavailableStatefulSet off'],
  ['1.29', 'MaxUnavailableStatefulSet off, creationTimestamp: null in revisions'],
])('RollingUpdate on %s (%s) (002-8, 004-10)', (version) => {
  it('replaces pods from the highest ordinal down, each after its successor is Running and Ready', () => {
    const b = bench(version);
    b.api.create(statefulSet('web'));
    b.run(30_000);
    const before = b.set('web').status!;
    const log = watchPods(b);
    setImage(b, 'web', 'nginx:1.16.1');
    b.run(60_000);
    const terminating = log.filter((h) => h.what === 'terminating');
    expect(terminating.map((h) => h.pod)).toEqual(['web-2', 'web-1', 'web-0']);
    for (const [next, prev] of [['web-1', 'web-2'], ['web-0', 'web-1']]) {
      const replacedReady = log.find((h) => h.what === 'ready' && h.pod === prev && h.image === 'nginx:1.16.1')!;
      expect(terminating.find((h) => h.pod === next)!.t).toBeGreaterThanOrEqual(replacedReady.t);
    }
    expect(images(b, ['web-0', 'web-1', 'web-2'])).toEqual(['nginx:1.16.1', 'nginx:1.16.1', 'nginx:1.16.1']);
    const after = b.set('web');
    expect(after.status).toMatchObject({
      observedGeneration: after.metadata.generation,
      replicas: 3, readyReplicas: 3, availableReplicas: 3, currentReplicas: 3, updatedReplicas: 3,
      currentRevision: after.status!.updateRevision,
      collisionCount: 0,
    });
    expect(after.status!.updateRevision).not.toBe(before.updateRevision);
    expect(revisions(b).map((r) => r.revision)).toEqual([1, 2]);
    const data = b.api.get<KObject & { data: any }>('ControllerRevision', 'default', after.status!.updateRevision!)!.data;
    expect(data.spec.template.$patch).toBe('replace');
    expect('creationTimestamp' in data.spec.template.metadata).toBe(version === '1.29');
  });
});

describe('partition (002-9, 004-10)', () => {
  it('updates only ordinals >= partition, then the rest when it is lowered (canary)', () => {
    const b = bench();
    b.api.create(statefulSet('web'));
    b.run(30_000);
    editSet(b, 'web', (s) => (s.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { partition: 2 } }));
    setImage(b, 'web', 'nginx:1.16.1');
    b.run(120_000);
    expect(images(b, ['web-0', 'web-1', 'web-2'])).toEqual(['nginx:1.14.2', 'nginx:1.14.2', 'nginx:1.16.1']);
    const mid = b.set('web').status!;
    expect(mid).toMatchObject({ currentReplicas: 2, updatedReplicas: 1 });
    expect(mid.currentRevision).not.toBe(mid.updateRevision);
    editSet(b, 'web', (s) => (s.updateStrategy.rollingUpdate.partition = 0));
    b.run(120_000);
    expect(images(b, ['web-0', 'web-1', 'web-2'])).toEqual(['nginx:1.16.1', 'nginx:1.16.1', 'nginx:1.16.1']);
    expect(b.set('web').status!.currentRevision).toBe(b.set('web').status!.updateRevision);
  });

  it('partition 3 of 5 updates ordinals 4 and 3 only', () => {
    const b = bench();
    b.api.create(statefulSet('web', { replicas: 5, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 3 } } }));
    b.run(60_000);
    setImage(b, 'web', 'nginx:1.16.1');
    b.run(120_000);
    expect(images(b, ['web-0', 'web-1', 'web-2', 'web-3', 'web-4'])).toEqual(
      ['nginx:1.14.2', 'nginx:1.14.2', 'nginx:1.14.2', 'nginx:1.16.1', 'nginx:1.16.1']);
  });

  it('a partition above the replica count updates nothing', () => {
    const b = bench();
    b.api.create(statefulSet('web', { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 5 } } }));
    b.run(30_000);
    const uids = ['web-0', 'web-1', 'web-2'].map((n) => b.pod(n)!.metadata.uid);
    setImage(b, 'web', 'nginx:1.16.1');
    b.run(120_000);
    expect(['web-0', 'web-1', 'web-2'].map((n) => b.pod(n)!.metadata.uid)).toEqual(uids);
    expect(b.set('web').status).toMatchObject({ currentReplicas: 3 });
    expect(b.set('web').status!.updatedReplicas).toBeUndefined(); // 0 is omitted (omitempty)
  });

  it('re-creates a missing pod below the partition at the current revision', () => {
    const b = bench();
    b.api.create(statefulSet('web', { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } }));
    b.run(30_000);
    setImage(b, 'web', 'nginx:1.16.1');
    b.run(60_000);
    b.kubelet.setStatus(b.pod('web-0')!, 'Failed', false);
    b.run(30_000);
    expect(images(b, ['web-0', 'web-1', 'web-2'])).toEqual(['nginx:1.14.2', 'nginx:1.14.2', 'nginx:1.16.1']);
  });
});

describe('a pod that fails during a rolling update (002-8)', () => {
  function failWebZeroDuringStuckUpdate(b: Bench): void {
    b.kubelet.brokenImages.add('nginx:broken');
    b.run(30_000);
    setImage(b, 'web', 'nginx:broken'); // web-2 is replaced and never becomes Ready: the update waits
    b.run(30_000);
    expect(imageOf(b.pod('web-1'))).toBe('nginx:1.14.2');
    b.kubelet.setStatus(b.pod('web-0')!, 'Failed', false);
    b.run(30_000);
  }

  it('with the defaulted rollingUpdate (partition 0) is re-created at the update revision', () => {
    const b = bench();
    b.api.create(statefulSet('web'));
    failWebZeroDuringStuckUpdate(b);
    expect(imageOf(b.pod('web-0'))).toBe('nginx:broken');
  });

  it('with type RollingUpdate and no rollingUpdate block is re-created at the current revision', () => {
    const b = bench();
    b.api.create(statefulSet('web', { updateStrategy: { type: 'RollingUpdate' } }));
    failWebZeroDuringStuckUpdate(b);
    expect(imageOf(b.pod('web-0'))).toBe('nginx:1.14.2');
  });
});

describe('OnDelete (002-10, 003-7)', () => {
  it('changes nothing until a pod is deleted; the re-created pod gets the new template', () => {
    const b = bench();
    b.api.create(statefulSet('web', { updateStrategy: { type: 'OnDelete' } }));
    b.run(30_000);
    const uids = ['web-0', 'web-1', 'web-2'].map((n) => b.pod(n)!.metadata.uid);
    setImage(b, 'web', 'nginx:1.16.1');
    b.run(300_000);
    expect(['web-0', 'web-1', 'web-2'].map((n) => b.pod(n)!.metadata.uid)).toEqual(uids);
    b.api.delete('Pod', 'default', 'web-2');
    b.run(30_000);
    expect(images(b, ['web-0', 'web-1', 'web-2'])).toEqual(['nginx:1.14.2', 'nginx:1.14.2', 'nginx:1.16.1']);
    const s = b.set('web').status!;
    expect(s).toMatchObject({ currentReplicas: 2, updatedReplicas: 1, readyReplicas: 3 });
    expect(s.currentRevision).not.toBe(s.updateRevision); // OnDelete never completes by itself
  });
});

describe('stuck rolling update and forced rollback', () => {
  it('stalls on a pod that never becomes Ready; reverting alone does not help; deleting the pod does', () => {
    const b = bench();
    b.kubelet.brokenImages.add('nginx:broken');
    b.api.create(statefulSet('web'));
    b.run(30_000);
    const firstRevision = b.set('web').status!.currentRevision!;
    setImage(b, 'web', 'nginx:broken');
    b.run(300_000);
    expect(images(b, ['web-0', 'web-1', 'web-2'])).toEqual(['nginx:1.14.2', 'nginx:1.14.2', 'nginx:broken']);
    setImage(b, 'web', 'nginx:1.14.2');
    b.run(300_000);
    expect(imageOf(b.pod('web-2'))).toBe('nginx:broken');
    // The revert brought the first revision back with the next number instead of a new object.
    expect(b.set('web').status!.updateRevision).toBe(firstRevision);
    expect(revisions(b)).toEqual([
      { name: expect.any(String), revision: 2 },
      { name: firstRevision, revision: 3 },
    ]);
    b.api.delete('Pod', 'default', 'web-2');
    b.run(60_000);
    expect(images(b, ['web-0', 'web-1', 'web-2'])).toEqual(['nginx:1.14.2', 'nginx:1.14.2', 'nginx:1.14.2']);
    expect(b.set('web').status).toMatchObject({ readyReplicas: 3, updatedReplicas: 3, currentRevision: firstRevision });
  });
});

describe('revision history', () => {
  it('keeps at most revisionHistoryLimit unused revisions, never a live one', () => {
    const b = bench();
    b.api.create(statefulSet('web', { replicas: 2, revisionHistoryLimit: 1 }));
    b.run(30_000);
    for (const tag of ['1.15', '1.16', '1.17']) {
      setImage(b, 'web', `nginx:${tag}`);
      b.run(60_000);
    }
    const live = b.set('web').status!.updateRevision;
    expect(revisions(b).map((r) => r.revision)).toEqual([3, 4]);
    expect(revisions(b)[1]!.name).toBe(live);
    const rev = b.api.get<KObject>('ControllerRevision', 'default', live!)!;
    expect(rev.metadata.labels).toMatchObject({ app: 'nginx' });
    expect(rev.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]+$/);
  });
});

describe('MaxUnavailableStatefulSet', () => {
  it('on (1.35.0): maxUnavailable 2 replaces two pods at a time', () => {
    const b = bench('1.35.0');
    b.api.create(statefulSet('web', { replicas: 5, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 2 } } }));
    b.run(60_000);
    const log = watchPods(b);
    setImage(b, 'web', 'nginx:1.16.1');
    b.run(0);
    expect(log.filter((h) => h.what === 'terminating').map((h) => h.pod)).toEqual(['web-4', 'web-3']);
    b.run(120_000);
    expect(images(b, ['web-0', 'web-4'])).toEqual(['nginx:1.16.1', 'nginx:1.16.1']);
  });

  it('off (1.34): the same set replaces one pod at a time', () => {
    const b = bench('1.34');
    b.api.create(statefulSet('web', { replicas: 5, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 2 } } }));
    b.run(60_000);
    const log = watchPods(b);
    setImage(b, 'web', 'nginx:1.16.1');
    b.run(0);
    expect(log.filter((h) => h.what === 'terminating').map((h) => h.pod)).toEqual(['web-4']);
  });

  it('on (1.35.0): a Parallel set whose only pod never became available is never updated (kubernetes#137409)', () => {
    for (const [version, fixed] of [['1.35.0', false], ['1.35', true], ['1.34', true]] as const) {
      const b = bench(version);
      b.kubelet.brokenImages.add('nginx:broken');
      b.api.create(statefulSet('web', { replicas: 1, policy: 'Parallel', image: 'nginx:broken' }));
      b.run(10_000);
      setImage(b, 'web', 'nginx:1.16.1');
      b.run(60_000);
      expect([version, imageOf(b.pod('web-0'))]).toEqual([version, fixed ? 'nginx:1.16.1' : 'nginx:broken']);
    }
  });
});
