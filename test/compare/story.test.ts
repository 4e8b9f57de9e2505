/**
 * The story projection of `kscenario compare` on hand-made histories: which objects, their
 * normalised names, the tokens of each kind, step windows, and what is left out.
 */
import { describe, expect, test } from '@jest/globals';
import { SYSTEM_NAMESPACES as CLUSTER_SYSTEM_NAMESPACES } from '../../src/backends/cluster/namespaces';
import { storiesOf, SYSTEM_NAMESPACES, type Stories } from '../../src/compare/story';
import { HistoryBuilder } from './support';

/** `window object: token` lines, the way a test reads a story best. */
function told(s: Stories, object?: string): string[] {
  return s.events.filter((e) => !object || e.object === object).map((e) => `${s.windows[e.window]!.key} ${e.object}: ${e.token}`);
}

describe('story projection', () => {
  test('a pod: created, scheduled by node role, running, ready, terminating, deleted; IPs, uids and resourceVersions play no part', () => {
    const h = new HistoryBuilder().step('create').podUp('web-0', 'worker-2').step('delete')
      .pod('web-0', { node: 'worker-2', phase: 'Running', ready: true, terminating: true })
      .pod('web-0', { node: 'worker-2', phase: 'Succeeded', terminating: true })
      .delete('Pod', 'web-0');
    expect(told(storiesOf(h.done()))).toEqual([
      'create Pod web-0: Created',
      'create Pod web-0: Scheduled to worker',
      'create Pod web-0: Running',
      'create Pod web-0: Ready',
      'delete Pod web-0: Terminating',
      'delete Pod web-0: Deleted',
    ]);
  });

  test('a pod on the control plane is scheduled to its role; an unschedulable pod says so once', () => {
    const h = new HistoryBuilder().step('go')
      .pod('a').pod('a', { node: 'control-plane' })
      .pod('b').pod('b', { unschedulable: true }).pod('b', { unschedulable: true }).pod('b', { node: 'worker-1' });
    expect(told(storiesOf(h.done()))).toEqual([
      'go Pod a: Created', 'go Pod a: Scheduled to control-plane',
      'go Pod b: Created', 'go Pod b: Unschedulable', 'go Pod b: Scheduled to worker',
    ]);
  });

  test('a finished pod does not also become NotReady; a restart is told; a pod that loses readiness becomes NotReady', () => {
    const h = new HistoryBuilder().step('go').podUp('job-x')
      .pod('job-x', { node: 'worker-1', phase: 'Succeeded', ready: false })
      .podUp('p').pod('p', { node: 'worker-1', phase: 'Running', ready: true, restarts: 1 }).pod('p', { node: 'worker-1', phase: 'Running', ready: false, restarts: 1 });
    expect(told(storiesOf(h.done())).filter((l) => !/Created|Scheduled|Running$|: Ready$/.test(l))).toEqual([
      'go Pod job-x: Succeeded', 'go Pod p: Restarted', 'go Pod p: NotReady',
    ]);
  });

  test('generated names: the random suffix and the pod-template-hash become *, and such objects are numbered as first seen', () => {
    const rs = (hash: string) => ({ kind: 'ReplicaSet', name: `web-${hash}`, uid: `rs-${hash}`, apiVersion: 'apps/v1', controller: true });
    const meta = (hash: string) => ({ generateName: `web-${hash}-`, labels: { app: 'web', 'pod-template-hash': hash }, ownerReferences: [rs(hash)] });
    const h = new HistoryBuilder().step('rollout')
      .object({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-7d9f8c', namespace: 'default', labels: { 'pod-template-hash': '7d9f8c' } }, spec: { replicas: 1 } })
      .podUp('web-7d9f8c-xk2lp', 'worker-1', meta('7d9f8c'))
      .object({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-5b6d4', namespace: 'default', labels: { 'pod-template-hash': '5b6d4' } }, spec: { replicas: 1 } })
      .pod('web-5b6d4-q2w4z', {}, meta('5b6d4'));
    const s = storiesOf(h.done());
    expect(s.objects).toEqual(['ReplicaSet web-*#1', 'Pod web-*#1', 'ReplicaSet web-*#2', 'Pod web-*#2']);
    // the pods of each ReplicaSet are one group of interchangeable objects
    expect(s.groups['Pod web-*#1']).not.toBe(s.groups['Pod web-*#2']);
    expect(s.groups['Pod web-*#1']).toContain('ReplicaSet web-*#1');
    expect(s.groups['Pod web-0']).toBeUndefined();
  });

  test('a StatefulSet pod keeps its name (its generateName is the set\'s, the ordinal is no random suffix); a second incarnation continues its story', () => {
    const meta = { generateName: 'web-', labels: { 'controller-revision-hash': 'web-6b7c8d' } };
    const h = new HistoryBuilder().step('go').podUp('web-0', 'worker-1', meta).delete('Pod', 'web-0').pod('web-0', {}, meta);
    const s = storiesOf(h.done());
    expect(s.objects).toEqual(['Pod web-0']);
    expect(told(s).slice(-2)).toEqual(['go Pod web-0: Deleted', 'go Pod web-0: Created']);
  });

  test("a CronJob's Jobs and their pods, a provisioned volume (named after its claim), another namespace", () => {
    const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'hello-28950000', namespace: 'default', ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'hello', uid: 'cj', controller: true }] }, spec: {} };
    const h = new HistoryBuilder().step('go')
      .object(job)
      .pod('hello-28950000-bcd2f', {}, { generateName: 'hello-28950000-', ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'hello-28950000', uid: 'j', controller: true }] })
      .object({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pvc-0f2e4a6c-1b3d-4e5f-8a9b-0c1d2e3f4a5b' }, spec: { claimRef: { namespace: 'apps', name: 'data-web-0' } }, status: { phase: 'Pending' } })
      .object({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pvc-0f2e4a6c-1b3d-4e5f-8a9b-0c1d2e3f4a5b' }, spec: { claimRef: { namespace: 'apps', name: 'data-web-0' } }, status: { phase: 'Bound' } })
      .pod('web-0', {}, {}, 'apps');
    const s = storiesOf(h.done());
    expect(s.objects).toEqual(['Job hello-*#1', 'Pod hello-*#1', 'PersistentVolume pvc-* (claim apps/data-web-0)', 'Pod apps/web-0']);
    expect(told(s, 'PersistentVolume pvc-* (claim apps/data-web-0)')).toEqual([
      'go PersistentVolume pvc-* (claim apps/data-web-0): Created', 'go PersistentVolume pvc-* (claim apps/data-web-0): Bound',
    ]);
  });

  test('a Deployment: desired replicas and its conditions; counts moving one way within a step are one change', () => {
    const deploy = (replicas: number, ready: number, available: string) => ({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' },
      spec: { replicas }, status: { readyReplicas: ready, conditions: [{ type: 'Available', status: available }, { type: 'Progressing', status: 'True', reason: `r${ready}` }] },
    });
    const h = new HistoryBuilder().step('go').object(deploy(3, 0, 'False')).object(deploy(3, 1, 'False')).object(deploy(3, 2, 'True')).object(deploy(3, 3, 'True'))
      .step('scale down').object(deploy(2, 3, 'True')).object(deploy(1, 3, 'True')).object(deploy(0, 1, 'True'))
      .step('up and down').object(deploy(4, 0, 'True')).object(deploy(2, 0, 'True'));
    expect(told(storiesOf(h.done()))).toEqual([
      'go Deployment web: Created', 'go Deployment web: replicas 3', 'go Deployment web: Available=False', 'go Deployment web: Progressing=True',
      'go Deployment web: Available=True',
      'scale down Deployment web: replicas 0',
      'up and down Deployment web: replicas 4', 'up and down Deployment web: replicas 2',
    ]);
  });

  test('a StatefulSet: reaching all ready and dropping below it, not each intermediate ready count', () => {
    const sts = (replicas: number, ready: number) => ({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web', namespace: 'default' }, spec: { replicas }, status: { readyReplicas: ready } });
    const h = new HistoryBuilder().step('go').object(sts(3, 0)).object(sts(3, 1)).object(sts(3, 2)).object(sts(3, 3))
      .step('scale').object(sts(5, 3)).object(sts(5, 4)).object(sts(5, 5));
    expect(told(storiesOf(h.done()))).toEqual([
      'go StatefulSet web: Created', 'go StatefulSet web: replicas 3', 'go StatefulSet web: all ready',
      'scale StatefulSet web: replicas 5', 'scale StatefulSet web: not all ready', 'scale StatefulSet web: all ready',
    ]);
  });

  test('nodes: readiness, cordon and taints; the heartbeat-only changes tell nothing', () => {
    const h = new HistoryBuilder().step('kill').node('worker-1', {}, { ready: 'Unknown' }).node('worker-1', {}, { ready: 'Unknown', taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }] })
      .node('worker-1', {}, { ready: 'Unknown', taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }] })
      .step('drain').node('worker-2', {}, { unschedulable: true });
    expect(told(storiesOf(h.done()))).toEqual([
      'kill Node worker-1: Ready Unknown', 'kill Node worker-1: tainted node.kubernetes.io/unreachable:NoExecute', 'drain Node worker-2: Cordoned',
    ]);
  });

  test('left out: the system namespaces, Events and other bookkeeping, and the cluster as found before the first step', () => {
    const h = new HistoryBuilder()
      .object({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'kubernetes', namespace: 'default' }, spec: {} })
      .step('go')
      .pod('coredns-58d89c7b99-sk4gr', {}, {}, 'kube-system')
      .object({ apiVersion: 'v1', kind: 'Event', metadata: { name: 'web-0.1812', namespace: 'default' } })
      .object({ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'nginx-x7k2p', namespace: 'default' } })
      .object({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'nginx', namespace: 'default' }, spec: {} })
      .node('worker-1', {}, { ready: 'False' });
    const s = storiesOf(h.done());
    expect(told(s)).toEqual(['go Service nginx: Created', 'go Node worker-1: NotReady']);
    expect(s.windows.map((w) => w.key)).toEqual(['', 'go']);
  });

  test('a step that runs twice has two windows', () => {
    const h = new HistoryBuilder().step('wait').pod('a').step('wait').pod('b');
    expect(told(storiesOf(h.done()))).toEqual(['wait Pod a: Created', 'wait#2 Pod b: Created']);
  });

  test("the system namespaces are the cluster backend's", () => {
    expect([...SYSTEM_NAMESPACES].sort()).toEqual([...CLUSTER_SYSTEM_NAMESPACES].sort());
  });
});
