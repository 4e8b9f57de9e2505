/**
 * The pod garbage collector against a real API server and clock: orphaned pods after the
 * quarantine, terminating pods on out-of-service nodes, unscheduled terminating pods, the
 * terminated-pod threshold, and no runs while there is nothing to collect.
 */
import { describe, expect, it } from '@jest/globals';
import { PodGarbageCollector } from '../../../../src/sim/controllers/podgc';
import { bench, type Bench, type Obj } from '../nodelifecycle/bench';

function cluster(threshold?: number): Bench {
  const b = bench(() => [new PodGarbageCollector(threshold)]);
  b.addNode('worker-1');
  b.addNode('worker-2');
  return b;
}

const goneAt = (b: Bench, name: string) => b.history.find((h) => h.type === 'DELETED' && h.name === name)?.t;
const lastState = (b: Bench, name: string) =>
  [...b.history].reverse().find((h) => h.type === 'DELETED' && h.name === name) as { object: Obj } | undefined;

describe('PodGarbageCollector', () => {
  it('never runs while there is nothing to collect', () => {
    const b = cluster();
    b.runPod('web-0', 'worker-1');
    b.at(10);
    expect(b.sim.clock.nextTime()).toBeUndefined();
  });

  it('force-deletes the pods of a deleted node after the 40 s quarantine, marked Failed with DisruptionTarget', () => {
    const b = cluster();
    b.runPod('web-0', 'worker-1');
    b.runPod('web-1', 'worker-2');
    b.at(25_000);
    b.sim.api.delete('Node', undefined, 'worker-1');
    b.at(200_000);
    // the run at 40 s finds the node missing; the one at 80 s, after the quarantine, deletes
    expect(goneAt(b, 'web-0')).toBe(80_000);
    const last = lastState(b, 'web-0')!.object;
    expect(last.status.phase).toBe('Failed');
    expect(last.status.conditions.find((c: { type: string }) => c.type === 'DisruptionTarget')).toMatchObject({
      status: 'True',
      reason: 'DeletionByPodGC',
      message: 'PodGC: node no longer exists',
      lastTransitionTime: '2025-01-01T00:01:20Z',
    });
    expect(b.pod('web-1')).toBeDefined();
    expect(b.sim.clock.nextTime()).toBeUndefined();
  });

  it('spares pods whose node comes back during the quarantine', () => {
    const b = cluster();
    b.runPod('web-0', 'worker-1');
    b.sim.api.delete('Node', undefined, 'worker-1');
    b.at(30_000);
    b.addNode('worker-1');
    b.at(200_000);
    expect(b.pod('web-0')).toBeDefined();
  });

  it('force-deletes terminating pods on a not-Ready node tainted out-of-service', () => {
    const b = cluster();
    b.runPod('web-0', 'worker-1');
    b.runPod('web-1', 'worker-1');
    b.sim.api.delete('Pod', 'default', 'web-0'); // graceful: stays Terminating without a kubelet
    const node = b.node('worker-1');
    b.sim.api.updateStatus({
      ...node,
      status: { ...node.status, conditions: node.status.conditions.map((c: Record<string, string>) => (c.type === 'Ready' ? { ...c, status: 'Unknown' } : c)) },
    });
    b.at(5_000);
    const n = b.node('worker-1');
    b.sim.api.update({ ...n, spec: { ...n.spec, taints: [{ key: 'node.kubernetes.io/out-of-service', value: 'nodeshutdown', effect: 'NoExecute' }] } });
    b.at(100_000);
    expect(goneAt(b, 'web-0')).toBe(20_000);
    expect(lastState(b, 'web-0')!.object.status.phase).toBe('Failed');
    // not terminating: left to the taint eviction controller
    expect(b.pod('web-1')).toBeDefined();
  });

  it('force-deletes an unscheduled pod held by a finalizer once, marking it Failed', () => {
    const b = cluster();
    b.sim.api.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'held', namespace: 'default', finalizers: ['example.com/hold'] },
      spec: { containers: [{ name: 'c', image: 'nginx' }] },
    });
    b.sim.api.delete('Pod', 'default', 'held');
    b.at(100_000);
    const pod = b.pod('held')!;
    expect(pod.status.phase).toBe('Failed');
    expect(b.firstTime('Pod', 'held', (p) => p.status?.phase === 'Failed')).toBe(20_000);
    expect(b.sim.clock.nextTime()).toBeUndefined();
  });

  it('deletes the oldest terminated pods beyond the threshold', () => {
    const b = cluster(2);
    for (const [i, name] of ['a', 'b', 'c', 'd'].entries()) {
      b.at(i * 1000);
      const p = b.runPod(name, 'worker-1', { restartPolicy: 'Never' });
      b.sim.api.updateStatus({ ...p, status: { ...p.status, phase: 'Succeeded' } });
    }
    b.at(100_000);
    expect(['a', 'b', 'c', 'd'].map((n) => !!b.pod(n))).toEqual([false, false, true, true]);
    expect(goneAt(b, 'a')).toBe(20_000);
  });
});
