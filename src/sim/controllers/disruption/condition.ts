/**
 * The PDB's DisruptionAllowed condition, shared by the disruption controller and the eviction
 * subresource as upstream shares k8s.io/component-helpers/apps/poddisruptionbudget (helpers.go
 * UpdateDisruptionAllowedCondition, ConditionsAreUpToDate), written with metav1 semantics
 * (apimachinery pkg/api/meta/conditions.go SetStatusCondition).
 */
import { DISRUPTION_ALLOWED, INSUFFICIENT_PODS, SUFFICIENT_PODS, type PdbCondition, type PdbObj, type PdbStatus } from './types';

export interface ConditionChange {
  type: string;
  status: 'True' | 'False';
  reason: string;
  message?: string;
  observedGeneration?: number;
}

/**
 * meta.SetStatusCondition: adds the condition (stamped `now`) or updates the existing one in
 * place; lastTransitionTime moves only when the status flips. Returns a new list.
 */
export function setStatusCondition(conditions: readonly PdbCondition[] | undefined, change: ConditionChange, now: string): PdbCondition[] {
  const list = (conditions ?? []).map((c) => ({ ...c }));
  const existing = list.find((c) => c.type === change.type);
  if (!existing) {
    list.push(metav1Condition(change, now));
    return list;
  }
  if (existing.status !== change.status) {
    existing.status = change.status;
    existing.lastTransitionTime = now;
  }
  existing.reason = change.reason;
  existing.message = change.message ?? '';
  if (change.observedGeneration) existing.observedGeneration = change.observedGeneration;
  else delete existing.observedGeneration;
  return list;
}

/** metav1.Condition as JSON: reason and message carry no omitempty; observedGeneration does. */
function metav1Condition(change: ConditionChange, now: string): PdbCondition {
  return {
    type: change.type,
    status: change.status,
    ...(change.observedGeneration ? { observedGeneration: change.observedGeneration } : {}),
    lastTransitionTime: now,
    reason: change.reason,
    message: change.message ?? '',
  };
}

/** UpdateDisruptionAllowedCondition: True/SufficientPods while disruptions are allowed, else False/InsufficientPods. */
export function withDisruptionAllowedCondition(status: PdbStatus, now: string): PdbStatus {
  const allowed = status.disruptionsAllowed > 0;
  const conditions = setStatusCondition(status.conditions, {
    type: DISRUPTION_ALLOWED,
    status: allowed ? 'True' : 'False',
    reason: allowed ? SUFFICIENT_PODS : INSUFFICIENT_PODS,
    observedGeneration: status.observedGeneration,
  }, now);
  return { ...status, conditions };
}

/** ConditionsAreUpToDate: the condition exists, the generation is observed and status/reason agree with disruptionsAllowed. */
export function conditionsAreUpToDate(pdb: PdbObj): boolean {
  const status = pdb.status;
  const cond = status?.conditions?.find((c) => c.type === DISRUPTION_ALLOWED);
  if (!status || !cond) return false;
  if ((status.observedGeneration ?? 0) !== (pdb.metadata.generation ?? 0)) return false;
  if (status.disruptionsAllowed > 0) return cond.status === 'True' && cond.reason === SUFFICIENT_PODS;
  return cond.status === 'False' && cond.reason === INSUFFICIENT_PODS;
}
