/**
 * A control plane without kubelets for the node lifecycle, taint eviction and pod GC controllers:
 * the real simulator (API server, clock, events, history) with the controllers under test, Node
 * objects as the kubelet registers them, and a heartbeat source the test drives by hand (the
 * kubelet's Lease renewals, every 10 s from its start, until it is stopped).
 */
import type { Pod } from 'kubernetes-types/core/v1';
import type { ObjectChange } from '../../../../src/history/entry';
import { WatchHistory } from '../../../support/watch-history';
import type { KObject } from '../../../../src/kube/object';
import type { KubeVersion } from '../../../../src/kube/version';
import type { Component } from '../../../../src/sim/context';
import { nodeManifest } from '../../../../src/sim/kubelet/node-object';
import type { NodeHeartbeats, NodeLease } from '../../../../src/sim/node-heartbeats';
import { Simulator } from '../../../../src/sim/simulator';

export type Obj = KObject & { spec?: any; status?: any };

/** Lease renewals every 10 s from time 0 while renewing (nodes registered with addNode); stop() freezes the last one. */
export class ManualHeartbeats implements NodeHeartbeats {
  private readonly stopped = new Map<string, number>();
  private readonly kubelets = new Set<string>();
  private readonly listeners: Array<(node: string) => void> = [];

  constructor(private readonly now: () => number) {}

  lease(node: string): NodeLease {
    const last = this.stopped.get(node);
    if (last !== undefined) return { state: 'stopped', lastRenewalMs: last };
    return this.kubelets.has(node) ? { state: 'renewing' } : { state: 'absent' };
  }

  /** A kubelet runs the node and renews its Lease. */
  register(node: string): void {
    this.kubelets.add(node);
  }

  onChange(listener: (node: string) => void): void {
    this.listeners.push(listener);
  }

  /** The kubelet stops renewing now; its last renewal was the last multiple of 10 s. */
  stop(node: string): void {
    this.stopped.set(node, Math.floor(this.now() / 10_000) * 10_000);
    for (const l of this.listeners) l(node);
  }

  resume(node: string): void {
    this.stopped.delete(node);
    for (const l of this.listeners) l(node);
  }
}

export interface Bench {
  sim: Simulator;
  /** every object change, in order */
  history: ObjectChange[];
  heartbeats: ManualHeartbeats;
  at(ms: number): void;
  node(name: string): Obj;
  pod(name: string): Obj | undefined;
  /** "<reason>: <message>" of the events about an object (by name), oldest first */
  events(name: string): string[];
  /** the times (ms) at which an object's recorded state first satisfied `test` */
  firstTime(kind: string, name: string, test: (o: Obj) => boolean): number | undefined;
  /** registers a node like the kubelet does: Ready, with the kind labels; `kubelet: false`
   *  writes the same Node through the API with no kubelet behind it (no Lease) */
  addNode(name: string, labels?: Record<string, string>, opts?: { kubelet?: boolean }): void;
  /** a running, Ready pod bound to `node` */
  runPod(name: string, node: string, spec?: Record<string, unknown>): Obj;
  /** the kubelet posts Ready=True again (kubelet_node_status.go after it reconnects) */
  postReady(name: string): void;
}

export function bench(components: (hb: ManualHeartbeats) => Component[], version: KubeVersion = '1.35'): Bench {
  let clockNow = () => 0;
  const heartbeats = new ManualHeartbeats(() => clockNow());
  const history = new WatchHistory();
  const sim = new Simulator({ version, seed: 7, images: {} }, [history, ...components(heartbeats)]);
  clockNow = () => sim.clock.now();
  let nodeCount = 0;
  const b: Bench = {
    sim,
    history: history.entries,
    heartbeats,
    at: (ms) => sim.clock.runUntil(ms),
    node: (name) => sim.api.get<Obj>('Node', undefined, name)!,
    pod: (name) => sim.api.get<Obj>('Pod', 'default', name),
    events: (name) => sim.api.list<Obj>('Event', 'default')
      .filter((e) => (e.involvedObject as { name: string }).name === name)
      .map((e) => `${e.reason}: ${e.message}`),
    firstTime: (kind, name, test) => history.entries.find((h) => h.kind === kind && h.name === name && h.object && test(h.object as Obj))?.t,
    addNode: (name, labels, opts) => {
      nodeCount++;
      const manifest = nodeManifest({ name, role: 'worker', labels }, { internalIP: `172.18.0.${nodeCount + 1}`, podCIDR: `10.244.${nodeCount}.0/24` }, version, sim.api.timestamp());
      if (opts?.kubelet !== false) heartbeats.register(name);
      sim.api.create(manifest);
      sim.settle();
    },
    runPod: (name, node, spec = {}) => {
      sim.api.create({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, namespace: 'default', labels: { app: 'web' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx' }], ...spec },
      });
      sim.api.bind('default', name, node);
      const bound = sim.api.get<Obj>('Pod', 'default', name)!;
      const now = sim.api.timestamp();
      const cond = (type: string) => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: now });
      sim.api.updateStatus({
        ...bound,
        status: {
          ...bound.status,
          phase: 'Running',
          conditions: [cond('PodReadyToStartContainers'), cond('Initialized'), cond('Ready'), cond('ContainersReady'), cond('PodScheduled')],
        },
      });
      sim.settle();
      return sim.api.get<Obj>('Pod', 'default', name)!;
    },
    postReady: (name) => {
      const node = sim.api.get<Obj>('Node', undefined, name)!;
      const now = sim.api.timestamp();
      const healthy: Record<string, [string, string, string]> = {
        MemoryPressure: ['False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
        DiskPressure: ['False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
        PIDPressure: ['False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
        Ready: ['True', 'KubeletReady', 'kubelet is posting ready status'],
      };
      const conditions = (node.status.conditions as Array<Record<string, string>>).map((c) => {
        const [status, reason, message] = healthy[c.type!]!;
        return { ...c, status, reason, message, lastHeartbeatTime: now, lastTransitionTime: c.status === status ? c.lastTransitionTime : now };
      });
      sim.api.updateStatus({ ...node, status: { ...node.status, conditions } });
      sim.settle();
    },
  };
  return b;
}

export function taintsOf(node: Obj): string[] {
  return ((node.spec?.taints ?? []) as Array<{ key: string; effect: string }>).map((t) => `${t.key}:${t.effect}`);
}

export function readyOf(o: Obj): string | undefined {
  return (o.status?.conditions as Array<{ type: string; status: string }> | undefined)?.find((c) => c.type === 'Ready')?.status;
}

export type { Pod };
