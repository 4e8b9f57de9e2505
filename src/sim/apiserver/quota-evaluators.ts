/**
 * What a ResourceQuota counts for each kind: the quota evaluators of pkg/quota/v1/evaluator/core
 * (pods, services, persistentvolumeclaims) and the generic object-count evaluator of
 * k8s.io/apiserver pkg/quota/v1/generic for every other kind (`count/<resource>[.<group>]`, plus
 * the legacy names configmaps, secrets, replicationcontrollers and resourcequotas). Shared by the
 * ResourceQuota admission plugin and the resource quota controller, as upstream shares them.
 * Not emulated: DRA resource claims and extended resources, the VolumeAttributesClass and
 * CrossNamespacePodAffinity scopes, ephemeral storage is counted but nothing limits it here.
 */
import type { PersistentVolumeClaim, Pod, ResourceQuota, ScopedResourceSelectorRequirement, Service } from 'kubernetes-types/core/v1';
import type { KObject } from '../../kube/object';
import { matches } from '../../kube/labels';
import { typeForKind } from '../../kube/registry';
import { addLists, podTotals, q, toQList, type Q, type QList } from '../../kube/resource-list';
import { qosClass } from './strategy';

export type QuotaOperation = 'CREATE' | 'UPDATE';

export interface QuotaEvaluator {
  /** whether a request of this kind can change usage (Evaluator.Handles) */
  handles(op: QuotaOperation, obj: KObject, old: KObject | undefined, subresource?: string): boolean;
  /** the quota resource names this kind is charged for (MatchingResources) */
  matchingResources(names: readonly string[]): string[];
  /** one scope selector against the object; kinds without scopes never match one */
  matchesScope(sel: ScopedResourceSelectorRequirement, obj: KObject): boolean;
  usage(obj: KObject, nowMs: number, parseTime: (t: string) => number): QList;
  /** the pods evaluator's "must specify" rule (Evaluator.Constraints); undefined when met */
  constraints?(required: readonly string[], obj: KObject): string | undefined;
}

/** Kinds upstream never charges (install/registry.go ignoredResources, the served ones). */
const IGNORED_KINDS = new Set(['Event']);

const ONE: Q = { value: 1, format: 'DecimalSI' };

/** generic.ObjectCountQuotaResourceNameFor */
export function objectCountName(kind: string): string {
  const t = typeForKind(kind);
  return t.group ? `count/${t.plural}.${t.group}` : `count/${t.plural}`;
}

/** legacyObjectCountAliases */
const LEGACY_ALIASES: Record<string, string> = {
  ConfigMap: 'configmaps', ResourceQuota: 'resourcequotas', ReplicationController: 'replicationcontrollers', Secret: 'secrets',
};

function objectCountEvaluator(kind: string): QuotaEvaluator {
  const names = [objectCountName(kind), ...(LEGACY_ALIASES[kind] ? [LEGACY_ALIASES[kind]!] : [])];
  return {
    handles: (op) => op === 'CREATE',
    matchingResources: (input) => input.filter((n) => names.includes(n)),
    matchesScope: () => false,
    usage: () => Object.fromEntries(names.map((n) => [n, ONE])),
  };
}

// ---- pods -------------------------------------------------------------------------------------------

const POD_RESOURCES = [
  'count/pods', 'cpu', 'memory', 'ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage',
  'limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'pods',
];
const POD_RESOURCE_PREFIXES = ['hugepages-', 'requests.hugepages-'];
/** The resources each container must state once a quota limits them (validationSet; "a mistake" upstream). */
const VALIDATION_SET = new Set(['cpu', 'memory', 'requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory']);

/** podComputeUsageHelper */
function computeUsage(requests: QList, limits: QList): QList {
  const out: QList = { pods: ONE };
  for (const r of ['cpu', 'memory', 'ephemeral-storage']) {
    if (requests[r]) out[r] = out[`requests.${r}`] = requests[r]!;
    if (limits[r]) out[`limits.${r}`] = limits[r]!;
  }
  for (const [name, v] of Object.entries(requests)) {
    if (name.startsWith('hugepages-')) out[name] = out[`requests.${name}`] = v;
  }
  return out;
}

