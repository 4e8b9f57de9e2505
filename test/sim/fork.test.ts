/**
 * Forking a booted cluster (src/sim/fork.ts, src/sim/booted-clusters.ts): a fork must do exactly
 * what a freshly booted cluster does, and running it must leave the booted original untouched.
 */
import { describe, expect, test } from '@jest/globals';
import { join } from 'node:path';
import type { ClusterRequest } from '../../src/kube/cluster-request';
import { clusterRequest } from '../../src/runner/cluster-request';
import { resolveCluster } from '../../src/scenario/defaults';
import { loadScenarioPaths } from '../../src/scenario/load';
import { SimulatorBackend } from '../../src/backends/simulator';
import { BootedClusters, bootedClusters } from '../../src/sim/booted-clusters';
import { buildCluster, constructCluster, type SimulatedCluster } from '../../src/sim/cluster';
import { forkCluster, forkGraph, UnforkableError } from '../../src/sim/fork';

const DEFAULT_REQUEST = clusterRequest(resolveCluster(undefined));

/** Everything the cluster's API server does while `run` goes on, as text: each change with its time. */
function observe(cluster: SimulatedCluster, run: (c: SimulatedCluster) => string[]): string[] {
  const { sim } = cluster;
  const log: string[] = [];
  const stop = sim.api.watch((ev) => log.push(`${sim.clock.now()} ${ev.type} ${JSON.stringify(ev.object)}`));
  log.push(...run(cluster));
  stop();
  return log;
}

/** Pods with volumes, a failing probe, a crash, a node killed and restarted: most components get to work. */
function workload({ sim }: SimulatedCluster): string[] {
  // an action the state refuses (a container not running yet) is part of what is compared
  const refused: string[] = [];
  const act = (verb: string, args: unknown): void => {
    try {
      sim.act(verb, args);
    } catch (err) {
      refused.push(`${sim.clock.now()} ${verb}: ${(err as Error).message}`);
    }
  };
  sim.api.create({
    apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web', namespace: 'default' },
    spec: {
      replicas: 3, serviceName: 'web', selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.25', readinessProbe: { httpGet: { path: '/', port: 80 } }, livenessProbe: { httpGet: { path: '/', port: 80 } } }] },
      },
      volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
    },
  });
  sim.api.create({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api', namespace: 'default' },
    spec: {
      replicas: 4, selector: { matchLabels: { app: 'api' } },
      template: { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sleep', '3600'] }] } },
    },
  });
  sim.advance(60_000);
  act('crashContainer', { pod: 'web-0' });
  act('failProbe', { pod: 'web-1', probe: 'liveness' });
  sim.advance(60_000);
  act('killNode', 'worker-1');
  sim.advance(6 * 60_000);
  act('restartNode', 'worker-1');
  sim.advance(3 * 60_000);
  return refused;
}

describe('a fork of a booted cluster', () => {
  test('does what a freshly booted cluster does, change for change', () => {
    const booted = buildCluster(DEFAULT_REQUEST, 1);
    const fork = forkCluster(booted, constructCluster(DEFAULT_REQUEST, 1));
    const expected = observe(buildCluster(DEFAULT_REQUEST, 1), workload);
    // the workload reached the volume, node lifecycle and eviction machinery
    for (const sign of ['"kind":"PersistentVolume"', 'node.kubernetes.io/unreachable', '"reason":"TaintManagerEviction"', '"reason":"Unhealthy"']) {
      expect(expected.some((line) => line.includes(sign))).toBe(true);
    }
    expect(observe(fork, workload)).toEqual(expected);
  });

  test('is independent: running one fork leaves the original, and so the next fork, as booted', () => {
    const booted = buildCluster(DEFAULT_REQUEST, 7);
    const first = forkCluster(booted, constructCluster(DEFAULT_REQUEST, 7));
    observe(first, workload);
    expect(booted.sim.clock.now()).toBe(0);
    const second = forkCluster(booted, constructCluster(DEFAULT_REQUEST, 7));
    expect(observe(second, workload)).toEqual(observe(buildCluster(DEFAULT_REQUEST, 7), workload));
  });

  test('of a cluster with its own storage classes, namespaces, images, version and pod subnet', () => {
    const request: ClusterRequest = {
      ...DEFAULT_REQUEST,
      version: '1.34',
      nodes: [{ name: 'cp', role: 'control-plane' }, { name: 'worker-1', role: 'worker' }, { name: 'w2', role: 'worker', labels: { zone: 'b' } }],
      storageClasses: [{ name: 'fast', default: true, provisioner: 'rancher.io/local-path', volumeBindingMode: 'Immediate' }],
      namespaces: ['team-a'],
      images: { 'busybox:1.36': { pull: 'fail' }, 'nginx:1.25': { pullSeconds: 20 } },
      podSubnet: '10.100.0.0/16',
    };
    const fork = forkCluster(buildCluster(request, 3), constructCluster(request, 3));
    expect(observe(fork, workload)).toEqual(observe(buildCluster(request, 3), workload));
  });
});

