/**
 * Reading status conditions and phases of observed objects, the way kubectl and the controllers
 * read them (metav1.Condition / PodCondition: `status` is the string "True", "False" or "Unknown").
 */
import { isBeingDeleted, type KObject } from '../kube/object';

export interface ObservedCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export function conditionOf(obj: KObject, type: string): ObservedCondition | undefined {
  const conditions = statusOf(obj)?.conditions;
  if (!Array.isArray(conditions)) return undefined;
  return conditions.find((c): c is ObservedCondition => typeof c === 'object' && c !== null && c.type === type);
}

export function conditionIsTrue(obj: KObject, type: string): boolean {
  return conditionOf(obj, type)?.status === 'True';
}

/** Pod (and Node) readiness: the Ready condition is True (podutil.IsPodReady). */
export function isReady(obj: KObject): boolean {
  return conditionIsTrue(obj, 'Ready');
}

/** Counted by `readyCount`: Ready and not being deleted (a terminating pod is leaving the set). */
export function isReadyAndServing(obj: KObject): boolean {
  return isReady(obj) && !isBeingDeleted(obj);
}

export function phaseOf(obj: KObject): unknown {
  return statusOf(obj)?.phase;
}

/** "condition Ready is False: ContainersNotReady" or "no Ready condition": context for messages. */
export function describeCondition(obj: KObject, type: string): string {
  const c = conditionOf(obj, type);
  if (!c) return `no ${type} condition`;
  return `condition ${type} is ${c.status}${c.reason ? `: ${c.reason}` : ''}`;
}

function statusOf(obj: KObject): Record<string, unknown> | undefined {
  const s = obj.status;
  return typeof s === 'object' && s !== null ? (s as Record<string, unknown>) : undefined;
}
