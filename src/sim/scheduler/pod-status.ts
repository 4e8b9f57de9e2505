/**
 * How the scheduler's writes change a pod: the PodScheduled condition (podutil.UpdatePodCondition)
 * and the pods/binding subresource (pkg/registry/core/pod/storage/storage.go
 * setPodNodeAndMetadata). Pure functions over pod objects; binding.ts performs the writes.
 */
import type { Pod, PodCondition, PodStatus } from 'kubernetes-types/core/v1';
import { ApiError } from '../../errors';
import type { Mutable } from '../../k8s/object';
import type { KubeVersion } from '../../k8s/version';
import { schedulerFeatures } from './features';

/** PodCondition with observedGeneration (1.33+ API; newer than the bundled types). */
type Condition = PodCondition & { observedGeneration?: number };

export interface ConditionChange {
  type: string;
  status: 'True' | 'False';
  reason?: string;
  message?: string;
  /** set when pod conditions track observedGeneration (PodObservedGenerationTracking) */
  observedGeneration?: number;
}

/**
 * UpdatePodCondition: adds or replaces the condition; lastTransitionTime moves only when the
 * status flips. Returns the new status, or undefined when nothing changed.
 */
export function withCondition(status: PodStatus | undefined, change: ConditionChange, now: string): PodStatus | undefined {
  // Shallow copies: store objects are frozen and untouched subtrees can be shared.
  const next: Mutable<PodStatus> = { ...(status ?? {}) };
  const conditions = [...((next.conditions ?? []) as Condition[])];
  const i = conditions.findIndex((c) => c.type === change.type);
  const old = i >= 0 ? conditions[i] : undefined;
  const cond: Condition = {
    type: change.type,
    ...(change.observedGeneration ? { observedGeneration: change.observedGeneration } : {}),
    status: change.status,
    lastProbeTime: null as unknown as string,
    lastTransitionTime: old && old.status === change.status ? old.lastTransitionTime : now,
    ...(change.reason ? { reason: change.reason } : {}),
    ...(change.message ? { message: change.message } : {}),
  };
  if (old && sameCondition(old, cond)) return undefined;
  if (i >= 0) conditions[i] = cond;
  else conditions.push(cond);
  next.conditions = conditions;
  return next;
}

function sameCondition(a: Condition, b: Condition): boolean {
  return a.status === b.status && (a.reason ?? '') === (b.reason ?? '') && (a.message ?? '') === (b.message ?? '') &&
    (a.lastTransitionTime ?? '') === (b.lastTransitionTime ?? '') && (a.observedGeneration ?? 0) === (b.observedGeneration ?? 0);
}

export interface BindingOptions {
  now: string;
  /** PodObservedGenerationTracking: the condition carries the pod's generation */
  observedGeneration: boolean;
  /** ClearingNominatedNodeNameAfterBinding (beta 1.35): the binding clears status.nominatedNodeName */
  clearNominatedNodeName: boolean;
}

/**
 * The pods/binding subresource on a pod: refused for a pod being deleted, already assigned or
 * still gated; otherwise sets spec.nodeName and PodScheduled=True. The API server writes this
 * without the pod strategy, so metadata.generation does not move.
 */
export function applyBinding(pod: Pod, node: string, opts: BindingOptions): Pod {
  const name = pod.metadata?.name ?? '';
  if (pod.metadata?.deletionTimestamp) throw new ApiError(500, 'InternalError', `pod ${name} is being deleted, cannot be assigned to a host`);
  if (pod.spec?.nodeName) {
    throw new ApiError(409, 'Conflict', `Operation cannot be fulfilled on pods/binding "${name}": pod ${name} is already assigned to node "${pod.spec.nodeName}"`);
  }
  if (pod.spec?.schedulingGates?.length) {
    throw new ApiError(409, 'Conflict', `Operation cannot be fulfilled on pods/binding "${name}": pod ${name} has non-empty .spec.schedulingGates`);
  }
  const next: Mutable<Pod> = { ...pod, metadata: { ...pod.metadata }, spec: { ...pod.spec!, nodeName: node } };
  const generation = opts.observedGeneration ? pod.metadata?.generation : undefined;
  const status: Mutable<PodStatus> = withCondition(pod.status, { type: 'PodScheduled', status: 'True', observedGeneration: generation }, opts.now) ?? { ...(pod.status ?? {}) };
  if (opts.clearNominatedNodeName) delete status.nominatedNodeName;
  next.status = status;
  return next;
}

/** The binding options of an emulated version, for an API server serving pods/binding. */
export function bindingOptions(version: KubeVersion, now: string): BindingOptions {
  const f = schedulerFeatures(version);
  return { now, observedGeneration: f.conditionObservedGeneration, clearNominatedNodeName: f.nominatedNodeNameForExpectation };
}
