/**
 * Per-kind registry strategies: what the API server itself does to an object on create, on update
 * and on delete, beyond defaulting and validation (pkg/registry/<group>/<kind>/strategy.go).
 */
import type { Pod, PodStatus } from 'kubernetes-types/core/v1';
import { withCondition } from '../../kube/pod-condition';
import { deepEqual } from '../../kube/equal';
import { mergeLabelKeysIntoSelectors } from '../../kube/pod-label-keys';
import type { KObject } from '../../kube/object';
import { parseQuantity } from '../../kube/quantity';
import { atLeast, type KubeVersion } from '../../kube/version';

/**
 * Kinds whose strategy maintains metadata.generation, bumped when anything but metadata and
 * status changes (the spec; for EndpointSlice, which has no spec, its endpoints and ports —
 * pkg/registry/discovery/endpointslice/strategy.go). Pods joined in 1.33 (KEP-5067: the API
 * server populates pod generation). unverified for kinds not listed.
 */
const GENERATION_KINDS = new Set([
  'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'PodDisruptionBudget', 'EndpointSlice',
]);

export function tracksGeneration(kind: string, v: KubeVersion): boolean {
  return GENERATION_KINDS.has(kind) || (kind === 'Pod' && atLeast(v, '1.33'));
}

/**
 * applySchedulingGatedCondition (pkg/registry/core/pod/strategy.go PrepareForCreate): a pod created
 * with scheduling gates starts with PodScheduled False, reason SchedulingGated, so that it shows as
 * gated before the scheduler has seen it (UpdatePodCondition stamps the transition time).
 */
function pendingPodStatus(pod: Pod, now: string): PodStatus {
  const pending: PodStatus = { phase: 'Pending' };
  if (!(pod.spec?.schedulingGates ?? []).length) return pending;
  return withCondition(pending, { type: 'PodScheduled', status: 'False', reason: 'SchedulingGated', message: 'Scheduling is blocked due to non-empty scheduling gates' }, now) ?? pending;
}

/**
 * Status the API server writes at create time. Upstream PrepareForCreate drops any user-supplied
 * status for kinds with a status subresource; pods start Pending with their QoS class
 * (pkg/registry/core/pod/strategy.go), claims and volumes start Pending, namespaces Active.
 */
export function initialStatus(obj: KObject, now: string): unknown {
  switch (obj.kind) {
    case 'Pod':
      return { ...pendingPodStatus(obj as unknown as Pod, now), qosClass: qosClass(obj as unknown as Pod) };
    case 'PersistentVolumeClaim':
    case 'PersistentVolume':
      return { phase: 'Pending' };
    case 'Namespace':
      return { phase: 'Active' };
    case 'PodDisruptionBudget':
      // policy/v1 PodDisruptionBudgetStatus: these four counts have no omitempty either.
      return { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 };
    case 'DaemonSet':
      // DaemonSetStatus's four counts have no omitempty: an empty status still shows them.
      return { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 };
    case 'Node':
      return obj.status ?? {};
    default:
      return undefined;
  }
}

/**
 * Pod QoS class (pkg/apis/core/helper/qos): Guaranteed when every container has cpu and memory
 * limits equal to requests, BestEffort when no container sets any request or limit, else Burstable.
 */
