/**
 * What every node of a kind-like cluster carries, whoever makes its Node object (the simulated
 * kubelet, or a local control plane for KWOK's nodes): the labels the kubelet registers
 * (pkg/kubelet/kubelet_node_status.go initialNode), what kubeadm adds on a control-plane node
 * (role label, exclusion from external load balancers, the NoSchedule taint), the scenario's own
 * labels and taints, and its capacity with the format's defaults.
 */
import type { NodeRequest } from './cluster-request';

export const CONTROL_PLANE_ROLE_LABEL = 'node-role.kubernetes.io/control-plane';

/** Chosen defaults for a node whose request names no capacity: a mid-size CI machine. */
export const DEFAULT_NODE_CAPACITY: Readonly<Record<string, string>> = {
  cpu: '8',
  'ephemeral-storage': '100Gi',
  'hugepages-1Gi': '0',
  'hugepages-2Mi': '0',
  memory: '16Gi',
  // kubelet maxPods default
  pods: '110',
};

export function isControlPlane(req: NodeRequest): boolean {
  return req.role === 'control-plane';
}

export function nodeLabels(req: NodeRequest): Record<string, string> {
  return {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': req.name,
    'kubernetes.io/os': 'linux',
    // kubeadm marks control-plane nodes and excludes them from external load balancers
    ...(isControlPlane(req) ? { [CONTROL_PLANE_ROLE_LABEL]: '', 'node.kubernetes.io/exclude-from-external-load-balancers': '' } : {}),
    ...req.labels,
  };
}

/** kubeadm's control-plane taint, then the scenario's taints (an empty value left out). */
export function nodeTaints(req: NodeRequest): Array<Record<string, string>> {
  const taints: Array<Record<string, string>> = isControlPlane(req) ? [{ key: CONTROL_PLANE_ROLE_LABEL, effect: 'NoSchedule' }] : [];
  for (const t of req.taints ?? []) taints.push(t.value === undefined ? { key: t.key, effect: t.effect } : { ...t } as Record<string, string>);
  return taints;
}

/** The scenario's capacity over the defaults; kind reserves nothing, so it is also allocatable. */
export function nodeCapacity(req: NodeRequest): Record<string, string> {
  const capacity: Record<string, string> = { ...DEFAULT_NODE_CAPACITY };
  for (const [k, v] of Object.entries(req.capacity ?? {})) if (v !== undefined) capacity[k] = String(v);
  return capacity;
}
