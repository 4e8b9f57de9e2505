/**
 * The kubelet's own admission of a pod bound to its node (pkg/kubelet/lifecycle/predicate.go
 * predicateAdmitHandler, scheduler.AdmissionCheck): OS, resources, node affinity, host ports and
 * NoExecute taints are checked again, because a pod can be bound without the scheduler
 * (spec.nodeName). The first failure rejects the pod.
 */
import type { Container, Node, NodeSelectorRequirement, NodeSelectorTerm, Pod, Taint, Toleration } from 'kubernetes-types/core/v1';
import { parseQuantity } from '../../kube/quantity';
import { PortIndex } from '../scheduler/node-info';
import { hostPorts } from '../scheduler/pod-info';

export type AdmitResult = { admit: true } | { admit: false; reason: string; message: string };

const REJECT_REASONS: Record<string, string> = { cpu: 'OutOfcpu', memory: 'OutOfmemory', 'ephemeral-storage': 'OutOfephemeral-storage', pods: 'OutOfpods' };

/** The simulated kubelets run on Linux (runtime.GOOS). */
const KUBELET_OS = 'linux';

/**
 * The active pods already on the node, as admission reads them: their number always, the pods
 * themselves only when the new pod requests a resource or a host port (most pods of a large run
 * request neither, and listing a node's pods at every admission grew with the pods per node).
 */
export interface NodePods {
  readonly count: number;
  list(): readonly Pod[];
}

/** NodePods of a list in hand. */
export function nodePods(list: readonly Pod[]): NodePods {
  return { count: list.length, list: () => list };
}

export function admitPod(pod: Pod, node: Node, activePods: NodePods): AdmitResult {
  // rejectPodAdmissionBasedOnOSSelector compares with the node's label, which it first overwrites
  // with the kubelet's own OS (runtime.GOOS) when missing or different: in effect with linux.
  const osLabel = pod.metadata?.labels?.['kubernetes.io/os'];
  if (osLabel !== undefined && osLabel !== KUBELET_OS) {
    return reject('PodOSSelectorNodeLabelDoesNotMatch', "Failed to admit pod as the `kubernetes.io/os` label doesn't match node label");
  }
  if (pod.spec?.os?.name && pod.spec.os.name !== KUBELET_OS) {
    return reject('PodOSNotSupported', "Failed to admit pod as the OS field doesn't match node OS");
  }
  const insufficient = insufficientResource(pod, node, activePods);
  if (insufficient) {
    return reject(REJECT_REASONS[insufficient.name] ?? `OutOf${insufficient.name}`,
      `Node didn't have enough resource: ${insufficient.name}, requested: ${insufficient.requested}, used: ${insufficient.used}, capacity: ${insufficient.capacity}`);
  }
  if (!matchesNodeSelector(pod, node)) {
    return reject('NodeAffinity', "Predicate NodeAffinity failed: node(s) didn't match Pod's node affinity/selector");
  }
  if (hostPortConflict(pod, activePods)) {
    return reject('NodePorts', "Predicate NodePorts failed: node(s) didn't have free ports for the requested pod ports");
  }
  if (untoleratedNoExecute(node.spec?.taints ?? [], pod.spec?.tolerations ?? [])) {
    return reject('TaintToleration', "Predicate TaintToleration failed: node(s) had taints that the pod didn't tolerate");
  }
  return { admit: true };
}

function reject(reason: string, message: string): AdmitResult {
  return { admit: false, reason, message };
}

interface Insufficient {
  name: string;
  requested: number;
  used: number;
  capacity: number;
}

/** noderesources.Fits: pods first, then cpu (millicores), memory and ephemeral storage (bytes). */
function insufficientResource(pod: Pod, node: Node, others: NodePods): Insufficient | undefined {
  const allocatable = node.status?.allocatable ?? {};
  const maxPods = quantity(allocatable.pods);
  if (others.count + 1 > maxPods) return { name: 'pods', requested: 1, used: others.count, capacity: maxPods };
  for (const name of ['cpu', 'memory', 'ephemeral-storage']) {
    const requested = podRequest(pod, name);
    if (requested === 0) continue;
    const used = others.list().reduce((sum, p) => sum + podRequest(p, name), 0);
    const capacity = scaled(name, quantity(allocatable[name]));
    if (requested > capacity - used) return { name, requested, used, capacity };
  }
  return undefined;
}

/** Effective request (resource helpers PodRequests): max(sum of containers, largest init container) + overhead. */
export function podRequest(pod: Pod, name: string): number {
  const request = (c: Container) => scaled(name, quantity(c.resources?.requests?.[name]));
  const containers = (pod.spec?.containers ?? []).reduce((sum, c) => sum + request(c), 0);
  const init = Math.max(0, ...(pod.spec?.initContainers ?? []).map(request));
  return Math.max(containers, init) + scaled(name, quantity(pod.spec?.overhead?.[name]));
}

function quantity(q: string | number | undefined): number {
  return q === undefined ? 0 : (parseQuantity(q) ?? 0);
}

/** cpu in millicores (rounded up like Quantity.MilliValue), everything else in whole units. */
function scaled(name: string, value: number): number {
  return name === 'cpu' ? Math.ceil(value * 1000) : Math.ceil(value);
}

function matchesNodeSelector(pod: Pod, node: Node): boolean {
  const labels = node.metadata?.labels ?? {};
  for (const [k, v] of Object.entries(pod.spec?.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!terms) return true;
  return terms.some((t) => termMatches(t, labels, node.metadata?.name ?? ''));
}

/** A term matches when all its expressions do; an empty term matches nothing. */
function termMatches(term: NodeSelectorTerm, labels: Record<string, string>, nodeName: string): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (!exprs.length && !fields.length) return false;
  return exprs.every((e) => requirementMatches(e, labels[e.key])) &&
    fields.every((f) => f.key === 'metadata.name' && requirementMatches(f, nodeName));
}

function requirementMatches(r: NodeSelectorRequirement, value: string | undefined): boolean {
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In': return value !== undefined && values.includes(value);
    case 'NotIn': return value === undefined || !values.includes(value);
    case 'Exists': return value !== undefined;
    case 'DoesNotExist': return value === undefined;
    case 'Gt': return value !== undefined && Number(value) > Number(values[0]);
    case 'Lt': return value !== undefined && Number(value) < Number(values[0]);
    default: return false;
  }
}

/**
 * nodeports.Fits over the node's active pods: the same protocol and port conflict only on the
 * same host IP, or when either side listens on 0.0.0.0 (HostPortInfo.CheckConflict).
 */
function hostPortConflict(pod: Pod, others: NodePods): boolean {
  const wanted = hostPorts(pod);
  if (!wanted.length) return false;
  const used = new PortIndex();
  for (const o of others.list()) for (const p of hostPorts(o)) used.add(p, 1);
  return wanted.some((p) => used.conflicts(p));
}

/** v1helper.TolerationsTolerateTaint, for the only effect the kubelet admits on: NoExecute. */
function untoleratedNoExecute(taints: readonly Taint[], tolerations: readonly Toleration[]): boolean {
  return taints.some((t) => t.effect === 'NoExecute' && !tolerations.some((tol) => tolerates(tol, t)));
}

function tolerates(tol: Toleration, taint: Taint): boolean {
  if (tol.effect && tol.effect !== taint.effect) return false;
  if (tol.key && tol.key !== taint.key) return false;
  if (tol.operator === 'Exists') return true;
  return (tol.operator === undefined || tol.operator === 'Equal') && tol.key === taint.key && (tol.value ?? '') === (taint.value ?? '');
}
