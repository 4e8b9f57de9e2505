import { describe, expect, it } from '@jest/globals';
import { bench, daemonSet, defaultNodes, type PodK } from './harness';

const SAFE = '[bcdfghjklmnpqrstvwxz2456789]';

describe('DaemonSet controller: one pod per eligible node', () => {
  it('creates a pod on each worker, none on the tainted control plane', () => {
    const b = bench();
    defaultNodes(b);
    const ds = b.api.create<any>(daemonSet());
    b.run(0);
    const pods = b.pods();
    expect(pods.map((p) => p.spec!.nodeName)).toEqual(['worker-1', 'worker-2']);
    for (const p of pods) expect(p.metadata.name).toMatch(new RegExp(`^ds-${SAFE}{5}$`));
    expect(b.eventsAbout('ds').sort()).toEqual(pods.map((p) => `SuccessfulCreate: Created pod: ${p.metadata.name}`).sort());
    expect(pods[0]!.metadata.ownerReferences).toEqual([
      { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'ds', uid: ds.metadata.uid, controller: true, blockOwnerDeletion: true },
    ]);
  });

  it('labels pods with the revision hash and template generation and pins them with matchFields', () => {
    const b = bench();
    defaultNodes(b);
    b.api.create(daemonSet());
    b.run(0);
    expect(b.ds().metadata.annotations).toEqual({ 'deprecated.daemonset.template.generation': '1' });
    const [rev] = b.revisions();
    const hash = rev!.metadata.labels!['controller-revision-hash'];
    const pod = b.pods().find((p) => p.spec!.nodeName === 'worker-2')!;
    expect(pod.metadata.labels).toEqual({ app: 'ds', 'controller-revision-hash': hash, 'pod-template-generation': '1' });
    expect(pod.spec!.affinity).toEqual({
      nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['worker-2'] }] }] } },
    });
    // the daemon tolerations survive admission: DefaultTolerationSeconds adds no 300s ones
    expect(pod.spec!.tolerations!.map((t) => `${t.key}:${t.effect}:${t.tolerationSeconds ?? '-'}`)).toEqual([
      'node.kubernetes.io/not-ready:NoExecute:-', 'node.kubernetes.io/unreachable:NoExecute:-',
      'node.kubernetes.io/disk-pressure:NoSchedule:-', 'node.kubernetes.io/memory-pressure:NoSchedule:-',
      'node.kubernetes.io/pid-pressure:NoSchedule:-', 'node.kubernetes.io/unschedulable:NoSchedule:-',
    ]);
  });

  it('reports status once the pods run', () => {
    const b = bench();
    defaultNodes(b);
    b.api.create(daemonSet());
    b.run(0);
    expect(b.ds().status).toEqual({ currentNumberScheduled: 2, numberMisscheduled: 0, desiredNumberScheduled: 2, numberReady: 0, numberUnavailable: 2, updatedNumberScheduled: 2, observedGeneration: 1 });
    b.run(3000);
    expect(b.ds().status).toEqual({
      currentNumberScheduled: 2, numberMisscheduled: 0, desiredNumberScheduled: 2, numberReady: 2,
      updatedNumberScheduled: 2, numberAvailable: 2, observedGeneration: 1,
    });
  });

  it('counts pods available only minReadySeconds after they became ready', () => {
    const b = bench();
    defaultNodes(b);
    b.api.create(daemonSet({ spec: { minReadySeconds: 10 } }));
    b.run(2000); // Ready at 2s
    expect(b.ds().status).toMatchObject({ numberReady: 2, numberUnavailable: 2 });
    expect(b.ds().status.numberAvailable).toBeUndefined();
    b.run(9_999); // just before 12s: not yet
    expect(b.ds().status.numberAvailable).toBeUndefined();
    b.run(1); // 12s: the status resync minReadySeconds after the sync that saw them Ready, no other event
    expect(b.ds().status).toMatchObject({ numberReady: 2, numberAvailable: 2 });
    expect(b.ds().status.numberUnavailable).toBeUndefined();
  });

  it('gives a node that joins a pod, and a cordoned one too', () => {
    const b = bench();
    defaultNodes(b);
    b.api.create(daemonSet());
    b.run(3000);
    b.addNode('worker-3');
    b.addNode('worker-4', { unschedulable: true, taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] });
    b.run(0);
    expect(Object.keys(b.podsByNode())).toEqual(['worker-1', 'worker-2', 'worker-3', 'worker-4']);
    b.run(3000);
    expect(b.ds().status).toMatchObject({ desiredNumberScheduled: 4, currentNumberScheduled: 4, numberReady: 4 });
  });

  it('waits for a joining node that is not ready yet (not-ready NoSchedule is not tolerated)', () => {
    const b = bench();
    defaultNodes(b);
    b.api.create(daemonSet());
    b.run(3000);
    b.addNode('worker-3', { taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }] });
    b.run(1000);
    expect(b.podsByNode()['worker-3']).toBeUndefined();
    b.editNode('worker-3', (n) => { delete n.spec.taints; });
    b.run(0);
    expect(b.podsByNode()['worker-3']).toHaveLength(1);
  });

  it('follows node labels: a node that stops matching the nodeSelector loses its pod', () => {
    const b = bench();
    b.addNode('a', { labels: { disk: 'ssd' } });
    b.addNode('b', { labels: { disk: 'hdd' } });
    b.api.create(daemonSet({ template: { nodeSelector: { disk: 'ssd' } } }));
    b.run(3000);
    expect(Object.keys(b.podsByNode())).toEqual(['a']);
    b.editNode('b', (n) => { n.metadata.labels.disk = 'ssd'; });
    b.editNode('a', (n) => { n.metadata.labels.disk = 'hdd'; });
    b.run(0);
    expect(Object.keys(b.podsByNode())).toEqual(['b']);
    expect(b.eventsAbout('ds').filter((e) => e.startsWith('SuccessfulDelete'))).toHaveLength(1);
  });

  it('leaves a pod under a new NoSchedule taint (misscheduled) but removes it under NoExecute', () => {
    const b = bench();
    defaultNodes(b);
    b.api.create(daemonSet());
    b.run(3000);
    b.editNode('worker-1', (n) => { n.spec.taints = [{ key: 'k', effect: 'NoSchedule' }]; });
    b.run(3000);
    expect(Object.keys(b.podsByNode())).toEqual(['worker-1', 'worker-2']);
    expect(b.ds().status).toMatchObject({ desiredNumberScheduled: 1, currentNumberScheduled: 1, numberMisscheduled: 1 });
    b.editNode('worker-1', (n) => { n.spec.taints = [{ key: 'k', effect: 'NoExecute' }]; });
    b.run(3000);
    expect(Object.keys(b.podsByNode())).toEqual(['worker-2']);
    expect(b.ds().status).toMatchObject({ desiredNumberScheduled: 1, currentNumberScheduled: 1, numberMisscheduled: 0 });
  });

  it('replaces a deleted pod once it has terminated, not while it is terminating', () => {
    const b = bench();
    defaultNodes(b);
    b.api.create(daemonSet());
    b.run(3000);
    const victim = b.podsByNode()['worker-1']![0]!;
    b.api.delete('Pod', 'default', victim);
    b.run(500);
    expect(b.pods().filter((p) => p.spec!.nodeName === 'worker-1').map((p) => p.metadata.name)).toEqual([victim]);
    b.run(500); // the stand-in kubelet finishes the deletion after 1s
    const now = b.podsByNode()['worker-1']!;
    expect(now).toHaveLength(1);
    expect(now[0]).not.toBe(victim);
  });

  it('deletes a failed pod with a FailedDaemonPod event and creates a new one', () => {
    const b = bench();
    defaultNodes(b);
    b.api.create(daemonSet());
    b.run(3000);
    const failed = b.pods().find((p) => p.spec!.nodeName === 'worker-1')!;
    b.kubelet.setStatus(failed, 'Failed', false);
    b.run(0);
    expect(b.eventsAbout('ds')).toContain(`FailedDaemonPod: Found failed daemon pod default/${failed.metadata.name} on node worker-1, will try to kill it`);
    b.run(2000);
    const pods = b.podsByNode()['worker-1']!;
    expect(pods).toHaveLength(1);
    expect(pods[0]).not.toBe(failed.metadata.name);
  });

  it('holds back deleting a second failed pod on the node within the 1s back-off', () => {
    const b = bench();
    b.addNode('n');
    b.kubelet.startMs = 100;
    b.kubelet.stopMs = 0;
    b.api.create(daemonSet());
    b.run(500);
    const first = b.pods()[0]!;
    b.kubelet.setStatus(first, 'Failed', false);
    b.run(200); // deleted at once, replacement created and running at +100ms
    const second = b.pods().find((p) => !p.metadata.deletionTimestamp)!;
    expect(second.metadata.name).not.toBe(first.metadata.name);
    b.kubelet.setStatus(second, 'Failed', false);
    b.run(0);
    expect(b.api.get('Pod', 'default', second.metadata.name)).toBeDefined();
    b.run(1000);
    expect(b.api.get('Pod', 'default', second.metadata.name)).toBeUndefined();
  });

  it('adopts a matching orphan pod instead of creating one; it counts as not updated', () => {
    const b = bench();
    b.addNode('n');
    b.api.create<PodK>({
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'stray', namespace: 'default', labels: { app: 'ds' } },
      spec: { nodeName: 'n', containers: [{ name: 'c', image: 'nginx:1.12' }] },
    } as any);
    const ds = b.api.create<any>(daemonSet({ spec: { updateStrategy: { type: 'OnDelete' } } }));
    b.run(3000);
    expect(b.pods().map((p) => p.metadata.name)).toEqual(['stray']);
    expect(b.api.get<PodK>('Pod', 'default', 'stray')!.metadata.ownerReferences?.[0]?.uid).toBe(ds.metadata.uid);
    expect(b.ds().status).toMatchObject({ currentNumberScheduled: 1, numberReady: 1 });
    expect(b.ds().status.updatedNumberScheduled).toBeUndefined();
  });

  it('rolls an adopted pod without the current hash under RollingUpdate', () => {
    const b = bench();
    b.addNode('n');
    b.api.create<PodK>({
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'stray', namespace: 'default', labels: { app: 'ds' } },
      spec: { nodeName: 'n', containers: [{ name: 'c', image: 'nginx:1.12' }] },
    } as any);
    b.api.create(daemonSet());
    b.run(5000);
    expect(b.pods().map((p) => p.metadata.name)).toEqual([expect.stringMatching(/^ds-/)]);
    expect(b.ds().status.updatedNumberScheduled).toBe(1);
  });
});
