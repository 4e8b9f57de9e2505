/**
 * Setting a pod condition the way podutil.UpdatePodCondition does (used by the scheduler and the
 * pods/binding subresource).
 */
import type { PodCondition, PodStatus } from 'kubernetes-types/core/v1';
import type { Mutable } from './object';

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
