/**
 * The Node objects of a control plane's fake nodes, shaped like the scenario's cluster.nodes: what
 * a kind node's kubelet registers (labels, addresses, capacity = allocatable, node info), what
 * kubeadm adds (the control-plane role label and taint), the scenario's own labels, annotations
 * and taints, and KWOK's annotation. Conditions are left to KWOK's node stage (the kubelet's
 * status loop); the node-lifecycle controller and the TaintNodesByCondition admission plugin do
 * the rest, as on a real cluster.
 */
import type { NodeRequest } from '../kube/cluster-request';
import { formatIPv4, parseCidr } from '../kube/ip';
import type { KObject } from '../kube/object';
import { nodeCapacity, nodeLabels, nodeTaints } from '../kube/node-shape';
import { DEFAULT_POD_SUBNET, nodeCidrSet, type CidrSet } from '../kube/pod-cidrs';

/** KWOK's conventional marker of a node it fakes. */
export const KWOK_NODE_ANNOTATION = 'kwok.x-k8s.io/node';

export interface NodeAddressing {
  internalIP: string;
  /** undefined: the pod subnet has no block left; kcm then records CIDRNotAvailable for the node */
  podCIDR?: string;
}

/** kind's docker network (172.18.0.0/16 on a default Docker install, gateway .1). */
const NODE_NETWORK = parseCidr('172.18.0.0/16');
/** node addresses from .2 to the last before the broadcast address */
export const MAX_NODES = 2 ** (32 - NODE_NETWORK.prefix) - 3;

/** The range allocator's view of each pod subnet, service range taken out (kube/pod-cidrs.ts). */
const cidrSets = new Map<string, CidrSet>();

/**
 * Addresses for the i-th node: kind's docker network (172.18.0.2 up) and the i-th block of the
 * pod subnet that kcm could hand out (a /24 per node; kcm with --allocate-node-cidrs occupies a
 * CIDR already set on a Node). A node past the pod subnet's last block gets none, as on kind.
 */
export function nodeAddressing(index: number, podSubnet: string = DEFAULT_POD_SUBNET): NodeAddressing {
  if (!Number.isInteger(index) || index < 0 || index >= MAX_NODES) throw new RangeError(`node index ${index}: from 0 to ${MAX_NODES - 1}`);
  let set = cidrSets.get(podSubnet);
  if (!set) cidrSets.set(podSubnet, (set = nodeCidrSet(podSubnet)));
  const podCIDR = set.nthFree(index);
  return { internalIP: formatIPv4(NODE_NETWORK.base + index + 2), ...(podCIDR ? { podCIDR } : {}) };
}

export interface NodeInfoFacts {
  /** the control plane's release, reported as the kubelet's version ('v1.35.4') */
  kubernetes: string;
  /** KWOK's release, reported as the container runtime ('v0.8.0') */
  kwok: string;
}

export function nodeObject(req: NodeRequest, addr: NodeAddressing, facts: NodeInfoFacts): KObject {
  const capacity = nodeCapacity(req);
  const taints = nodeTaints(req);
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: req.name,
      labels: nodeLabels(req),
      annotations: {
        [KWOK_NODE_ANNOTATION]: 'fake',
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
        ...req.annotations,
      },
    },
    spec: {
      ...(addr.podCIDR ? { podCIDR: addr.podCIDR, podCIDRs: [addr.podCIDR] } : {}),
      providerID: `kwok://${req.name}`,
      ...(taints.length ? { taints } : {}),
    },
    status: {
      capacity,
      // kind reserves nothing: allocatable equals capacity
      allocatable: { ...capacity },
      addresses: [
        { type: 'InternalIP', address: addr.internalIP },
        { type: 'Hostname', address: req.name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        architecture: 'amd64',
        operatingSystem: 'linux',
        osImage: `KWOK ${facts.kwok}`,
        kernelVersion: '',
        containerRuntimeVersion: `kwok://${facts.kwok}`,
        kubeletVersion: facts.kubernetes,
        machineID: '',
        systemUUID: '',
        bootID: '',
      },
    },
  };
}

/** `--nodes N`: the default cluster's shape with N nodes, a control-plane node then workers. */
export function defaultNodes(count: number): NodeRequest[] {
  if (!Number.isInteger(count) || count < 1 || count > MAX_NODES) throw new RangeError(`--nodes: from 1 to ${MAX_NODES}`);
  const nodes: NodeRequest[] = [{ name: 'control-plane', role: 'control-plane' }];
  for (let i = 1; i < count; i++) nodes.push({ name: `worker-${i}`, role: 'worker' });
  return nodes;
}
