import { describe, expect, it } from '@jest/globals';
import { bench, daemonSet, defaultNodes, setImage, type Bench, type PodK } from './harness';

const image = (p: PodK) => p.spec!.containers[0]!.image;

/** Runs in small steps, recording after each how many nodes lack an available pod and how many pods are live per node. */
function watchRollout(b: Bench, totalMs: number, stepMs = 100) {
  let maxUnavailableNodes = 0;
  let maxPodsOnANode = 0;
  for (let t = 0; t < totalMs; t += stepMs) {
    b.run(stepMs);
    const ready = new Set(b.pods().filter((p) => !p.metadata.deletionTimestamp && p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).map((p) => p.spec!.nodeName));
    const nodes = b.api.list('Node').filter((n) => !(n.spec as any)?.taints?.length).map((n) => n.metadata.name);
    maxUnavailableNodes = Math.max(maxUnavailableNodes, nodes.filter((n) => !ready.has(n)).length);
    for (const pods of Object.values(b.podsByNode())) maxPodsOnANode = Math.max(maxPodsOnANode, pods.length);
  }
  return { maxUnavailableNodes, maxPodsOnANode };
}

function workers(b: Bench, n: number): void {
  for (let i = 1; i <= n; i++) b.addNode(`worker-${i}`);
}

describe('DaemonSet RollingUpdate', () => {
  it('replaces every pod, one node at a time by default (maxUnavailable 1, maxSurge 0)', () => {
    const b = bench();
    defaultNodes(b);
    b.addNode('worker-3');
    b.api.create(daemonSet());
    b.run(3000);
    expect(b.ds().spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
    setImage(b, 'nginx:1.13');
    const seen = watchRollout(b, 20_000);
    expect(seen.maxUnavailableNodes).toBe(1);
    expect(seen.maxPodsOnANode).toBe(1);
    const pods = b.pods();
    expect(pods.map(image)).toEqual(['nginx:1.13', 'nginx:1.13', 'nginx:1.13']);
    expect(pods.map((p) => p.metadata.labels!['pod-template-generation'])).toEqual(['2', '2', '2']);
    expect(b.ds().metadata.annotations!['deprecated.daemonset.template.generation']).toBe('2');
    expect(b.ds().status).toEqual({
      currentNumberScheduled: 3, numberMisscheduled: 0, desiredNumberScheduled: 3, numberReady: 3,
      updatedNumberScheduled: 3, numberAvailable: 3, observedGeneration: 2,
    });
    const deletes = b.eventsAbout('ds').filter((e) => e.startsWith('SuccessfulDelete'));
    expect(deletes).toHaveLength(3);
  });

  it('takes a percentage of the desired nodes, rounded up', () => {
    const b = bench();
    workers(b, 5);
    b.api.create(daemonSet({ spec: { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '30%' } } } }));
    b.run(3000);
    b.kubelet.stopMs = 5000;
    setImage(b, 'nginx:1.13');
    b.run(0);
    // 30% of 5 = 1.5, rounded up to 2 (GetScaledValueFromIntOrPercent(..., true))
    expect(b.pods().filter((p) => p.metadata.deletionTimestamp)).toHaveLength(2);
  });

  it('with maxSurge starts the new pod beside the old one and removes the old one once the new is available', () => {
    const b = bench();
    defaultNodes(b);
    b.api.create(daemonSet({ spec: { minReadySeconds: 2, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } } } }));
    b.run(6000);
    setImage(b, 'nginx:1.13');
    b.run(0);
    const w1 = b.pods().filter((p) => p.spec!.nodeName === 'worker-1').map(image);
    expect(w1).toEqual(expect.arrayContaining(['nginx:1.12', 'nginx:1.13']));
    expect(b.podsByNode()['worker-2']).toHaveLength(1); // only one node surges at a time
    const seen = watchRollout(b, 30_000);
    expect(seen.maxUnavailableNodes).toBe(0);
    expect(seen.maxPodsOnANode).toBe(2);
    expect(b.pods().map(image)).toEqual(['nginx:1.13', 'nginx:1.13']);
  });

  it('OnDelete leaves pods alone until they are deleted', () => {
    const b = bench();
    defaultNodes(b);
    b.api.create(daemonSet({ spec: { updateStrategy: { type: 'OnDelete' } } }));
    b.run(3000);
    setImage(b, 'nginx:1.13');
    b.run(10_000);
    expect(b.pods().map(image)).toEqual(['nginx:1.12', 'nginx:1.12']);
    expect(b.ds().status.observedGeneration).toBe(2);
    expect(b.ds().status.updatedNumberScheduled).toBeUndefined();
    b.api.delete('Pod', 'default', b.podsByNode()['worker-2']![0]!);
    b.run(5000);
    expect(b.pods().map(image)).toEqual(['nginx:1.12', 'nginx:1.13']);
    expect(b.ds().status.updatedNumberScheduled).toBe(1);
  });

  it('does not touch a rollout while pods of the new revision are not available (unavailable nodes use up maxUnavailable)', () => {
    const b = bench();
    defaultNodes(b);
    b.api.create(daemonSet());
    b.run(3000);
    b.kubelet.neverReady.add('nginx:broken');
    setImage(b, 'nginx:broken');
    b.run(20_000);
    // the first node got a broken pod; the other keeps its old, available one
    expect(b.pods().map(image).sort()).toEqual(['nginx:1.12', 'nginx:broken']);
  });
});

