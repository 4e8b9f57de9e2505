/**
 * The pod network of a kind cluster and how its nodes get their pod CIDRs.
 *
 * kind (pkg/apis/config/v1alpha4/default.go) defaults networking.podSubnet to 10.244.0.0/16 and
 * hands it to kubeadm as networking.podSubnet; kubeadm (phases/controlplane/manifests.go
 * getControllerManagerCommand) then starts kube-controller-manager with --allocate-node-cidrs=true,
 * --cluster-cidr=<podSubnet> and --service-cluster-ip-range=<serviceSubnet>, and no node mask for
 * IPv4, so kcm's default --node-cidr-mask-size-ipv4 of 24 applies: one /24 per node, 256 nodes
 * in the default /16.
 *
 * CidrSet is kcm's pkg/controller/nodeipam/ipam/cidrset: a bitmap over the node-sized blocks of
 * the cluster CIDR; AllocateNext scans from the block after the last one it handed out (so a
 * released block comes back only after a wrap-around); Occupy and Release take any CIDR and mark
 * every block it overlaps. The range allocator (ipam/range_allocator.go) occupies the blocks of
 * the service range when it overlaps the cluster CIDR (filterOutServiceRange), so pods never get
 * service addresses.
 *
 * Pure: no clock, no API. The simulator's kubelets, the control plane's KWOK nodes and the
 * scenario loader share it.
 */
import { formatIPv4, parseIPv4, type Cidr } from './ip';

/** kind's default networking.podSubnet. */
export const DEFAULT_POD_SUBNET = '10.244.0.0/16';
/** kind's default networking.serviceSubnet, which kubeadm passes to kcm as --service-cluster-ip-range. */
export const DEFAULT_SERVICE_SUBNET = '10.96.0.0/16';
/** kcm --node-cidr-mask-size-ipv4 default (kubeadm leaves it unset for IPv4). */
export const NODE_CIDR_MASK_SIZE = 24;
/** kubeadm constants.PodSubnetNodeMaskMaxDiff: the node mask may be at most 16 bits longer. */
export const POD_SUBNET_NODE_MASK_MAX_DIFF = 16;

/** cidrset ErrCIDRRangeNoCIDRsRemaining. */
export const NO_CIDRS_REMAINING = 'CIDR allocation failed; there are no remaining CIDRs left to allocate in the accepted range';

/**
 * Go's net.ParseCIDR for IPv4: a dotted quad, '/', a decimal prefix length; address bits past the
 * prefix are allowed and masked off (kcm and kind keep the network the mask gives).
 */
export function parseCidrLoose(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const ip = parseIPv4(text.slice(0, slash));
  const bits = text.slice(slash + 1);
  if (ip === undefined || !/^\d{1,3}$/.test(bits)) return undefined;
  const prefix = Number(bits);
  if (prefix > 32) return undefined;
  const base = prefix === 0 ? 0 : (ip & maskOf(prefix)) >>> 0;
  return { base, prefix, text: `${formatIPv4(base)}/${prefix}` };
}

function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
}

/**
 * Why a podSubnet cannot be used, or undefined. kind's validateSubnets (pkg/internal/apis/config/
 * validate.go) wants one parseable CIDR of the cluster's family (IPv4 here: the clusters are
 * single-stack IPv4, kind's default ipFamily); kubeadm's ValidatePodSubnetNodeMask
 * (app/apis/kubeadm/validation) wants room for at least one node mask (/24) and at most 16 bits
 * between the two, so the prefix goes from /8 to /24.
 */
export function podSubnetProblem(text: string): string | undefined {
  if (text.includes(',')) return `kind: only one CIDR allowed for single-stack networking (the cluster is IPv4 single-stack), got '${text}'`;
  if (text.includes(':')) return `kind: expected IPv4 CIDR for IPv4 family, got '${text}'`;
  const cidr = parseCidrLoose(text);
  if (!cidr) return `kind: invalid pod subnet: '${text}' is not a CIDR such as 10.244.0.0/16`;
  if (cidr.prefix > NODE_CIDR_MASK_SIZE) {
    return `kubeadm: the size of pod subnet with mask ${cidr.prefix} is smaller than the size of node subnet with mask ${NODE_CIDR_MASK_SIZE} (each node gets a /${NODE_CIDR_MASK_SIZE}; use a prefix of /${NODE_CIDR_MASK_SIZE} or shorter)`;
  }
  if (NODE_CIDR_MASK_SIZE - cidr.prefix > POD_SUBNET_NODE_MASK_MAX_DIFF) {
    return `kubeadm: pod subnet mask (${cidr.prefix}) and node-mask (${NODE_CIDR_MASK_SIZE}) difference is greater than ${POD_SUBNET_NODE_MASK_MAX_DIFF} (the largest pod subnet is a /${NODE_CIDR_MASK_SIZE - POD_SUBNET_NODE_MASK_MAX_DIFF})`;
  }
  return undefined;
}

