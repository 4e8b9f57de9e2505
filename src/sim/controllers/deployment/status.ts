/**
 * The status a Deployment reports and whether a rollout progresses (sync.go calculateStatus,
 * progress.go syncRolloutStatus, deployment_util.go DeploymentComplete / DeploymentProgressing /
 * DeploymentTimedOut). Pure: callers pass now (virtual ms and API text).
 */
import { atLeast, type KubeVersion } from '../../../kube/version';
import { fromReplicaSetCondition, getCondition, newCondition, removeCondition, setCondition } from './conditions';
import { maxUnavailable } from './fenceposts';
import { actualReplicas, availableReplicas, readyReplicas, specReplicas, terminatingReplicas } from './replica-sets';
import { hasProgressDeadline, Reason, replicasOf, type DeploymentObj, type DeploymentStatusT, type ReplicaSetObj } from './types';

export interface Now {
  ms: number;
  text: string;
  parseTime: (t: string) => number;
}

/** calculateStatus: counts from the ReplicaSets' status, plus the Available condition. Zero counts are omitted (omitempty). */
export function calculateStatus(allRSs: readonly (ReplicaSetObj | undefined)[], newRS: ReplicaSetObj | undefined, d: DeploymentObj, version: KubeVersion, now: Now): DeploymentStatusT {
  const available = availableReplicas(allRSs);
  const counts: Record<string, number | undefined> = {
    observedGeneration: d.metadata.generation,
    replicas: actualReplicas(allRSs),
    updatedReplicas: actualReplicas([newRS]),
    readyReplicas: readyReplicas(allRSs),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, specReplicas(allRSs) - available),
  };
  const status: DeploymentStatusT = {};
  for (const [k, v] of Object.entries(counts)) if (v) (status as Record<string, number>)[k] = v;
  // DeploymentReplicaSetTerminatingReplicas: beta and on in 1.35 (alpha, off, in 1.33-1.34).
  if (atLeast(version, '1.35')) {
    const t = terminatingReplicas(allRSs);
    if (t !== undefined) status.terminatingReplicas = t;
  }
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
  if (d.status?.conditions?.length) status.conditions = d.status.conditions.map((c) => ({ ...c }));
  const minAvailable = replicasOf(d) - maxUnavailable(d);
  setCondition(status, available >= minAvailable
    ? newCondition('Available', 'True', Reason.MinimumReplicasAvailable, 'Deployment has minimum availability.', now.text)
    : newCondition('Available', 'False', Reason.MinimumReplicasUnavailable, 'Deployment does not have minimum availability.', now.text));
  return status;
}

/** DeploymentComplete */
export function deploymentComplete(d: DeploymentObj, s: DeploymentStatusT): boolean {
  const want = replicasOf(d);
  return (s.updatedReplicas ?? 0) === want && (s.replicas ?? 0) === want && (s.availableReplicas ?? 0) === want
    && (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0);
}

/** DeploymentProgressing: more updated, fewer old, more ready or more available pods than before. */
export function deploymentProgressing(d: DeploymentObj, s: DeploymentStatusT): boolean {
  const old = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
  return (s.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) || newOld < oldOld
    || (s.readyReplicas ?? 0) > (old.readyReplicas ?? 0) || (s.availableReplicas ?? 0) > (old.availableReplicas ?? 0);
}

/** DeploymentTimedOut: the Progressing condition was last updated more than progressDeadlineSeconds ago. */
export function deploymentTimedOut(d: DeploymentObj, s: DeploymentStatusT, now: Now): boolean {
  if (!hasProgressDeadline(d)) return false;
  const cond = getCondition(s, 'Progressing');
  if (!cond || cond.reason === Reason.NewRSAvailable) return false;
  if (cond.reason === Reason.TimedOut) return true;
  const from = now.parseTime(cond.lastUpdateTime ?? '');
  return from + d.spec.progressDeadlineSeconds! * 1000 < now.ms;
}

/**
 * syncRolloutStatus's new status: calculateStatus plus the Progressing condition
 * (NewReplicaSetAvailable / ReplicaSetUpdated / ProgressDeadlineExceeded) and ReplicaFailure
 * copied from the ReplicaSets (the new one's first).
 */
export function rolloutStatus(allRSs: readonly (ReplicaSetObj | undefined)[], newRS: ReplicaSetObj | undefined, d: DeploymentObj, version: KubeVersion, now: Now): DeploymentStatusT {
  const status = calculateStatus(allRSs, newRS, d, version, now);
  if (!hasProgressDeadline(d)) removeCondition(status, 'Progressing');
  const current = getCondition(d.status, 'Progressing');
  const complete = status.replicas === status.updatedReplicas && current?.reason === Reason.NewRSAvailable;
  if (hasProgressDeadline(d) && !complete) updateProgressing(status, newRS, d, current, now);
  const failure = replicaFailure(allRSs, newRS);
  if (failure) setCondition(status, failure);
  else removeCondition(status, 'ReplicaFailure');
  return status;
}

function updateProgressing(status: DeploymentStatusT, newRS: ReplicaSetObj | undefined, d: DeploymentObj, current: ReturnType<typeof getCondition>, now: Now): void {
  const subject = newRS ? `ReplicaSet "${newRS.metadata.name}"` : `Deployment "${d.metadata.name}"`;
  if (deploymentComplete(d, status)) {
    setCondition(status, newCondition('Progressing', 'True', Reason.NewRSAvailable, `${subject} has successfully progressed.`, now.text));
  } else if (deploymentProgressing(d, status)) {
    // Progress refreshes lastUpdateTime even with the same reason; the transition time stays while True.
    const cond = newCondition('Progressing', 'True', Reason.ReplicaSetUpdated, `${subject} is progressing.`, now.text);
    if (current?.status === 'True') cond.lastTransitionTime = current.lastTransitionTime;
    if (current) removeCondition(status, 'Progressing');
    setCondition(status, cond);
  } else if (deploymentTimedOut(d, status, now)) {
    setCondition(status, newCondition('Progressing', 'False', Reason.TimedOut, `${subject} has timed out progressing.`, now.text));
  }
}

/** getReplicaFailures: the new RS's ReplicaFailure first, else the first old one's. */
function replicaFailure(allRSs: readonly (ReplicaSetObj | undefined)[], newRS: ReplicaSetObj | undefined) {
  for (const rs of [newRS, ...allRSs]) {
    const c = rs?.status?.conditions?.find((x) => x.type === 'ReplicaFailure');
    if (c) return fromReplicaSetCondition(c);
  }
  return undefined;
}

/**
 * requeueStuckDeployment: when a rollout neither completed nor timed out, look again once the
 * deadline may have passed: lastUpdateTime + deadline - now, plus 1s (upstream's skew margin);
 * under a second, a rate-limited requeue (5ms). undefined: no requeue needed.
 */
export function progressCheckDelayMs(d: DeploymentObj, next: DeploymentStatusT, now: Now): number | undefined {
  const current = getCondition(d.status, 'Progressing');
  if (!hasProgressDeadline(d) || !current) return undefined;
  if (deploymentComplete(d, next) || current.reason === Reason.TimedOut) return undefined;
  const after = now.parseTime(current.lastUpdateTime ?? '') + d.spec.progressDeadlineSeconds! * 1000 - now.ms;
  return after < 1000 ? 5 : after + 1000;
}