describe('DaemonSet history', () => {
  it('keeps one ControllerRevision per template, named <ds>-<hash>, numbered in order', () => {
    const b = bench();
    defaultNodes(b);
    const ds = b.api.create<any>(daemonSet());
    b.run(3000);
    setImage(b, 'nginx:1.13');
    b.run(20_000);
    const revs = b.revisions();
    expect(revs.map((r) => r.revision)).toEqual([1, 2]);
    for (const r of revs) {
      const hash = r.metadata.labels!['controller-revision-hash']!;
      expect(r.metadata.name).toBe(`ds-${hash}`);
      expect(r.metadata.labels).toEqual({ app: 'ds', 'controller-revision-hash': hash });
      expect(r.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'ds', uid: ds.metadata.uid, controller: true, blockOwnerDeletion: true }]);
      expect(r.data.spec.template.$patch).toBe('replace');
    }
    expect(revs[0]!.metadata.annotations).toEqual({ 'deprecated.daemonset.template.generation': '1' });
    expect(revs[1]!.data.spec.template.spec.containers[0].image).toBe('nginx:1.13');
    const current = revs[1]!.metadata.labels!['controller-revision-hash'];
    expect(b.pods().every((p) => p.metadata.labels!['controller-revision-hash'] === current)).toBe(true);
  });

  it('returning to an old template renumbers its revision instead of creating one', () => {
    const b = bench();
    defaultNodes(b);
    b.api.create(daemonSet());
    b.run(3000);
    const first = b.revisions()[0]!.metadata.name;
    setImage(b, 'nginx:1.13');
    b.run(20_000);
    setImage(b, 'nginx:1.12');
    b.run(20_000);
    const revs = b.revisions();
    expect(revs.map((r) => [r.metadata.name === first, r.revision])).toEqual([[false, 2], [true, 3]]);
    expect(b.pods().map(image)).toEqual(['nginx:1.12', 'nginx:1.12']);
    expect(b.pods().map((p) => p.metadata.labels!['pod-template-generation'])).toEqual(['3', '3']);
  });

  it('prunes revisions beyond revisionHistoryLimit that no pod uses, oldest first', () => {
    const b = bench();
    defaultNodes(b);
    b.api.create(daemonSet({ spec: { revisionHistoryLimit: 1 } }));
    b.run(3000);
    for (const v of ['1.13', '1.14', '1.15']) {
      setImage(b, `nginx:${v}`);
      b.run(20_000);
    }
    const revs = b.revisions();
    expect(revs.map((r) => r.revision)).toEqual([3, 4]);
    expect(revs[1]!.data.spec.template.spec.containers[0].image).toBe('nginx:1.15');
  });
});
