/**
 * The taint eviction controller against a real API server and clock: NoExecute taints evict pods
 * that do not tolerate them at once, tolerating pods after tolerationSeconds, never without a
 * time; untainting cancels; the DisruptionTarget condition and TaintManagerEviction events.
 */
import { describe, expect, it } from '@jest/globals';
import { TaintEvictionController } from '../../../../src/sim/controllers/tainteviction';
import { bench, type Bench, type Obj } from '../nodelifecycle/bench';

function cluster(): Bench {
  const b = bench(() => [new TaintEvictionController()]);
  b.addNode('worker-1');
  b.addNode('worker-2');
  return b;
}

function setTaints(b: Bench, node: string, taints: unknown[]): void {
  const n = b.node(node);
  b.sim.api.update({ ...n, spec: { ...n.spec, taints } });
  b.sim.settle();
}

const deletedAt = (b: Bench, name: string) => b.firstTime('Pod', name, (p) => !!p.metadata.deletionTimestamp);
const tolerate = (seconds?: number) => ({
  tolerations: [{ key: 'monitor', operator: 'Exists', effect: 'NoExecute', ...(seconds === undefined ? {} : { tolerationSeconds: seconds }) }],
});

describe('TaintEvictionController', () => {
  it('deletes pods that do not tolerate a NoExecute taint at once, with DisruptionTarget and an event', () => {
    const b = cluster();
    b.runPod('web-0', 'worker-1');
    b.runPod('web-1', 'worker-2');
    b.at(10_000);
    setTaints(b, 'worker-1', [{ key: 'monitor', value: 'true', effect: 'NoExecute' }]);
    const pod = b.pod('web-0')!;
    expect(pod.metadata.deletionTimestamp).toBe('2025-01-01T00:00:40Z'); // the pod's 30 s grace period
    expect(pod.status.conditions.find((c: { type: string }) => c.type === 'DisruptionTarget')).toEqual({
      type: 'DisruptionTarget',
      status: 'True',
      lastProbeTime: null,
      lastTransitionTime: '2025-01-01T00:00:10Z',
      reason: 'DeletionByTaintManager',
      message: 'Taint manager: deleting due to NoExecute taint',
    });
    expect(b.events('web-0')).toEqual(['TaintManagerEviction: Marking for deletion Pod default/web-0']);
    const event = b.sim.api.list<Obj>('Event', 'default').find((e) => e.reason === 'TaintManagerEviction')!;
    expect(event.source).toEqual({ component: 'taint-eviction-controller' });
    expect(b.pod('web-1')!.metadata.deletionTimestamp).toBeUndefined();
  });

  it('leaves pods alone for a NoSchedule taint', () => {
    const b = cluster();
    b.runPod('web-0', 'worker-1');
    setTaints(b, 'worker-1', [{ key: 'monitor', value: 'true', effect: 'NoSchedule' }]);
    b.at(600_000);
    expect(b.pod('web-0')!.metadata.deletionTimestamp).toBeUndefined();
  });

  it('waits the toleration seconds of a tolerating pod, from when the taint was seen', () => {
    const b = cluster();
    b.runPod('web-0', 'worker-1', tolerate(60));
    b.at(10_000);
    setTaints(b, 'worker-1', [{ key: 'monitor', value: 'true', effect: 'NoExecute', timeAdded: '2025-01-01T00:00:00Z' }]);
    b.at(300_000);
    expect(deletedAt(b, 'web-0')).toBe(70_000);
  });

  it('uses the shortest time of the tolerations that match, and keeps pods tolerating forever', () => {
    const b = cluster();
    b.runPod('forever', 'worker-1', tolerate());
    b.runPod('short', 'worker-1', {
      tolerations: [
        { key: 'monitor', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 90 },
        { key: 'other', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 },
      ],
    });
    setTaints(b, 'worker-1', [{ key: 'monitor', effect: 'NoExecute' }, { key: 'other', effect: 'NoExecute' }]);
    b.at(600_000);
    expect(deletedAt(b, 'short')).toBe(30_000);
    // tolerates monitor forever but not "other": not every taint is tolerated
    expect(deletedAt(b, 'forever')).toBe(0);
  });

  it('cancels a pending deletion when the taint goes away', () => {
    const b = cluster();
    b.runPod('web-0', 'worker-1', tolerate(60));
    setTaints(b, 'worker-1', [{ key: 'monitor', effect: 'NoExecute' }]);
    b.at(30_000);
    setTaints(b, 'worker-1', []);
    b.at(600_000);
    expect(deletedAt(b, 'web-0')).toBeUndefined();
    expect(b.events('web-0')).toEqual(['TaintManagerEviction: Cancelling deletion of Pod default/web-0']);
    expect(b.sim.clock.hasForegroundWork()).toBe(false); // only housekeeping: the Events expiring in an hour
  });

  it('evicts a pod bound later to a tainted node it does not tolerate', () => {
    const b = cluster();
    setTaints(b, 'worker-1', [{ key: 'monitor', effect: 'NoExecute' }]);
    b.at(5_000);
    b.runPod('web-0', 'worker-1');
    expect(deletedAt(b, 'web-0')).toBe(5_000);
  });

  it('keeps a deletion scheduled earlier when another taint is added', () => {
    const b = cluster();
    b.runPod('web-0', 'worker-1', {
      tolerations: [
        { key: 'a', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 100 },
        { key: 'b', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 },
      ],
    });
    setTaints(b, 'worker-1', [{ key: 'a', effect: 'NoExecute' }]);
    b.at(20_000);
    setTaints(b, 'worker-1', [{ key: 'a', effect: 'NoExecute' }, { key: 'b', effect: 'NoExecute' }]);
    b.at(600_000);
    // upstream keeps work created earlier: created at 0 + 10 s is before 20 s + 10 s
    expect(deletedAt(b, 'web-0')).toBe(100_000);
  });
});
