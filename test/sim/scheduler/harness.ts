/**
 * A real API server, clock, random generator and event recorder with the Scheduler started on
 * them, and helpers to create nodes and pods and read what the scheduler did. No kubelet runs:
 * pods stay where the scheduler put them.
 */
import type { Node, Pod, Taint } from 'kubernetes-types/core/v1';
import type { KObject } from '../../../src/kube/object';
import type { KubeVersion } from '../../../src/kube/version';
import { ApiServer, SYSTEM_NAMESPACES } from '../../../src/sim/apiserver/store';
import { Clock } from '../../../src/sim/clock';
import type { SimContext } from '../../../src/sim/context';
import { EventRecorder } from '../../../src/sim/events';
import { Rng } from '../../../src/sim/rng';
import { Scheduler } from '../../../src/sim/scheduler';

export interface NodeOptions {
  labels?: Record<string, string>;
  taints?: Taint[];
  unschedulable?: boolean;
  cpu?: string;
  memory?: string;
  pods?: string;
  extra?: Record<string, string>;
  images?: Array<{ names: string[]; sizeBytes: number }>;
}

export interface Bench {
  api: ApiServer;
  clock: Clock;
  node(name: string, opts?: NodeOptions): Node;
  pod(name: string, spec?: Record<string, unknown>, meta?: Record<string, unknown>): Pod;
  get(name: string, ns?: string): Pod;
  nodeOf(name: string, ns?: string): string | undefined;
  /** runs the clock up to `ms` virtual milliseconds after the start */
  at(ms: number): void;
  events(name: string): Array<{ reason: string; message: string; type: string; count: number; reportingComponent: unknown }>;
  condition(name: string, type?: string): Record<string, unknown> | undefined;
}

export const CONTROL_PLANE_TAINT: Taint = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };

export function bench(opts: { version?: KubeVersion; seed?: number } = {}): Bench {
  const version = opts.version ?? '1.35';
  const clock = new Clock();
  const rng = new Rng(opts.seed ?? 7);
  const api = new ApiServer(version, clock, rng);
  const events = new EventRecorder(api, clock);
  for (const ns of SYSTEM_NAMESPACES) api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  const ctx: SimContext = {
    api,
    clock,
    rng,
    events,
    config: { version, seed: opts.seed ?? 7, images: {} },
    registerAction: () => undefined,
  };
  new Scheduler().start(ctx);
  const get = (name: string, ns = 'default') => api.get<Pod>('Pod', ns, name)!;
  const priorityClass = (value: number, preemptionPolicy?: string): string => {
    const name = preemptionPolicy ? `priority-${value}-${preemptionPolicy.toLowerCase()}` : `priority-${value}`;
    if (!api.get('PriorityClass', undefined, name)) {
      api.create({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value, ...(preemptionPolicy ? { preemptionPolicy } : {}) } as KObject);
    }
    return name;
  };
  return {
    api,
    clock,
    node(name, o = {}) {
      const allocatable = { cpu: o.cpu ?? '4', memory: o.memory ?? '8Gi', pods: o.pods ?? '110', 'ephemeral-storage': '100Gi', ...(o.extra ?? {}) };
      const created = api.create<Node>({
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', ...(o.labels ?? {}) } },
        spec: { ...(o.taints ? { taints: o.taints } : {}), ...(o.unschedulable ? { unschedulable: true } : {}) },
        status: {
          capacity: allocatable,
          allocatable,
          conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }],
          ...(o.images ? { images: o.images } : {}),
        },
      } as unknown as KObject);
      // The API server's NodeTaint admission adds node.kubernetes.io/not-ready:NoSchedule to a new
      // node; the node lifecycle controller (not running here) removes it as the node is Ready.
      return api.update<Node>({ ...created, spec: { ...created.spec, taints: o.taints } } as unknown as KObject);
    },
    pod(name, spec = {}, meta = {}) {
      // `priority: n` is a shorthand for a PriorityClass of that value, as users must write it:
      // the Priority admission plugin refuses a pod that states its own integer priority, or a
      // preemptionPolicy other than its class's (so a stated policy goes on the class too).
      const { priority, ...rest } = spec as { priority?: number; preemptionPolicy?: string };
      const classSpec = priority === undefined ? {} : { priorityClassName: priorityClass(priority, rest.preemptionPolicy) };
      return api.create<Pod>({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, namespace: 'default', ...meta },
        spec: { containers: [{ name: 'c', image: 'nginx:1.25' }], ...classSpec, ...rest },
      });
    },
    get,
    nodeOf: (name, ns) => get(name, ns)?.spec?.nodeName,
    at: (ms) => clock.runUntil(ms),
    events: (name) =>
      api.list<KObject>('Event')
        .filter((e) => (e.involvedObject as { name: string }).name === name)
        // The scheduler's events come from the events.k8s.io/v1 recorder: repeats are a series.
        .map((e) => ({
          reason: e.reason as string, message: e.message as string, type: e.type as string,
          count: (e.series as { count: number } | undefined)?.count ?? 1, reportingComponent: e.reportingComponent,
        })),
    condition: (name, type = 'PodScheduled') =>
      (get(name)?.status?.conditions as Array<Record<string, unknown>> | undefined)?.find((c) => c.type === type),
  };
}

/** A container asking for `cpu` and `memory`. */
export function requests(cpu: string, memory = '64Mi'): Record<string, unknown> {
  return { containers: [{ name: 'c', image: 'nginx:1.25', resources: { requests: { cpu, memory } } }] };
}