export function qosClass(pod: Pod): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    if (Object.keys(req).length || Object.keys(lim).length) any = true;
    for (const r of ['cpu', 'memory']) {
      const l = lim[r];
      // requests default to limits when only limits are given
      const q = req[r] ?? l;
      if (l === undefined || parseQuantity(q as string) !== parseQuantity(l as string)) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/**
 * Grace period for deleting a pod (pkg/registry/core/pod/strategy.go CheckGracefulDelete): the
 * request's value, else the pod's terminationGracePeriodSeconds; but a pod never bound to a node,
 * or already Succeeded/Failed, is deleted at once since no kubelet has anything to stop.
 */
export function podGracePeriod(pod: Pod, requested: number | undefined): number {
  if (!pod.spec?.nodeName) return 0;
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return 0;
  const g = requested ?? pod.spec?.terminationGracePeriodSeconds ?? 30;
  return Math.max(0, g);
}

/**
 * PersistentVolume status strategy: status.lastPhaseTransitionTime is stamped at create and on
 * every phase change (pkg/registry/core/persistentvolume/strategy.go; feature gate
 * PersistentVolumeLastPhaseTransitionTime, beta and on by default from 1.29, GA in 1.31).
 */
export function withPhaseTransitionTime(obj: KObject, old: KObject | undefined, now: string, _v: KubeVersion): KObject {
  if (obj.kind !== 'PersistentVolume') return obj;
  const status = (obj.status ?? {}) as { phase?: string };
  const before = (old?.status as { phase?: string } | undefined)?.phase;
  if (old && status.phase === before) return obj;
  return { ...obj, status: { ...status, lastPhaseTransitionTime: now } };
}

// ---- namespaces (pkg/registry/core/namespace/strategy.go, storage/storage.go) -----------------

/** v1.FinalizerKubernetes: the namespace controller's token in spec.finalizers. */
export const NAMESPACE_FINALIZER = 'kubernetes';

type NamespaceSpec = { finalizers?: string[] };

export function namespaceFinalizers(ns: KObject): string[] {
  return (ns.spec as NamespaceSpec | undefined)?.finalizers ?? [];
}

/** A namespace with spec.finalizers replaced; an empty list is dropped, as omitempty serialises it. */
function withNamespaceFinalizers(ns: KObject, finalizers: string[]): KObject {
  const spec: NamespaceSpec = { ...(ns.spec as NamespaceSpec | undefined) };
  if (finalizers.length) spec.finalizers = [...finalizers];
  else delete spec.finalizers;
  return { ...ns, spec };
}

/**
 * Strategy PrepareForCreate: a namespace always starts with the `kubernetes` finalizer, appended
 * after any the user gave — it is not a default, since it may later be removed (by /finalize).
 */
export function prepareForCreate(obj: KObject, v: KubeVersion): KObject {
  if (obj.kind === 'Pod') return mergeLabelKeysIntoSelectors(obj, v);
  if (obj.kind === 'DaemonSet') return withTemplateGeneration(obj, Math.max(1, templateGenerationOf(obj)));
  if (obj.kind !== 'Namespace') return obj;
  const finalizers = namespaceFinalizers(obj);
  return finalizers.includes(NAMESPACE_FINALIZER) ? obj : withNamespaceFinalizers(obj, [...finalizers, NAMESPACE_FINALIZER]);
}

/**
 * Namespace PrepareForUpdate: a plain update cannot change spec.finalizers (the old ones are
 * kept); only the finalize subresource (FinalizeStrategy) writes them, from the request as sent
 * — `requested` is the client's object before defaulting. Status is kept by the store already.
 */
export function prepareForUpdate(obj: KObject, old: KObject, requested: KObject, subresource?: 'status' | 'finalize' | 'resize'): KObject {
  if (obj.kind === 'DaemonSet') return daemonSetForUpdate(obj, old, subresource);
  if (obj.kind !== 'Namespace' || subresource === 'status') return obj;
  return withNamespaceFinalizers(obj, namespaceFinalizers(subresource === 'finalize' ? requested : old));
}

/**
 * ShouldDeleteDuringUpdate (apiserver registry/generic/registry/store.go): an update that leaves a
 * terminating object with no finalizers removes it, once its grace period is over (none or 0) — so
 * a kubelet status write during a pod's graceful termination does not end it early. Namespaces
 * also need empty spec.finalizers (ShouldDeleteNamespaceDuringUpdate).
 */
export function shouldDeleteDuringUpdate(obj: KObject, old: KObject): boolean {
  if (!old.metadata.deletionTimestamp || (old.metadata.deletionGracePeriodSeconds ?? 0) !== 0) return false;
  if ((obj.metadata.finalizers ?? []).length) return false;
  return obj.kind !== 'Namespace' || namespaceFinalizers(obj).length === 0;
}

/**
 * The first DELETE of a namespace (storage.go REST.Delete): it is not removed but marked — a
 * deletionTimestamp (and no grace period) and phase Terminating — with the metadata.finalizers
 * the store chose for the request's propagation policy.
 */
export function beginNamespaceDeletion(old: KObject, now: string, finalizers: string[]): KObject {
  const status = { ...(old.status as Record<string, unknown> | undefined), phase: 'Terminating' };
  const metadata: KObject['metadata'] = { ...old.metadata, deletionTimestamp: now, finalizers };
  if (!finalizers.length) delete metadata.finalizers;
  return { ...old, metadata, status };
}

// ---- DaemonSets (pkg/registry/apps/daemonset/strategy.go; apps/v1 conversion) -----------------

/**
 * apps/v1 has no spec.templateGeneration: the conversion keeps the internal field in this
 * annotation, which every DaemonSet read through apps/v1 therefore carries (the DaemonSet
 * controller labels pods pod-template-generation with it).
 */
export const DAEMONSET_TEMPLATE_GENERATION = 'deprecated.daemonset.template.generation';

/** The internal templateGeneration: the annotation when it parses as an integer, else 0. */
function templateGenerationOf(obj: KObject): number {
  const text = obj.metadata.annotations?.[DAEMONSET_TEMPLATE_GENERATION];
  return text !== undefined && /^[+-]?\d+$/.test(text) ? Number(text) : 0;
}

function withTemplateGeneration(obj: KObject, generation: number): KObject {
  const annotations = { ...(obj.metadata.annotations ?? {}), [DAEMONSET_TEMPLATE_GENERATION]: String(generation) };
  return { ...obj, metadata: { ...obj.metadata, annotations } };
}

/**
 * PrepareForCreate starts templateGeneration at 1 (or keeps a higher value given); an update
 * cannot set it: it stays the stored one, plus one when spec.template changed (never on a status
 * write, whose spec is the stored one).
 */
function daemonSetForUpdate(obj: KObject, old: KObject, subresource?: 'status' | 'finalize' | 'resize'): KObject {
  const before = templateGenerationOf(old);
  const spec = (o: KObject) => (o.spec as { template?: unknown } | undefined)?.template;
  const changed = subresource !== 'status' && !deepEqual(spec(obj), spec(old));
  return withTemplateGeneration(obj, changed ? before + 1 : before);
}
