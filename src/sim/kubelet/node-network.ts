/**
 * Addresses a kind cluster hands out: node InternalIPs on kind's docker network, each node's pod
 * CIDR (kube-controller-manager's range allocator), and pod IPs inside it (kindnet configures the
 * CNI host-local IPAM plugin with the node's podCIDR).
 */
import { CidrSet, nodeCidrSet } from '../../kube/pod-cidrs';
import { formatIPv4, parseCidr, type Cidr } from '../network/ip';

/**
 * kind's `kind` docker network: a /16 from Docker's default address pools, 172.18.0.0/16 on a
 * default install (172.17.0.0/16 is docker0's), gateway .1, as `docker network inspect kind`
 * shows. Its last address (172.18.255.255) is the broadcast address.
 */
const NODE_NETWORK = parseCidr('172.18.0.0/16');
const FIRST_HOST = 2;
const LAST_HOST = 2 ** (32 - NODE_NETWORK.prefix) - 2;

/**
 * Docker's IPAM gives containers the lowest free address after the gateway, in creation order
 * (unverified whether a released address is reused at once; here it is). 65,533 nodes fit.
 */
export class NodeAddressAllocator {
  private readonly used = new Set<number>();
  /** no address below this one is free: allocation stays linear however many nodes there are */
  private lowestFree = FIRST_HOST;

  /** The next address, or undefined when the network is full. */
  allocate(): string | undefined {
    let n = this.lowestFree;
    while (this.used.has(n)) n++;
    if (n > LAST_HOST) return undefined;
    this.used.add(n);
    this.lowestFree = n + 1;
    return formatIPv4(NODE_NETWORK.base + n);
  }

  release(ip: string): void {
    const n = parseCidr(`${ip}/32`).base - NODE_NETWORK.base;
    if (this.used.delete(n) && n < this.lowestFree) this.lowestFree = n;
  }

  get network(): string {
    return NODE_NETWORK.text;
  }
}

/**
 * kube-controller-manager's range allocator over the cluster's pod subnet (kube/pod-cidrs.ts):
 * a /24 per node, the next free one after the last handed out, released when the Node goes.
 */
export class PodCidrAllocator {
  private readonly set: CidrSet;

  constructor(podSubnet?: string) {
    this.set = nodeCidrSet(podSubnet);
  }

  /** The next free block, or undefined when the cluster CIDR is full. */
  allocate(): string | undefined {
    return this.set.allocateNext();
  }

  release(cidr: string): void {
    this.set.release(cidr);
  }

  get clusterCidr(): string {
    return this.set.cluster.text;
  }
}

/**
 * containernetworking/plugins host-local: addresses from .1 to the last before broadcast, the
 * gateway (.1) excluded; each allocation continues after the last reserved address, so a freed
 * address comes back only after the range wrapped around.
 */
export class HostLocalIpam {
  private cidr: Cidr | undefined;
  private readonly allocated = new Set<number>();
  private lastReserved: number | undefined;

  /** `podCidr` undefined: the node has no podCIDR (the cluster CIDR was full when it joined). */
  constructor(podCidr: string | undefined) {
    this.cidr = podCidr === undefined ? undefined : parseCidr(podCidr);
  }

  /**
   * The node got its podCIDR late: kindnetd rewrites the CNI config when the node's PodCIDR
   * changes (CNIConfigWriter compares its inputs on each loop, every 10 s; here at once).
   */
  setRange(podCidr: string): void {
    this.cidr = parseCidr(podCidr);
  }

  /** The next free address, or undefined when the range is exhausted. */
  allocate(): string | undefined {
    if (!this.cidr) return undefined;
    const first = 1;
    const last = 2 ** (32 - this.cidr.prefix) - 2;
    const gateway = 1;
    const span = last - first + 1;
    const start = this.lastReserved === undefined ? first : this.lastReserved + 1;
    for (let i = 0; i < span; i++) {
      const offset = first + ((start - first + i) % span);
      if (offset === gateway || this.allocated.has(offset)) continue;
      this.allocated.add(offset);
      this.lastReserved = offset;
      return formatIPv4(this.cidr.base + offset);
    }
    return undefined;
  }

  release(ip: string): void {
    if (this.cidr) this.allocated.delete(parseCidr(`${ip}/32`).base - this.cidr.base);
  }

  /**
   * The node's machine stopped. kindnet points host-local's dataDir at /run/cni-ipam-state
   * (kindnetd cni.go) and /run is a tmpfs in a kind node container (provision.go --tmpfs /run):
   * the reservations and the last reserved address are gone, so after a restart addresses are
   * handed out from the start of the range again.
   */
  reset(): void {
    this.allocated.clear();
    this.lastReserved = undefined;
  }

  /**
   * host-local's error when every address is taken. Without a podCIDR, kindnetd still writes the
   * CNI config for its node (ComputeCNIConfigInputs uses node.Spec.PodCIDR, empty), so the
   * range's subnet is "" and host-local fails to load its config: the CNI library's IPNet
   * unmarshalling returns Go's net.ParseCIDR error (inferred from the sources; not observed).
   */
  exhaustedMessage(): string {
    if (!this.cidr) return 'invalid CIDR address: ';
    const last = 2 ** (32 - this.cidr.prefix) - 2;
    return `failed to allocate for range 0: no IP addresses available in range set: ${formatIPv4(this.cidr.base + 1)}-${formatIPv4(this.cidr.base + last)}`;
  }
}
