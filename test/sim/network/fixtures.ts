/**
 * A small simulated cluster for the network tests: the real ApiServer, Clock and Rng, the three
 * network components and Dns. Pods get their IP and Ready condition written directly here — that
 * stands in for the scheduler and kubelet, which are not under test.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { ApiServer, SYSTEM_NAMESPACES } from '../../../src/sim/apiserver/store';
import { Clock } from '../../../src/sim/clock';
import type { SimContext } from '../../../src/sim/context';
import { EventRecorder } from '../../../src/sim/events';
import { Rng } from '../../../src/sim/rng';
import { clone, type KObject } from '../../../src/kube/object';
import type { KubeVersion } from '../../../src/kube/version';
import { Dns, EndpointsController, EndpointSliceController, ServiceRegistry } from '../../../src/sim/network';

export interface TestCluster {
  api: ApiServer;
  clock: Clock;
  dns: Dns;
  registry: ServiceRegistry;
  /** runs everything due now */
  settle(): void;
  /** lets `ms` of virtual time pass */
  advance(ms: number): void;
}

export function startCluster(opts: { version?: KubeVersion; seed?: number; maxEndpointsPerSlice?: number } = {}): TestCluster {
  const version = opts.version ?? '1.35';
  const seed = opts.seed ?? 1;
  const clock = new Clock();
  const rng = new Rng(seed);
  const api = new ApiServer(version, clock, rng);
  const events = new EventRecorder(api, clock);
  for (const name of SYSTEM_NAMESPACES) api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  const registry = new ServiceRegistry();
  const ctx: SimContext = { api, clock, rng, events, config: { version, seed, images: {} }, registerAction: () => undefined };
  for (const c of [registry, new EndpointSliceController(opts.maxEndpointsPerSlice), new EndpointsController()]) c.start(ctx);
  const settle = () => clock.runUntil(clock.now());
  settle();
  return { api, clock, dns: new Dns(api), registry, settle, advance: (ms) => clock.runUntil(clock.now() + ms) };
}

export function addNode(api: ApiServer, name: string, labels: Record<string, string> = {}): void {
  api.create({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } } });
}

export interface PodSpec {
  name: string;
  namespace?: string;
  labels: Record<string, string>;
  ip: string;
  ready?: boolean;
  node?: string;
  hostname?: string;
  subdomain?: string;
  ports?: Array<{ name: string; containerPort: number; protocol?: string }>;
}

/** Creates a pod already bound and running, as the scheduler and kubelet would leave it. */
export function runPod(api: ApiServer, p: PodSpec): Pod {
  const spec: Record<string, unknown> = {
    nodeName: p.node ?? 'worker-1',
    containers: [{ name: 'app', image: 'nginx:1.25', ports: p.ports ?? [] }],
  };
  if (p.hostname) spec.hostname = p.hostname;
  if (p.subdomain) spec.subdomain = p.subdomain;
  api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: p.name, namespace: p.namespace ?? 'default', labels: p.labels }, spec });
  return setPodStatus(api, p.name, p.ip, p.ready ?? true, p.namespace);
}

/** The kubelet's status write: phase Running, the IP, and the Ready condition. */
export function setPodStatus(api: ApiServer, name: string, ip: string, ready: boolean, namespace = 'default'): Pod {
  const pod = clone(api.get<KObject>('Pod', namespace, name)!);
  const now = api.timestamp();
  pod.status = {
    ...(pod.status as object),
    phase: 'Running',
    podIP: ip,
    podIPs: [{ ip }],
    conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: now }],
  };
  return api.updateStatus<Pod>(pod);
}

export function createService(api: ApiServer, name: string, spec: Record<string, unknown>, extra: { namespace?: string; labels?: Record<string, string> } = {}): KObject {
  return api.create({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: extra.namespace ?? 'default', ...(extra.labels ? { labels: extra.labels } : {}) },
    spec,
  });
}

export function slicesOf(api: ApiServer, service: string, namespace = 'default'): KObject[] {
  return api.list('EndpointSlice', namespace).filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === service);
}
