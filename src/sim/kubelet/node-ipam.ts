/**
 * kube-controller-manager's node IPAM controller (pkg/controller/nodeipam/ipam/range_allocator.go)
 * as the simulated cluster needs it. The simulator collapses the usual path — the kubelet
 * registers a Node without podCIDR and kcm patches one in a moment later — into registration:
 * a joining node is given the next block of the pod subnet (kube/pod-cidrs.ts) and registers with
 * it, as the Node looks once kcm has run. That keeps every other history unchanged.
 *
 * When the pod subnet is full, kcm's AllocateOrOccupyCIDR records the event
 * "Node <name> status is now: CIDRNotAvailable" (RecordNodeStatusChange, type Normal, source
 * cidrAllocator) and its sync fails, so the node's key goes back on the work queue rate-limited:
 * client-go's per-item back-off, 5 ms doubling up to 1000 s (the token bucket of the default
 * rate limiter never binds at this rate). Every Node update queues the key again at once. Each
 * retry that still finds no block records the event again (the recorder folds them into one
 * Event with a growing count). When a block is free, kcm patches spec.podCIDR and spec.podCIDRs
 * (PatchNodeCIDRs) and kindnetd gives the node's CNI config the range (HostLocalIpam.setRange).
 * Until then the node is Ready — kindnetd writes a CNI config even without a podCIDR — but every
 * pod sandbox fails in host-local IPAM: pods scheduled there stay ContainerCreating with
 * FailedCreatePodSandBox events (pod-worker createSandbox).
 *
 * Release: the Node's deletion releases its block (the informer's delete handler) — here when the
 * node is removed (removeNode). A waiting node is served at its next retry, not at once.
 * Not modelled: the event type changed to Warning in some upstream trees (a later
 * RecordNodeStatusChange takes an event type; not found in the releases this simulates, so Normal).
 */
import type { Node } from 'kubernetes-types/core/v1';
import { cidrNotAvailableMessage } from '../../kube/pod-cidrs';
import type { KObject } from '../../kube/object';
import type { TimerHandle } from '../clock';
import type { SimContext } from '../context';
import { PodCidrAllocator } from './node-network';

/** The event source of kcm's range allocator (NewCIDRRangeAllocator's recorder). */
export const CIDR_ALLOCATOR_COMPONENT = 'cidrAllocator';

const BASE_BACKOFF_MS = 5;
const MAX_BACKOFF_MS = 1000_000;

interface Waiter {
  failures: number;
  timer?: TimerHandle;
  at?: number;
}

export class NodeIpam {
  private readonly cidrs: PodCidrAllocator;
  private readonly waiting = new Map<string, Waiter>();

  constructor(
    private readonly ctx: SimContext,
    podSubnet: string | undefined,
    /** kcm set the node's podCIDR: its kubelet and CNI follow */
    private readonly assigned: (node: string, cidr: string) => void,
  ) {
    this.cidrs = new PodCidrAllocator(podSubnet);
  }

  get clusterCidr(): string {
    return this.cidrs.clusterCidr;
  }

  /** A block for a joining node, or undefined when the pod subnet is full. */
  allocate(): string | undefined {
    return this.cidrs.allocate();
  }

  /** A Node without podCIDR appeared or changed: kcm's informer queues it now. */
  nodeObserved(name: string): void {
    this.ctx.clock.after(0, () => this.sync(name));
  }

  isWaiting(name: string): boolean {
    return this.waiting.has(name);
  }

  /** The node is gone: its block is free again, and nothing retries for it. */
  release(name: string, cidr: string | undefined): void {
    const w = this.waiting.get(name);
    w?.timer?.cancel();
    this.waiting.delete(name);
    if (cidr) this.cidrs.release(cidr);
  }

  /** syncNode → AllocateOrOccupyCIDR for a Node without podCIDR. */
  private sync(name: string): void {
    const node = this.ctx.api.get<Node>('Node', undefined, name);
    if (!node || node.spec?.podCIDRs?.length) {
      this.release(name, undefined);
      return;
    }
    const cidr = this.cidrs.allocate();
    if (!cidr) return this.failed(node);
    this.waiting.get(name)?.timer?.cancel();
    this.waiting.delete(name);
    this.ctx.api.update({ ...(node as unknown as KObject), spec: { ...node.spec, podCIDR: cidr, podCIDRs: [cidr] } });
    this.assigned(name, cidr);
  }

  /** CIDRNotAvailable, then AddRateLimited: the delaying queue keeps the earlier of two retries. */
  private failed(node: Node): void {
    const name = node.metadata!.name!;
    this.ctx.events.record(node as unknown as KObject, 'Normal', 'CIDRNotAvailable', cidrNotAvailableMessage(name), CIDR_ALLOCATOR_COMPONENT);
    const w = this.waiting.get(name) ?? { failures: 0 };
    this.waiting.set(name, w);
    const at = this.ctx.clock.now() + Math.min(BASE_BACKOFF_MS * 2 ** w.failures, MAX_BACKOFF_MS);
    w.failures++;
    if (w.timer && w.at !== undefined && w.at <= at) return;
    w.timer?.cancel();
    w.at = at;
    w.timer = this.ctx.clock.at(at, () => {
      w.timer = undefined;
      w.at = undefined;
      this.sync(name);
    });
  }
}