/** kcm's cidrset.CidrSet for one IPv4 cluster CIDR. */
export class CidrSet {
  readonly cluster: Cidr;
  readonly nodeMaskSize: number;
  /** how many node blocks the cluster CIDR holds */
  readonly maxCidrs: number;
  private readonly used: Uint8Array;
  private allocatedCount = 0;
  private nextCandidate = 0;

  constructor(cluster: Cidr, nodeMaskSize: number) {
    if (nodeMaskSize < cluster.prefix || nodeMaskSize > 32) throw new RangeError(`node mask /${nodeMaskSize} does not fit in ${cluster.text}`);
    this.cluster = cluster;
    this.nodeMaskSize = nodeMaskSize;
    this.maxCidrs = 2 ** (nodeMaskSize - cluster.prefix);
    this.used = new Uint8Array(this.maxCidrs);
  }

  get allocated(): number {
    return this.allocatedCount;
  }

  /** AllocateNext: the first free block from the candidate on (wrapping), or undefined when full. */
  allocateNext(): string | undefined {
    if (this.allocatedCount === this.maxCidrs) return undefined;
    let candidate = this.nextCandidate;
    for (let i = 0; i < this.maxCidrs && this.used[candidate]; i++) candidate = (candidate + 1) % this.maxCidrs;
    this.nextCandidate = (candidate + 1) % this.maxCidrs;
    this.used[candidate] = 1;
    this.allocatedCount++;
    return this.blockText(candidate);
  }

  /** Occupy: marks every block `cidr` overlaps (already used ones stay used). */
  occupy(cidr: Cidr | string): void {
    const [begin, end] = this.indices(cidr);
    for (let i = begin; i <= end; i++) {
      if (this.used[i]) continue;
      this.used[i] = 1;
      this.allocatedCount++;
    }
  }

  /** Release: frees every block `cidr` overlaps. */
  release(cidr: Cidr | string): void {
    const [begin, end] = this.indices(cidr);
    for (let i = begin; i <= end; i++) {
      if (!this.used[i]) continue;
      this.used[i] = 0;
      this.allocatedCount--;
    }
  }

  /** The block at `index` ('10.244.3.0/24' for index 3 of 10.244.0.0/16). */
  blockText(index: number): string {
    return `${formatIPv4(this.cluster.base + index * 2 ** (32 - this.nodeMaskSize))}/${this.nodeMaskSize}`;
  }

  /** The `n`th block (from 0) that is not used, or undefined: a stateless pick by node index. */
  nthFree(n: number): string | undefined {
    let seen = 0;
    for (let i = 0; i < this.maxCidrs; i++) {
      if (this.used[i]) continue;
      if (seen === n) return this.blockText(i);
      seen++;
    }
    return undefined;
  }

  isUsed(index: number): boolean {
    return this.used[index] === 1;
  }

  /** getBeginningAndEndIndices: the blocks a CIDR covers; the whole set when it contains the cluster CIDR. */
  private indices(input: Cidr | string): [number, number] {
    const cidr = typeof input === 'string' ? parseCidrLoose(input) : input;
    if (!cidr) throw new Error(`not a CIDR: ${String(input)}`);
    if (!overlaps(this.cluster, cidr)) throw new Error(`cidr ${cidr.text} is out the range of cluster cidr ${this.cluster.text}`);
    if (cidr.prefix <= this.cluster.prefix) return [0, this.maxCidrs - 1];
    const blockSize = 2 ** (32 - this.nodeMaskSize);
    const last = cidr.base + 2 ** (32 - cidr.prefix) - 1;
    return [Math.floor((cidr.base - this.cluster.base) / blockSize), Math.floor((last - this.cluster.base) / blockSize)];
  }
}

/** Either contains the other's network address (the overlap test of cidrset and filterOutServiceRange). */
export function overlaps(a: Cidr, b: Cidr): boolean {
  return contains(a, b.base) || contains(b, a.base);
}

function contains(c: Cidr, ip: number): boolean {
  return ip >= c.base && ip < c.base + 2 ** (32 - c.prefix);
}

/**
 * The node IPAM range allocator's set for a cluster: the pod subnet cut into /24s, minus the
 * blocks of the service range when the two overlap (filterOutServiceRange). With a /8 that holds
 * 10.96.0.0/16 (kind's service subnet) that leaves 65,536 - 256 blocks.
 */
export function nodeCidrSet(podSubnet: string = DEFAULT_POD_SUBNET, serviceSubnet: string = DEFAULT_SERVICE_SUBNET): CidrSet {
  const cluster = parseCidrLoose(podSubnet);
  if (!cluster) throw new Error(`not an IPv4 CIDR: ${podSubnet}`);
  const set = new CidrSet(cluster, NODE_CIDR_MASK_SIZE);
  const service = parseCidrLoose(serviceSubnet);
  if (service && overlaps(cluster, service)) set.occupy(service);
  return set;
}

/** RecordNodeStatusChange's event when the range is full (pkg/controller/util/node). */
export function cidrNotAvailableMessage(node: string): string {
  return `Node ${node} status is now: CIDRNotAvailable`;
}