describe('BootedClusters', () => {
  test('boots each distinct request once and gives every use its own fork', () => {
    const clusters = new BootedClusters();
    const a = clusters.cluster(DEFAULT_REQUEST, 1);
    const b = clusters.cluster(DEFAULT_REQUEST, 1);
    const other = clusters.cluster(DEFAULT_REQUEST, 2);
    expect(clusters.stats()).toMatchObject({ boots: 2, forks: 3 });
    expect(a.sim).not.toBe(b.sim);
    a.sim.advance(60_000);
    expect(b.sim.clock.now()).toBe(0);
    expect(other.sim.rng).not.toBe(a.sim.rng);
  });

  test('every cluster the seed scenarios ask for can be forked', async () => {
    const { scenarios } = await loadScenarioPaths([join(__dirname, '../../scenarios')]);
    const requests = new Map(scenarios.map((s) => {
      const request = clusterRequest(s.cluster);
      return [JSON.stringify(request), request] as const;
    }));
    expect(requests.size).toBeGreaterThan(20);
    const clusters = new BootedClusters();
    for (const request of requests.values()) clusters.cluster(request, 1);
    expect([...clusters.stats().unforkable.values()]).toEqual([]);
    expect(clusters.stats().forks).toBe(requests.size);
  });
});

describe('the simulator backend', () => {
  test('runs a scenario on a fork of the process\'s booted cluster, or with KSCENARIO_NO_FORK on a boot of its own', async () => {
    const before = bootedClusters.stats().forks;
    const forked = new SimulatorBackend({ seed: 1 });
    await forked.start(DEFAULT_REQUEST);
    expect(bootedClusters.stats().forks).toBe(before + 1);
    process.env.KSCENARIO_NO_FORK = '1';
    try {
      const own = new SimulatorBackend({ seed: 1 });
      await own.start(DEFAULT_REQUEST);
      expect(bootedClusters.stats().forks).toBe(before + 1);
      expect(await own.list('Pod')).toEqual(await forked.list('Pod'));
    } finally {
      delete process.env.KSCENARIO_NO_FORK;
    }
  });
});

describe('forkGraph', () => {
  class Counter {
    n = 0;
    constructor(readonly onTick: () => void) {}
  }

  test('copies mutable state with its prototypes, shared references and map order; shares frozen objects', () => {
    const frozen = Object.freeze({ spec: Object.freeze({ replicas: 3 }) });
    const shared = { hits: 1 };
    const build = () => ({ counter: new Counter(() => undefined), byName: new Map<string, object>(), list: [] as object[], frozen: undefined as object | undefined });
    const booted = build();
    booted.counter.n = 5;
    booted.byName.set('z', shared).set('a', { other: true });
    booted.list.push(shared, frozen);
    booted.frozen = frozen;
    const fork = forkGraph(booted, build());
    expect(fork.counter).toBeInstanceOf(Counter);
    expect(fork.counter.n).toBe(5);
    expect([...fork.byName.keys()]).toEqual(['z', 'a']);
    expect(fork.byName.get('z')).toEqual({ hits: 1 });
    expect(fork.byName.get('z')).not.toBe(shared);
    expect(fork.list[0]).toBe(fork.byName.get('z'));
    expect(fork.frozen).toBe(frozen);
    (fork.byName.get('z') as { hits: number }).hits++;
    expect(shared.hits).toBe(1);
  });

  test("keeps the fresh graph's function at the same place, bound to the copy", () => {
    class Component {
      state = 0;
      readonly handler = () => this.state++;
    }
    const booted = { c: new Component() };
    booted.c.state = 41;
    const fork = forkGraph(booted, { c: new Component() });
    fork.c.handler();
    expect(fork.c.state).toBe(42);
    expect(booted.c.state).toBe(41);
  });

  test('copies the entries of a weak map whose keys the copy holds', () => {
    const key = Object.freeze({ pod: 'a' });
    const build = () => ({ infos: new WeakMap<object, { seen: number }>(), current: undefined as object | undefined });
    const booted = build();
    booted.current = key;
    booted.infos.set(key, { seen: 2 });
    const fork = forkGraph(booted, build());
    expect(fork.infos.get(key)).toEqual({ seen: 2 });
    expect(fork.infos.get(key)).not.toBe(booted.infos.get(key));
  });

  test('refuses a function the boot put in place of the one construction made there', () => {
    const fresh = { onChange: (): string => 'constructed' };
    const booted = { onChange: (): string => 'replaced while booting' };
    expect(() => forkGraph(booted, fresh)).toThrow(/a function the boot put in place of .*constructed.* at root\.onChange/);
  });

  test('refuses a closure the fresh graph has no counterpart for, and a suspended generator, naming where', () => {
    const booted = { timers: [{ run: () => undefined }] };
    expect(() => forkGraph(booted, { timers: [] })).toThrow(UnforkableError);
    expect(() => forkGraph(booted, { timers: [] })).toThrow(/a function made while booting .* at root\.timers\[0\]\.run/);
    function* task(): Generator<number> {
      yield 1;
    }
    const running = task();
    running.next();
    expect(() => forkGraph({ task: running }, { task: undefined as unknown as Generator<number> })).toThrow(/a suspended generator at root\.task/);
  });
});
