/**
 * `drain` behaves like `kubectl drain` on the simulator backend: it cordons, refuses pods kubectl
 * would refuse, evicts through the Eviction API retrying refusals every 5 s, waits for the pods to
 * be gone, and fails with kubectl's "global timeout reached" when its timeout passes.
 */
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { SimulatorBackend } from '../../src/backends/simulator/index';
import { startSimulator, type StartedSimulator } from '../support/sim-backend';
import { ApiError, KscenarioError } from '../../src/errors';
import type { KObject } from '../../src/kube/object';
import { clusterRequest } from '../../src/runner/cluster-request';
import type { HistoryRecorder } from '../../src/runner/history-recorder';
import { create } from '../../src/kubectl/apply';
import { drain, evict } from '../../src/kubectl/drain';
import type { MutationContext } from '../../src/kubectl/verbs';
import { resolveCluster } from '../../src/scenario/defaults';

function deployment(name: string, replicas: number, podSpec: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'default' },
    spec: {
      replicas, selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx:1.25' }], ...podSpec } },
    },
  } as KObject;
}

function budget(name: string, spec: Record<string, unknown>): KObject {
  return { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name, namespace: 'default' }, spec: { ...spec, selector: { matchLabels: { app: name } } } } as KObject;
}

function barePod(name: string, node: string, extra: { labels?: Record<string, string>; annotations?: Record<string, string>; ownerReferences?: unknown[]; volumes?: unknown[] } = {}): KObject {
  const { volumes, ...meta } = extra;
  return {
    apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', ...meta },
    spec: { nodeName: node, containers: [{ name: 'c', image: 'nginx:1.25' }], ...(volumes ? { volumes } : {}) },
  } as KObject;
}

const onWorker1 = { nodeSelector: { 'kubernetes.io/hostname': 'worker-1' } };

/** kubectl's warning for the kind cluster's own DaemonSet pods on a worker. */
const KIND_DAEMONS_IGNORED = /^ignoring DaemonSet-managed Pods: kube-system\/kindnet-[a-z0-9]{5}, kube-system\/kube-proxy-[a-z0-9]{5}$/;

