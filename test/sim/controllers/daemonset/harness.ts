/**
 * Test bench for the DaemonSet controller: a real ApiServer, Clock, Rng and EventRecorder, the
 * controller under test, and StandInKubelet standing in for the scheduler and the kubelet (which
 * are not under test): it binds each new pod to the node its required node affinity names —
 * the binding the default scheduler makes for daemon pods — and runs it.
 */
import { StandInKubelet, type PodK } from '../../../support/stand-in-kubelet';
import { ApiServer, SYSTEM_NAMESPACES } from '../../../../src/sim/apiserver/store';
import { Clock } from '../../../../src/sim/clock';
import type { Component, SimContext } from '../../../../src/sim/context';
import { EventRecorder } from '../../../../src/sim/events';
import { Rng } from '../../../../src/sim/rng';
import { clone, type KObject } from '../../../../src/kube/object';
import type { KubeVersion } from '../../../../src/kube/version';
import { DaemonSetController, targetNodeName } from '../../../../src/sim/controllers/daemonset';

export type DsK = KObject & { spec: any; status?: any };
export type RevK = KObject & { data: any; revision: number };

export interface Bench {
  api: ApiServer;
  clock: Clock;
  kubelet: StandInKubelet;
  run(ms: number): void;
  ds(name?: string): DsK;
  /** pods of the default namespace, sorted by node then name */
  pods(): PodK[];
  /** live (not terminating) pods by node name */
  podsByNode(): Record<string, string[]>;
  revisions(): RevK[];
  /** "<reason>: <message>" of Events about an object, in creation order */
  eventsAbout(name: string): string[];
  addNode(name: string, extra?: { labels?: Record<string, string>; taints?: unknown[]; unschedulable?: boolean }): void;
  editNode(name: string, edit: (n: any) => void): void;
  editDs(edit: (ds: DsK) => void, name?: string): void;
}

export function bench(version: KubeVersion = '1.35', extra: Component[] = []): Bench {
  const clock = new Clock();
  const rng = new Rng(7);
  const api = new ApiServer(version, clock, rng);
  const events = new EventRecorder(api, clock);
  for (const ns of SYSTEM_NAMESPACES) api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  const kubelet = new StandInKubelet(api, clock);
  kubelet.pickNode = (pod) => targetNodeName(pod) ?? 'nowhere';
  const ctx: SimContext = { api, clock, rng, events, config: { version, seed: 7, images: {} }, registerAction: () => undefined };
  for (const c of [new DaemonSetController(), ...extra]) c.start(ctx);
  const pods = () => api.list<PodK>('Pod', 'default')
    .sort((a, b) => (a.spec?.nodeName ?? '').localeCompare(b.spec?.nodeName ?? '') || a.metadata.name.localeCompare(b.metadata.name));
  const b: Bench = {
    api, clock, kubelet,
    run: (ms) => clock.runUntil(clock.now() + ms),
    ds: (name = 'ds') => api.get<DsK>('DaemonSet', 'default', name)!,
    pods,
    podsByNode: () => {
      const out: Record<string, string[]> = {};
      for (const p of pods()) if (!p.metadata.deletionTimestamp) (out[p.spec!.nodeName!] ??= []).push(p.metadata.name);
      return out;
    },
    revisions: () => api.list<RevK>('ControllerRevision', 'default').sort((x, y) => x.revision - y.revision),
    eventsAbout: (name) =>
      api.list<KObject & { involvedObject: { name: string }; reason: string; message: string; count: number }>('Event')
        .filter((e) => e.involvedObject.name === name)
        .flatMap((e) => Array.from({ length: e.count }, () => `${e.reason}: ${e.message}`)),
    addNode: (name, o = {}) => {
      const created = api.create({
        apiVersion: 'v1', kind: 'Node',
        metadata: { name, labels: { 'kubernetes.io/hostname': name, ...(o.labels ?? {}) } },
        spec: { ...(o.taints ? { taints: o.taints } : {}), ...(o.unschedulable ? { unschedulable: true } : {}) },
      });
      // The API server's TaintNodesByCondition admission adds node.kubernetes.io/not-ready:NoSchedule
      // to a new node; the node lifecycle controller (not running here) removes it once the node is
      // Ready. Tests that want a node that is not ready yet pass that taint themselves.
      const spec = { ...(created.spec as Record<string, unknown>) };
      if (o.taints) spec.taints = o.taints;
      else delete spec.taints;
      api.update({ ...created, spec });
    },
    editNode: (name, edit) => {
      const n = clone(api.get('Node', undefined, name)!);
      edit(n);
      api.update(n);
    },
    editDs: (edit, name = 'ds') => {
      const d = clone(b.ds(name));
      edit(d);
      api.update(d);
    },
  };
  return b;
}

export function daemonSet(extra: { spec?: Record<string, unknown>; template?: Record<string, unknown>; name?: string } = {}): KObject {
  const name = extra.name ?? 'ds';
  return {
    apiVersion: 'apps/v1', kind: 'DaemonSet',
    metadata: { name, namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { terminationGracePeriodSeconds: 5, containers: [{ name: 'c', image: 'nginx:1.12' }], ...(extra.template ?? {}) },
      },
      ...(extra.spec ?? {}),
    },
  };
}

/** The default kind-like cluster: a tainted control plane and two workers. */
export function defaultNodes(b: Bench): void {
  b.addNode('control-plane', {
    labels: { 'node-role.kubernetes.io/control-plane': '' },
    taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
  });
  b.addNode('worker-1');
  b.addNode('worker-2');
}

export function setImage(b: Bench, image: string, name = 'ds'): void {
  b.editDs((d) => {
    d.spec.template.spec.containers[0].image = image;
  }, name);
}

export type { PodK };
