/**
 * The node lifecycle controller against a real API server and clock, with a heartbeat source the
 * test stops and resumes: grace periods per version, Ready/pressure conditions going Unknown,
 * NoSchedule and NoExecute taints (rate-limited per zone), pods marked not Ready, zone
 * disruption states, and no work at all while every node is healthy.
 */
import { describe, expect, it } from '@jest/globals';
import type { KubeVersion } from '../../../../src/kube/version';
import { NodeLifecycleController } from '../../../../src/sim/controllers/nodelifecycle';
import { bench, readyOf, taintsOf, type Bench, type Obj } from './bench';

function cluster(nodes: string[], version: KubeVersion = '1.35'): Bench {
  const b = bench((hb) => [new NodeLifecycleController(hb)], version);
  for (const n of nodes) b.addNode(n);
  return b;
}

const hasTaint = (key: string, effect: string) => (n: Obj) => taintsOf(n).includes(`${key}:${effect}`);
const UNREACHABLE = 'node.kubernetes.io/unreachable';
const NOT_READY = 'node.kubernetes.io/not-ready';

describe('NodeLifecycleController', () => {
  it('registers nodes once and then leaves a healthy cluster alone', () => {
    const b = cluster(['worker-1', 'worker-2']);
    b.at(5_000);
    expect(b.events('worker-1')).toEqual(['RegisteredNode: Node worker-1 event: Registered Node worker-1 in Controller']);
    // nothing is scheduled: an hour of healthy cluster costs nothing
    expect(b.sim.clock.hasForegroundWork()).toBe(false); // only housekeeping: the Events expiring in an hour
    const revision = b.sim.api.revision();
    b.at(3_600_000);
    expect(b.sim.api.revision()).toBe(revision);
  });

  it('marks a silent node Unknown one grace period (50 s from 1.32) after its last renewal was seen', () => {
    const b = cluster(['worker-1', 'worker-2']);
    b.at(23_000);
    b.heartbeats.stop('worker-1'); // last renewal at 20 s, seen by the run at 25 s
    b.at(200_000);
    const unknownAt = b.firstTime('Node', 'worker-1', (n) => readyOf(n) === 'Unknown');
    expect(unknownAt).toBe(75_000);
    const node = b.node('worker-1');
    const ready = node.status.conditions.find((c: { type: string }) => c.type === 'Ready');
    expect(ready).toMatchObject({
      status: 'Unknown',
      reason: 'NodeStatusUnknown',
      message: 'Kubelet stopped posting node status.',
      lastHeartbeatTime: '2025-01-01T00:00:00Z',
      lastTransitionTime: '2025-01-01T00:01:15Z',
    });
    for (const type of ['MemoryPressure', 'DiskPressure', 'PIDPressure']) {
      expect(node.status.conditions.find((c: { type: string }) => c.type === type)).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown' });
    }
    expect(readyOf(b.node('worker-2'))).toBe('True');
    expect(b.events('worker-1')).toContain('NodeNotReady: Node worker-1 status is now: NodeNotReady');
  });

  it('marks a Node no kubelet runs Unknown one grace period after the controller first saw it: no Lease is not "still renewing"', () => {
    const b = cluster(['worker-1']);
    b.addNode('fake-1', undefined, { kubelet: false });
    b.at(200_000);
    // first seen by the run at 5 s (probeTimestamp = now for a new node), Unknown 50 s later
    expect(b.firstTime('Node', 'fake-1', (n) => readyOf(n) === 'Unknown')).toBe(55_000);
    expect(readyOf(b.node('worker-1'))).toBe('True');
  });

  it('uses the 40 s grace period before 1.32', () => {
    const b = cluster(['worker-1', 'worker-2'], '1.31');
    b.at(23_000);
    b.heartbeats.stop('worker-1');
    b.at(200_000);
    expect(b.firstTime('Node', 'worker-1', (n) => readyOf(n) === 'Unknown')).toBe(65_000);
  });

  it('taints an unreachable node NoSchedule at once and NoExecute on the next run, stamped with timeAdded', () => {
    const b = cluster(['worker-1', 'worker-2']);
    b.at(23_000);
    b.heartbeats.stop('worker-1');
    b.at(200_000);
    expect(b.firstTime('Node', 'worker-1', hasTaint(UNREACHABLE, 'NoSchedule'))).toBe(75_000);
    // queued by the run at 80 s (it judges by the condition it saw before), tainted at the next 100 ms tick
    expect(b.firstTime('Node', 'worker-1', hasTaint(UNREACHABLE, 'NoExecute'))).toBe(80_100);
    expect(b.node('worker-1').spec.taints).toEqual([
      { key: UNREACHABLE, effect: 'NoSchedule', timeAdded: '2025-01-01T00:01:15Z' },
      { key: UNREACHABLE, effect: 'NoExecute', timeAdded: '2025-01-01T00:01:20Z' },
    ]);
  });

  it('marks the pods of a node that stops being Ready not Ready, with a NodeNotReady warning', () => {
    const b = cluster(['worker-1', 'worker-2']);
    b.runPod('web-0', 'worker-1');
    b.runPod('web-1', 'worker-2');
    b.at(23_000);
    b.heartbeats.stop('worker-1');
    b.at(200_000);
    const pod = b.pod('web-0')!;
    expect(pod.status.conditions.find((c: { type: string }) => c.type === 'Ready')).toMatchObject({ status: 'False', lastTransitionTime: '2025-01-01T00:01:15Z' });
    // only Ready changes; ContainersReady and the phase stay as the kubelet left them
    expect(pod.status.conditions.find((c: { type: string }) => c.type === 'ContainersReady')).toMatchObject({ status: 'True' });
    expect(pod.status.phase).toBe('Running');
    expect(b.events('web-0')).toEqual(['NodeNotReady: Node is not ready']);
    expect(readyOf(b.pod('web-1')!)).toBe('True');
  });

  it('removes its taints and stops when the kubelet is back and Ready', () => {
    const b = cluster(['worker-1', 'worker-2']);
    b.at(23_000);
    b.heartbeats.stop('worker-1');
    b.at(100_000);
    expect(taintsOf(b.node('worker-1'))).toEqual([`${UNREACHABLE}:NoSchedule`, `${UNREACHABLE}:NoExecute`]);
    b.heartbeats.resume('worker-1');
    b.postReady('worker-1');
    // the NoSchedule taint follows the condition at once, the NoExecute one at the next run
    expect(taintsOf(b.node('worker-1'))).toEqual([`${UNREACHABLE}:NoExecute`]);
    b.at(105_000);
    expect(taintsOf(b.node('worker-1'))).toEqual([]);
    // one more run sees the last taint write change nothing; then the controller rests
    b.at(110_000);
    expect(b.sim.clock.hasForegroundWork()).toBe(false); // only housekeeping: the Events expiring in an hour
  });

  it('swaps unreachable for not-ready when the kubelet reports NotReady', () => {
    const b = cluster(['worker-1', 'worker-2']);
    b.at(23_000);
    b.heartbeats.stop('worker-1');
    b.at(100_000);
    b.heartbeats.resume('worker-1');
    const node = b.node('worker-1');
    const now = b.sim.api.timestamp();
    b.sim.api.updateStatus({
      ...node,
      status: {
        ...node.status,
        conditions: node.status.conditions.map((c: Record<string, string>) => (c.type === 'Ready'
          ? { ...c, status: 'False', reason: 'KubeletNotReady', message: 'container runtime is down', lastHeartbeatTime: now, lastTransitionTime: now }
          : c)),
      },
    });
    b.at(110_000);
    expect(taintsOf(b.node('worker-1'))).toEqual([`${NOT_READY}:NoSchedule`, `${NOT_READY}:NoExecute`]);
  });

  it('rate-limits NoExecute taints in a zone to one node per 10 s', () => {
    const b = cluster(['control-plane', 'worker-1', 'worker-2', 'worker-3']);
    b.at(23_000);
    b.heartbeats.stop('worker-1');
    b.heartbeats.stop('worker-2');
    b.at(200_000);
    const first = b.firstTime('Node', 'worker-1', hasTaint(UNREACHABLE, 'NoExecute'))!;
    const second = b.firstTime('Node', 'worker-2', hasTaint(UNREACHABLE, 'NoExecute'))!;
    expect(first).toBe(80_100);
    expect(second).toBe(90_100);
  });

  it('stops tainting when every node of the only zone is unreachable (full disruption)', () => {
    const b = cluster(['worker-1', 'worker-2']);
    b.at(23_000);
    b.heartbeats.stop('worker-1');
    b.heartbeats.stop('worker-2');
    b.at(300_000);
    for (const n of ['worker-1', 'worker-2']) {
      expect(readyOf(b.node(n))).toBe('Unknown');
      expect(taintsOf(b.node(n))).toEqual([`${UNREACHABLE}:NoSchedule`]);
    }
    // one node back: the zone leaves full disruption, the other node is tainted after a fresh token
    b.heartbeats.resume('worker-2');
    b.postReady('worker-2');
    b.at(400_000);
    expect(taintsOf(b.node('worker-1'))).toEqual([`${UNREACHABLE}:NoSchedule`, `${UNREACHABLE}:NoExecute`]);
    expect(taintsOf(b.node('worker-2'))).toEqual([]);
  });

  it('stops tainting in a small zone that is partially disrupted (3 of 4 nodes down)', () => {
    const b = cluster(['worker-1', 'worker-2', 'worker-3', 'worker-4']);
    b.at(23_000);
    for (const n of ['worker-1', 'worker-2', 'worker-3']) b.heartbeats.stop(n);
    b.at(300_000);
    for (const n of ['worker-1', 'worker-2', 'worker-3']) expect(taintsOf(b.node(n))).toEqual([`${UNREACHABLE}:NoSchedule`]);
    expect(b.sim.clock.hasForegroundWork()).toBe(false); // only housekeeping: the Events expiring in an hour
  });

  it('judges zones separately', () => {
    const b = bench((hb) => [new NodeLifecycleController(hb)]);
    b.addNode('a-1', { 'topology.kubernetes.io/zone': 'a' });
    b.addNode('b-1', { 'topology.kubernetes.io/zone': 'b' });
    b.addNode('b-2', { 'topology.kubernetes.io/zone': 'b' });
    b.at(23_000);
    b.heartbeats.stop('a-1');
    b.at(300_000);
    // zone a is fully disrupted, but zone b is not: tainting goes on at the normal rate
    expect(taintsOf(b.node('a-1'))).toEqual([`${UNREACHABLE}:NoSchedule`, `${UNREACHABLE}:NoExecute`]);
  });

  it('gives a node that never posted status the 60 s startup grace', () => {
    const b = bench((hb) => [new NodeLifecycleController(hb)]);
    b.addNode('worker-1');
    b.sim.api.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'bare', labels: { 'kubernetes.io/os': 'linux' } } });
    b.at(200_000);
    const node = b.node('bare');
    expect(b.firstTime('Node', 'bare', (n) => readyOf(n) === 'Unknown')).toBe(60_000);
    expect(node.status.conditions.map((c: { type: string }) => c.type)).toEqual(['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure']);
    expect(node.status.conditions[0]).toMatchObject({
      reason: 'NodeStatusNeverUpdated',
      message: 'Kubelet never posted node status.',
      lastHeartbeatTime: node.metadata.creationTimestamp,
    });
    // reconcileNodeLabels added the beta os label
    expect(node.metadata.labels?.['beta.kubernetes.io/os']).toBe('linux');
  });

  it('taints a cordoned node unschedulable and removes the taint on uncordon', () => {
    const b = cluster(['worker-1']);
    const cordon = (on: boolean) => {
      const n = b.node('worker-1');
      b.sim.api.update({ ...n, spec: { ...n.spec, unschedulable: on } });
      b.sim.settle();
    };
    cordon(true);
    expect(b.node('worker-1').spec.taints).toEqual([{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule', timeAdded: '2025-01-01T00:00:00Z' }]);
    cordon(false);
    expect(b.node('worker-1').spec.taints).toBeUndefined();
  });

  it('puts back a NoExecute taint a user removed while the node is still unreachable', () => {
    const b = cluster(['worker-1', 'worker-2']);
    b.at(23_000);
    b.heartbeats.stop('worker-1');
    b.at(100_000);
    const n = b.node('worker-1');
    b.sim.api.update({ ...n, spec: { ...n.spec, taints: n.spec.taints.filter((t: { effect: string }) => t.effect !== 'NoExecute') } });
    b.at(110_000);
    expect(b.firstTime('Node', 'worker-1', (x) => Number(x.metadata.resourceVersion) > Number(n.metadata.resourceVersion) && hasTaint(UNREACHABLE, 'NoExecute')(x))).toBe(105_100);
  });
});