describe('drain', () => {
  let sim: StartedSimulator;
  let backend: SimulatorBackend;
  let history: HistoryRecorder;
  let ctx: MutationContext;

  beforeEach(async () => {
    sim = await startSimulator();
    ({ backend, history } = sim);
    ctx = { backend, deadline: 30 * 60_000 };
  });
  afterEach(() => sim.stop());

  async function pods(app: string): Promise<KObject[]> {
    return (await backend.list('Pod', 'default')).filter((p) => p.metadata.labels?.app === app);
  }

  const isReady = (p: KObject) => !p.metadata.deletionTimestamp && ((p.status as any)?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');

  async function settle(app: string, count: number): Promise<void> {
    expect(await backend.waitFor(async () => (await pods(app)).filter(isReady).length === count, 5 * 60_000)).toBe(true);
  }

  /** The lowest number of Ready pods of `app` in any recorded state from history index `from`. */
  function minReady(app: string, from: number): number {
    const state = new Map<string, KObject>();
    let min = Infinity;
    history.entries.forEach((e: any, i) => {
      if (e.kind !== 'Pod' || e.object?.metadata?.labels?.app !== app) return;
      if (e.type === 'DELETED') state.delete(e.name);
      else state.set(e.name, e.object);
      if (i >= from) min = Math.min(min, [...state.values()].filter(isReady).length);
    });
    return min;
  }

  async function failure(run: Promise<unknown>): Promise<KscenarioError> {
    try {
      await run;
    } catch (err) {
      if (err instanceof KscenarioError) return err;
      throw err;
    }
    throw new Error('the drain did not fail');
  }

  test('cordons, evicts one pod at a time within the budget, and the Deployment replaces them elsewhere', async () => {
    await create(backend, deployment('web', 4));
    await create(backend, budget('web', { maxUnavailable: 1 }));
    await settle('web', 4);
    const before = (await pods('web')).filter((p) => (p.spec as any).nodeName === 'worker-1').length;
    expect(before).toBeGreaterThan(1);
    const from = history.entries.length;
    const start = backend.now();
    const outcome = await drain(ctx, { node: 'worker-1', ignoreDaemonSets: true });
    expect(((await backend.get({ kind: 'Node', name: 'worker-1' }))!.spec as any).unschedulable).toBe(true);
    expect((await pods('web')).filter((p) => (p.spec as any).nodeName === 'worker-1')).toEqual([]);
    expect(minReady('web', from)).toBe(3);
    // each further pod waited at least one 5 s retry for the previous replacement to be Ready
    expect(backend.now() - start).toBeGreaterThanOrEqual((before - 1) * 5000);
    // kind runs kindnet and kube-proxy as DaemonSets on every node: kubectl names them first
    expect(outcome.warnings[0]).toMatch(KIND_DAEMONS_IGNORED);
    expect(outcome.warnings[1]).toMatch(/^error when evicting pods\/"web-[a-z0-9]+-[a-z0-9]{5}" -n "default" \(will retry after 5s\): Cannot evict pod as it would violate the pod's disruption budget\.$/);
    await settle('web', 4);
    expect((await pods('web')).every((p) => (p.spec as any).nodeName === 'worker-2')).toBe(true);
  });

  test('without a budget every pod is evicted at once', async () => {
    await create(backend, deployment('web', 4, onWorker1));
    await settle('web', 4);
    const from = history.entries.length;
    const start = backend.now();
    const outcome = await drain(ctx, { node: 'worker-1', ignoreDaemonSets: true });
    expect(outcome.warnings).toHaveLength(1);
    expect(outcome.warnings[0]).toMatch(KIND_DAEMONS_IGNORED);
    expect(minReady('web', from)).toBe(0);
    expect(backend.now() - start).toBeLessThan(5000);
  });

  test('the timeout ends a drain the budget keeps refusing, with kubectl\'s error', async () => {
    await create(backend, deployment('pinned', 2, onWorker1));
    await create(backend, budget('pinned', { maxUnavailable: 1 }));
    await settle('pinned', 2);
    const start = backend.now();
    const err = await failure(drain(ctx, { node: 'worker-1', ignoreDaemonSets: true, timeout: '20s' }));
    expect(err.code).toBe('BACKEND');
    expect(err.message).toMatch(/^error when evicting pods\/"pinned-[a-z0-9]+-[a-z0-9]{5}" -n "default": global timeout reached: 20s$/);
    expect(backend.now() - start).toBe(20_000);
    // one pod went (its replacement cannot be scheduled on the cordoned node), one stayed
    const left = (await pods('pinned')).filter((p) => (p.spec as any).nodeName === 'worker-1');
    expect(left.length).toBe(1);
    expect(left[0]!.metadata.deletionTimestamp).toBeUndefined();
  });

  test('pods kubectl refuses fail the drain before anything is evicted, but the node stays cordoned', async () => {
    await create(backend, deployment('web', 2, { ...onWorker1, volumes: [{ name: 'scratch', emptyDir: {} }] }));
    await create(backend, barePod('solo', 'worker-1'));
    await settle('web', 2);
    const names = (await pods('web')).map((p) => `default/${p.metadata.name}`).sort();
    const err = await failure(drain(ctx, { node: 'worker-1', ignoreDaemonSets: true }));
    expect(err.message).toBe(`[cannot delete Pods with local storage (use --delete-emptydir-data to override): ${names.join(', ')}, ` +
      'cannot delete Pods that declare no controller (use --force to override): default/solo]');
    expect(((await backend.get({ kind: 'Node', name: 'worker-1' }))!.spec as any).unschedulable).toBe(true);
    expect((await backend.list('Pod', 'default')).every((p) => !p.metadata.deletionTimestamp)).toBe(true);
  });

  test('with force and deleteEmptyDirData those pods go too; mirror pods stay', async () => {
    await create(backend, deployment('web', 1, { ...onWorker1, volumes: [{ name: 'scratch', emptyDir: {} }] }));
    await create(backend, barePod('solo', 'worker-1'));
    await create(backend, barePod('static-web-worker-1', 'worker-1', { annotations: { 'kubernetes.io/config.mirror': 'abc' } }));
    await settle('web', 1);
    const outcome = await drain(ctx, { node: 'worker-1', force: true, deleteEmptyDirData: true, ignoreDaemonSets: true });
    // the local-storage warning is overwritten by the later filters, as in kubectl
    // one line of "; "-joined groups (PodDeleteList.Warnings; kubectl's map order is unspecified)
    expect(outcome.warnings).toHaveLength(1);
    const groups = outcome.warnings[0]!.split('; ').sort();
    expect(groups[0]).toBe('deleting Pods that declare no controller: default/solo');
    expect(groups[1]).toMatch(KIND_DAEMONS_IGNORED);
    expect(await backend.get({ kind: 'Pod', namespace: 'default', name: 'solo' })).toBeUndefined();
    expect(await backend.get({ kind: 'Pod', namespace: 'default', name: 'static-web-worker-1' })).toBeDefined();
  });

  test('ignoreDaemonSets leaves DaemonSet pods with a warning', async () => {
    const ds = await create(backend, {
      apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent', namespace: 'default' },
      spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'c', image: 'busybox:1.36' }] } } },
    } as KObject);
    await create(backend, barePod('agent-w1', 'worker-1', {
      labels: { app: 'agent' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: ds.object.metadata.uid, controller: true }],
    }));
    const refused = await failure(drain(ctx, { node: 'worker-1' }));
    expect(refused.message).toMatch(/^cannot delete DaemonSet-managed Pods \(use --ignore-daemonsets to ignore\): default\/agent-/);
    const outcome = await drain(ctx, { node: 'worker-1', ignoreDaemonSets: true });
    expect(outcome.warnings[0]).toMatch(/^ignoring DaemonSet-managed Pods: default\/agent-/);
    expect((await backend.get({ kind: 'Pod', namespace: 'default', name: 'agent-w1' }))?.metadata.deletionTimestamp).toBeUndefined();
  });

  test('a node that does not exist', async () => {
    expect((await failure(drain(ctx, { node: 'worker-9' }))).code).toBe('BAD_REFERENCE');
  });
});

describe('evict', () => {
  test('refused with the API server\'s 429 while the budget is spent', async () => {
    const backend = new SimulatorBackend({ seed: 1 });
    await backend.start(clusterRequest(resolveCluster(undefined)));
    await create(backend, {
      apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'zk', namespace: 'default' },
      spec: {
        replicas: 3, serviceName: 'zk', podManagementPolicy: 'Parallel', selector: { matchLabels: { app: 'zk' } },
        template: { metadata: { labels: { app: 'zk' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] } },
      },
    } as KObject);
    await create(backend, budget('zk', { maxUnavailable: 1 }));
    expect(await backend.waitFor(async () => ((await backend.get({ kind: 'PodDisruptionBudget', namespace: 'default', name: 'zk' }))?.status as any)?.disruptionsAllowed === 1, 120_000)).toBe(true);
    await evict(backend, { target: 'pod/zk-0' });
    let refused: unknown;
    try {
      await evict(backend, { target: 'pod/zk-1', namespace: 'default' });
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).message).toBe("Cannot evict pod as it would violate the pod's disruption budget.");
    await backend.stop();
  });
});
