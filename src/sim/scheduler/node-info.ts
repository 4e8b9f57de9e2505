/**
 * framework.NodeInfo: one node and the aggregates of the pods on it (bound or assumed), kept up to
 * date incrementally so that a filter or score is O(1) per node.
 */
import { withoutPrototype } from '../../own-keys';
import type { Node, Taint } from 'kubernetes-types/core/v1';
import { LABEL_REGION, LABEL_REGION_BETA, LABEL_ZONE, LABEL_ZONE_BETA } from './constants';
import type { HostPort, PodInfo } from './pod-info';
import { addInto, cloneResources, emptyResources, nodeAllocatable, type Resources } from './resources';

/** HostPortInfo with counts: a host port is in use while any pod on the node holds it. */
export class PortIndex {
  /** `ip|protocol/port` */
  private readonly exact = new Map<string, number>();
  /** `protocol/port`, over all IPs */
  private readonly any = new Map<string, number>();

  get size(): number {
    return this.exact.size;
  }

  add(p: HostPort, sign: 1 | -1): void {
    const pp = `${p.protocol}/${p.port}`;
    bump(this.exact, `${p.ip}|${pp}`, sign);
    bump(this.any, pp, sign);
  }

  /** HostPortInfo.CheckConflict: 0.0.0.0 conflicts with any IP on the same protocol/port. */
  conflicts(p: HostPort): boolean {
    const pp = `${p.protocol}/${p.port}`;
    if (p.ip === '0.0.0.0') return this.any.has(pp);
    return this.exact.has(`0.0.0.0|${pp}`) || this.exact.has(`${p.ip}|${pp}`);
  }

  clone(): PortIndex {
    const c = new PortIndex();
    for (const [k, v] of this.exact) c.exact.set(k, v);
    for (const [k, v] of this.any) c.any.set(k, v);
    return c;
  }
}

function bump(m: Map<string, number>, key: string, by: number): void {
  const n = (m.get(key) ?? 0) + by;
  if (n > 0) m.set(key, n);
  else m.delete(key);
}

/** utilnode.GetZoneKey: region and zone (GA labels, else the beta ones); "" when neither is set. */
export function zoneKey(labels: Readonly<Record<string, string>>): string {
  const zone = labels[LABEL_ZONE] ?? labels[LABEL_ZONE_BETA] ?? '';
  const region = labels[LABEL_REGION] ?? labels[LABEL_REGION_BETA] ?? '';
  return region === '' && zone === '' ? '' : `${region}:\u0000:${zone}`;
}

export class NodeInfo {
  node: Node | undefined;
  labels: Readonly<Record<string, string>> = {};
  taints: readonly Taint[] = [];
  unschedulable = false;
  allocatable: Resources = emptyResources();
  allowedPods = 0;
  /** image name → size in bytes (status.images) */
  images: ReadonlyMap<string, number> = new Map();
  readonly requested: Resources = emptyResources();
  nonZeroCPU = 0;
  nonZeroMemory = 0;
  readonly pods = new Map<string, PodInfo>();
  ports = new PortIndex();

  constructor(readonly name: string) {}

  setNode(node: Node | undefined): void {
    this.node = node;
    this.labels = withoutPrototype(node?.metadata?.labels);
    this.taints = node?.spec?.taints ?? [];
    this.unschedulable = !!node?.spec?.unschedulable;
    const alloc = nodeAllocatable(node?.status?.allocatable as Record<string, string> | undefined);
    this.allocatable = alloc.resources;
    this.allowedPods = alloc.pods;
    const images = new Map<string, number>();
    for (const img of node?.status?.images ?? []) for (const n of img.names ?? []) images.set(n, img.sizeBytes ?? 0);
    this.images = images;
  }

  addPod(p: PodInfo): void {
    this.pods.set(p.uid, p);
    this.account(p, 1);
  }

  removePod(p: PodInfo): void {
    if (this.pods.delete(p.uid)) this.account(p, -1);
  }

  private account(p: PodInfo, sign: 1 | -1): void {
    addInto(this.requested, p.requests, sign);
    this.nonZeroCPU += sign * p.nonZeroCPU;
    this.nonZeroMemory += sign * p.nonZeroMemory;
    for (const hp of p.hostPorts) this.ports.add(hp, sign);
  }

  /** A copy whose pods can be removed without touching the cache (preemption's dry run). */
  clone(): NodeInfo {
    const c = new NodeInfo(this.name);
    c.node = this.node;
    c.labels = this.labels;
    c.taints = this.taints;
    c.unschedulable = this.unschedulable;
    c.allocatable = this.allocatable;
    c.allowedPods = this.allowedPods;
    c.images = this.images;
    Object.assign(c.requested, cloneResources(this.requested));
    c.nonZeroCPU = this.nonZeroCPU;
    c.nonZeroMemory = this.nonZeroMemory;
    for (const [k, v] of this.pods) c.pods.set(k, v);
    c.ports = this.ports.clone();
    return c;
  }
}
