/**
 * Addresses a kind cluster hands out: node InternalIPs on kind's docker network, each node's pod
 * CIDR (kube-controller-manager's range allocator), and pod IPs inside it (kindnet configures the
 * CNI host-local IPAM plugin with the node's podCIDR).
 */
import { formatIPv4, parseCidr, type Cidr } from '../network/ip';

/** kind's `kind` docker network (172.18.0.0/16 on a default Docker install); .1 is the gateway. */
const NODE_NETWORK = parseCidr('172.18.0.0/16');

/** kind's default podSubnet, cut into /24s (--node-cidr-mask-size default for IPv4). */
const CLUSTER_CIDR = parseCidr('10.244.0.0/16');
const NODE_CIDR_PREFIX = 24;

/** Docker's IPAM gives containers the next address after the gateway, in creation order. */
export class NodeAddressAllocator {
  private readonly used = new Set<number>();

  allocate(): string {
    let n = 2;
    while (this.used.has(n)) n++;
    this.used.add(n);
    return formatIPv4(NODE_NETWORK.base + n);
  }

  release(ip: string): void {
    this.used.delete(parseCidr(`${ip}/32`).base - NODE_NETWORK.base);
  }
}

/**
 * pkg/controller/nodeipam/ipam/cidrset: AllocateNext scans from the candidate after the last one
 * it handed out, so a released CIDR is not reused until the range wraps around.
 */
export class PodCidrAllocator {
  private readonly used = new Set<number>();
  private nextCandidate = 0;
  private readonly count = 2 ** (NODE_CIDR_PREFIX - CLUSTER_CIDR.prefix);

  allocate(): string | undefined {
    for (let i = 0; i < this.count; i++) {
      const candidate = (this.nextCandidate + i) % this.count;
      if (this.used.has(candidate)) continue;
      this.used.add(candidate);
      this.nextCandidate = (candidate + 1) % this.count;
      return `${formatIPv4(CLUSTER_CIDR.base + candidate * 2 ** (32 - NODE_CIDR_PREFIX))}/${NODE_CIDR_PREFIX}`;
    }
    return undefined;
  }

  release(cidr: string): void {
    const c = parseCidr(cidr);
    this.used.delete((c.base - CLUSTER_CIDR.base) / 2 ** (32 - NODE_CIDR_PREFIX));
  }
}

/**
 * containernetworking/plugins host-local: addresses from .1 to the last before broadcast, the
 * gateway (.1) excluded; each allocation continues after the last reserved address, so a freed
 * address comes back only after the range wrapped around.
 */
export class HostLocalIpam {
  private readonly cidr: Cidr;
  private readonly allocated = new Set<number>();
  private lastReserved: number | undefined;

  constructor(podCidr: string) {
    this.cidr = parseCidr(podCidr);
  }

  /** The next free address, or undefined when the range is exhausted. */
  allocate(): string | undefined {
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
    this.allocated.delete(parseCidr(`${ip}/32`).base - this.cidr.base);
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

  /** host-local's error when every address is taken. */
  exhaustedMessage(): string {
    const last = 2 ** (32 - this.cidr.prefix) - 2;
    return `failed to allocate for range 0: no IP addresses available in range set: ${formatIPv4(this.cidr.base + 1)}-${formatIPv4(this.cidr.base + last)}`;
  }
}