/** IsTerminating: the pod has an activeDeadlineSeconds. */
export function isTerminatingPod(pod: Pod): boolean {
  const d = pod.spec?.activeDeadlineSeconds;
  return d !== undefined && d !== null && d >= 0;
}

/** QuotaV1Pod: terminal pods, and pods whose deletion grace period has run out, are not charged. */
export function chargedPod(pod: Pod, nowMs: number, parseTime: (t: string) => number): boolean {
  if (pod.status?.phase === 'Failed' || pod.status?.phase === 'Succeeded') return false;
  const ts = pod.metadata?.deletionTimestamp;
  const grace = pod.metadata?.deletionGracePeriodSeconds;
  return !(ts && grace !== undefined && grace !== null && nowMs > parseTime(ts) + grace * 1000);
}

function podMatchesScope(sel: ScopedResourceSelectorRequirement, pod: Pod): boolean {
  switch (sel.scopeName) {
    case 'Terminating': return isTerminatingPod(pod);
    case 'NotTerminating': return !isTerminatingPod(pod);
    case 'BestEffort': return qosClass(pod) === 'BestEffort';
    case 'NotBestEffort': return qosClass(pod) !== 'BestEffort';
    case 'PriorityClass': {
      const name = pod.spec?.priorityClassName;
      if (sel.operator === 'Exists') return !!name;
      const labels: Record<string, string> = name ? { PriorityClass: name } : {};
      return matches([{ key: 'PriorityClass', operator: sel.operator as 'In', values: sel.values ?? [] }], labels);
    }
    default: return false;
  }
}

function podConstraints(required: readonly string[], pod: Pod): string | undefined {
  // With pod-level resources (PodLevelResources) containers need not state any.
  const podLevel = (pod.spec as { resources?: { requests?: object; limits?: object } } | undefined)?.resources;
  if (podLevel?.requests || podLevel?.limits) return undefined;
  const wanted = required.filter((r) => VALIDATION_SET.has(r));
  const missing = new Map<string, Set<string>>();
  for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) {
    const has = computeUsage(toQList(c.resources?.requests as Record<string, string>), toQList(c.resources?.limits as Record<string, string>));
    for (const r of wanted) if (!has[r]) missing.set(r, (missing.get(r) ?? new Set()).add(c.name));
  }
  if (!missing.size) return undefined;
  const parts = [...missing.keys()].sort().map((r) => `${r} for: ${[...missing.get(r)!].sort().join(',')}`);
  return `must specify ${parts.join('; ')}`;
}

const podEvaluator: QuotaEvaluator = {
  // Pod updates matter only when they move the pod between the Terminating scopes.
  // pods.go Handles: create, an update that changes the terminating scope, or a pods/resize update
  handles: (op, obj, old, subresource) => subresource === 'resize' ? op === 'UPDATE'
    : subresource === undefined && (op === 'CREATE' || (!!old && isTerminatingPod(old as unknown as Pod) !== isTerminatingPod(obj as unknown as Pod))),
  matchingResources: (input) => input.filter((n) => POD_RESOURCES.includes(n) || POD_RESOURCE_PREFIXES.some((p) => n.startsWith(p))),
  matchesScope: (sel, obj) => podMatchesScope(sel, obj as unknown as Pod),
  usage: (obj, now, parseTime) => {
    const pod = obj as unknown as Pod;
    const count: QList = { 'count/pods': ONE };
    if (!chargedPod(pod, now, parseTime)) return count;
    const opts = { overhead: true };
    return addLists(count, computeUsage(podTotals(pod, 'requests', opts), podTotals(pod, 'limits', opts)));
  },
  constraints: (required, obj) => podConstraints(required, obj as unknown as Pod),
};

