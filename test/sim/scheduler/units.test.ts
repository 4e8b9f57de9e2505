import { describe, expect, it } from '@jest/globals';
import type { Pod } from 'kubernetes-types/core/v1';
import { Clock } from '../../../src/sim/clock';
import { feasibleNodesToFind } from '../../../src/sim/scheduler/cycle';
import { fitErrorMessage } from '../../../src/sim/scheduler/fit-error';
import { status } from '../../../src/sim/scheduler/framework';
import { NodeTree } from '../../../src/sim/scheduler/node-tree';
import { SchedulingQueue } from '../../../src/sim/scheduler/queue';
import { podRequests } from '../../../src/sim/scheduler/resources';

const pod = (name: string, priority = 0): Pod => ({ metadata: { name, namespace: 'default', uid: `uid-${name}` }, spec: { containers: [], priority } });

describe('FitError message', () => {
  it('sorts "<count> <reason>" as strings (10 before 2) and counts absent nodes with the absent status', () => {
    const statuses = new Map<string, ReturnType<typeof status>>();
    for (let i = 0; i < 10; i++) statuses.set(`a${i}`, status('X', 'Unschedulable', 'Insufficient cpu'));
    statuses.set('b0', status('Y', 'Unschedulable', 'Insufficient memory', 'Too many pods'));
    const msg = fitErrorMessage({
      numAllNodes: 13, nodeStatuses: statuses, unschedulablePlugins: new Set(),
      absentStatus: status('NodeAffinity', 'UnschedulableAndUnresolvable', "node(s) didn't satisfy plugin(s) [NodeAffinity]"),
    }, 'preemption: x');
    expect(msg).toBe("0/13 nodes are available: 1 Insufficient memory, 1 Too many pods, 10 Insufficient cpu, 2 node(s) didn't satisfy plugin(s) [NodeAffinity]. preemption: x");
  });
});

describe('numFeasibleNodesToFind', () => {
  it('checks every node below 100, then an adaptive share (at least 100, at least 5%)', () => {
    expect([50, 99, 100, 300, 1000, 5000, 10000].map(feasibleNodesToFind)).toEqual([50, 99, 100, 144, 420, 500, 500]);
  });
});

describe('NodeTree', () => {
  it('interleaves zones in the order they appeared', () => {
    const t = new NodeTree();
    for (const [n, z] of [['a1', 'A'], ['a2', 'A'], ['b1', 'B'], ['a3', 'A'], ['c1', 'C'], ['b2', 'B']] as const) t.add(n, z);
    expect(t.list()).toEqual(['a1', 'b1', 'c1', 'a2', 'b2', 'a3']);
    t.remove('b1');
    t.add('a2', 'C');
    expect(t.list()).toEqual(['a1', 'b2', 'c1', 'a3', 'a2']);
  });
});

describe('resource requests', () => {
  it('uses limits when requests are missing and the scheduler defaults only for scoring', () => {
    const p: Pod = { spec: { containers: [{ name: 'a', image: 'x', resources: { limits: { cpu: '250m', memory: '1Gi' } } }, { name: 'b', image: 'x' }] } };
    expect(podRequests(p)).toMatchObject({ milliCPU: 250, memory: 1024 ** 3 });
    expect(podRequests(p, true)).toMatchObject({ milliCPU: 350, memory: 1024 ** 3 + 200 * 1024 ** 2 });
  });

  it('counts a resizing pod with the larger of desired, actual and allocated requests, an Infeasible one without the desired', () => {
    const resizing = (desiredCpu: string, conditions: Pod['status'] = {}): Pod => ({
      spec: { containers: [{ name: 'a', image: 'x', resources: { requests: { cpu: desiredCpu } } }] },
      status: { ...conditions, containerStatuses: [{ name: 'a', image: 'x', imageID: '', ready: true, restartCount: 0, resources: { requests: { cpu: '300m' } }, allocatedResources: { cpu: '200m' } }] },
    });
    expect(podRequests(resizing('500m')).milliCPU).toBe(500);
    expect(podRequests(resizing('100m')).milliCPU).toBe(300);
    const infeasible = { conditions: [{ type: 'PodResizePending', status: 'True', reason: 'Infeasible' }] };
    expect(podRequests(resizing('5', infeasible)).milliCPU).toBe(300);
  });
});

describe('SchedulingQueue', () => {
  it('backs off 1s, 2s, 4s, 8s, then 10s between attempts of a pod no plugin rejected (aligned to the 1s flush)', () => {
    const clock = new Clock();
    const q = new SchedulingQueue(clock, false, () => undefined);
    q.add(pod('p'));
    const readyAt: number[] = [];
    for (let i = 0; i < 6; i++) {
      let qp = q.pop();
      while (!qp) {
        clock.runUntil(clock.nextTime()!);
        qp = q.pop();
      }
      readyAt.push(clock.now());
      clock.runUntil(clock.now() + 250);
      q.failed(qp, new Set(), false);
    }
    // each failure 250ms after the pop; expiry = failure + 1s·2^(n-1) (max 10s), rounded up to a second
    expect(readyAt).toEqual([0, 2000, 5000, 10000, 19000, 30000]);
  });

  it('orders activeQ by priority, then by the time pods were queued', () => {
    const clock = new Clock();
    const q = new SchedulingQueue(clock, false, () => undefined);
    q.add(pod('a'));
    q.add(pod('b', 10));
    clock.runUntil(5);
    q.add(pod('c', 10));
    q.add(pod('d'));
    expect([q.pop(), q.pop(), q.pop(), q.pop()].map((p) => p!.pod.metadata!.name)).toEqual(['b', 'c', 'a', 'd']);
  });

  it('moves an unschedulable pod after 5 minutes at the next 30s tick', () => {
    const clock = new Clock();
    const q = new SchedulingQueue(clock, false, () => undefined);
    q.add(pod('p'));
    clock.runUntil(10_000);
    q.failed(q.pop()!, new Set(['NodeAffinity']), false);
    clock.runUntil(329_999);
    expect(q.hasReady()).toBe(false);
    clock.runUntil(330_000);
    expect(q.hasReady()).toBe(true);
  });
});
