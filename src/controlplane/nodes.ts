/**
 * The Node objects of a control plane's fake nodes, shaped like the scenario's cluster.nodes: what
 * a kind node's kubelet registers (labels, addresses, capacity = allocatable, node info), what
 * kubeadm adds (the control-plane role label and taint), the scenario's own labels, annotations
 * and taints, and KWOK's annotation. Conditions are left to KWOK's node stage (the kubelet's
 * status loop); the node-lifecycle controller and the TaintNodesByCondition admission plugin do
 * the rest, as on a real cluster.
 */
import type { NodeRequest } from '../kube/cluster-request';
import type { KObject } from '../kube/object';
import { nodeCapacity, nodeLabels, nodeTaints } from '../kube/node-shape';

/** KWOK's conventional marker of a node it fakes. */
export const KWOK_NODE_ANNOTATION = 'kwok.x-k8s.io/node';

export interface NodeAddressing {
  internalIP: string;
  podCIDR: string;
}

/**
 * Addresses for the i-th node: kind's docker network (172.18.0.2 up) and a /24 of the cluster
 * CIDR each (the node IPAM controller keeps a CIDR already set). Up to 250 nodes.
 */
export function nodeAddressing(index: number): NodeAddressing {
  if (!Number.isInteger(index) || index < 0 || index > 249) throw new RangeError(`node index ${index}: from 0 to 249`);
  return { internalIP: `172.18.0.${index + 2}`, podCIDR: `10.244.${index}.0/24` };
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
      podCIDR: addr.podCIDR,
      podCIDRs: [addr.podCIDR],
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
  if (!Number.isInteger(count) || count < 1 || count > 250) throw new RangeError('--nodes: from 1 to 250');
  const nodes: NodeRequest[] = [{ name: 'control-plane', role: 'control-plane' }];
  for (let i = 1; i < count; i++) nodes.push({ name: `worker-${i}`, role: 'worker' });
  return nodes;
}