// ---- services ---------------------------------------------------------------------------------------

const SERVICE_RESOURCES = ['count/services', 'services', 'services.loadbalancers', 'services.nodeports'];

const serviceEvaluator: QuotaEvaluator = {
  handles: () => true,
  matchingResources: (input) => input.filter((n) => SERVICE_RESOURCES.includes(n)),
  matchesScope: () => false,
  usage: (obj) => {
    const svc = obj as unknown as Service;
    const ports = svc.spec?.ports ?? [];
    const type = svc.spec?.type;
    const nodePorts = type === 'NodePort' ? ports.length
      : type === 'LoadBalancer' ? (svc.spec?.allocateLoadBalancerNodePorts === false ? ports.filter((p) => p.nodePort).length : ports.length) : 0;
    return {
      'count/services': ONE, services: ONE,
      'services.loadbalancers': { value: type === 'LoadBalancer' ? 1 : 0, format: 'DecimalSI' },
      'services.nodeports': { value: nodePorts, format: 'DecimalSI' },
    };
  },
};

// ---- persistent volume claims -----------------------------------------------------------------------

const PVC_RESOURCES = ['persistentvolumeclaims', 'requests.storage'];
const STORAGE_CLASS_SUFFIX = '.storageclass.storage.k8s.io/';

/** storagehelpers.GetPersistentVolumeClaimClass: the beta annotation wins over the field. */
function claimClass(pvc: PersistentVolumeClaim): string {
  return pvc.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? pvc.spec?.storageClassName ?? '';
}

const pvcEvaluator: QuotaEvaluator = {
  handles: () => true,
  matchingResources: (input) => input.filter((n) => n === 'count/persistentvolumeclaims' || PVC_RESOURCES.includes(n)
    || PVC_RESOURCES.some((r) => n.endsWith(STORAGE_CLASS_SUFFIX + r))),
  matchesScope: () => false,
  usage: (obj) => {
    const pvc = obj as unknown as PersistentVolumeClaim;
    const cls = claimClass(pvc);
    const out: QList = { persistentvolumeclaims: ONE, 'count/persistentvolumeclaims': ONE };
    if (cls) out[`${cls}${STORAGE_CLASS_SUFFIX}persistentvolumeclaims`] = ONE;
    const storage = pvc.spec?.resources?.requests?.storage as string | undefined;
    if (storage !== undefined) {
      // Counted in whole bytes (issue 94313).
      const s = q(storage);
      const rounded: Q = { value: Math.ceil(s.value), format: s.format };
      out['requests.storage'] = rounded;
      if (cls) out[`${cls}${STORAGE_CLASS_SUFFIX}requests.storage`] = rounded;
    }
    return out;
  },
};

/** The evaluator for a kind, or undefined when quota never charges it. */
export function evaluatorFor(kind: string): QuotaEvaluator | undefined {
  if (IGNORED_KINDS.has(kind)) return undefined;
  if (kind === 'Pod') return podEvaluator;
  if (kind === 'Service') return serviceEvaluator;
  if (kind === 'PersistentVolumeClaim') return pvcEvaluator;
  return objectCountEvaluator(kind);
}

/** The quota's scopes and scopeSelector as one list of requirements (getScopeSelectorsFromQuota). */
export function scopeSelectors(quota: ResourceQuota): ScopedResourceSelectorRequirement[] {
  return [
    ...(quota.spec?.scopes ?? []).map((scopeName) => ({ scopeName, operator: 'Exists' })),
    ...(quota.spec?.scopeSelector?.matchExpressions ?? []),
  ];
}

/** generic.Matches: the quota limits something this kind is charged for, and every scope holds. */
export function quotaMatches(e: QuotaEvaluator, hard: readonly string[], quota: ResourceQuota, obj: KObject): boolean {
  return e.matchingResources(hard).length > 0 && scopeSelectors(quota).every((s) => e.matchesScope(s, obj));
}
