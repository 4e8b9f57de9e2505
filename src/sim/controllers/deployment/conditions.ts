/**
 * Deployment conditions (deployment_util.go NewDeploymentCondition, SetDeploymentCondition,
 * RemoveDeploymentCondition, ReplicaSetToDeploymentCondition).
 */
import type { ReplicaSetCondition } from 'kubernetes-types/apps/v1';
import type { Condition, DeploymentStatusT } from './types';

export function newCondition(type: string, status: 'True' | 'False' | 'Unknown', reason: string, message: string, now: string): Condition {
  return { type, status, lastUpdateTime: now, lastTransitionTime: now, reason, message };
}

export function getCondition(status: DeploymentStatusT | undefined, type: string): Condition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

/**
 * SetDeploymentCondition: no change when status and reason are the same; the transition time is
 * kept when only the reason changes; the condition moves to the end of the list.
 */
export function setCondition(status: DeploymentStatusT, cond: Condition): void {
  const cur = getCondition(status, cond.type);
  if (cur && cur.status === cond.status && cur.reason === cond.reason) return;
  const next = { ...cond };
  if (cur && cur.status === cond.status) next.lastTransitionTime = cur.lastTransitionTime;
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== cond.type), next];
}

export function removeCondition(status: DeploymentStatusT, type: string): void {
  const rest = (status.conditions ?? []).filter((c) => c.type !== type);
  if (rest.length) status.conditions = rest;
  else delete status.conditions;
}

export function fromReplicaSetCondition(c: ReplicaSetCondition): Condition {
  return {
    type: c.type, status: c.status, lastTransitionTime: c.lastTransitionTime, lastUpdateTime: c.lastTransitionTime,
    reason: c.reason, message: c.message,
  };
}
