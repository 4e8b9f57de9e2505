/**
 * RollingUpdate (rolling.go): grow the new ReplicaSet within maxSurge, then shrink old ones
 * within maxUnavailable — unhealthy replicas first, oldest ReplicaSet first — and report status.
 * Old revisions are cleaned up once the rollout is complete.
 */
import type { DeploymentSync } from './context';
import { maxUnavailable } from './fenceposts';
import { newRSNewReplicas } from './replica-math';
import { activeReplicaSets, availableReplicas, byCreation, specReplicas } from './replica-sets';
import { deploymentComplete } from './status';
import { replicasOf, type ReplicaSetObj } from './types';

export function rolloutRolling(sync: DeploymentSync): void {
  const { newRS, oldRSs } = sync.replicaSets(true);
  const all = [...oldRSs, newRS!];
  if (reconcileNewReplicaSet(sync, all, newRS!)) return sync.syncRolloutStatus(all, newRS);
  if (reconcileOldReplicaSets(sync, all, activeReplicaSets(oldRSs), newRS!)) return sync.syncRolloutStatus(all, newRS);
  if (deploymentComplete(sync.d, sync.d.status ?? {})) sync.cleanup(oldRSs);
  sync.syncRolloutStatus(all, newRS);
}

/** reconcileNewReplicaSet: down to spec.replicas if above it, else up as NewRSNewReplicas allows. */
function reconcileNewReplicaSet(sync: DeploymentSync, all: ReplicaSetObj[], newRS: ReplicaSetObj): boolean {
  const want = replicasOf(sync.d);
  if (replicasOf(newRS) === want) return false;
  if (replicasOf(newRS) > want) return sync.scaleAndRecord(newRS, want).scaled;
  return sync.scaleAndRecord(newRS, newRSNewReplicas(sync.d, all, newRS)).scaled;
}

/**
 * reconcileOldReplicaSets: at most total − (replicas − maxUnavailable) − (new RS's unavailable
 * pods) may go; unhealthy old replicas go first, then available ones while enough stay available.
 * Upstream swallows errors here (returns false, nil).
 */
function reconcileOldReplicaSets(sync: DeploymentSync, all: ReplicaSetObj[], oldRSs: ReplicaSetObj[], newRS: ReplicaSetObj): boolean {
  if (specReplicas(oldRSs) === 0) return false;
  const minAvailable = replicasOf(sync.d) - maxUnavailable(sync.d);
  const newUnavailable = replicasOf(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = specReplicas(all) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  try {
    const cleaned = cleanupUnhealthyReplicas(sync, oldRSs, maxScaledDown);
    const scaled = scaleDownOldForRollingUpdate(sync, [...cleaned.oldRSs, newRS], cleaned.oldRSs);
    return cleaned.count + scaled > 0;
  } catch {
    return false;
  }
}

/**
 * cleanupUnhealthyReplicas: scale each old RS (oldest first) down by its unavailable replicas.
 * An RS reporting more available pods than it wants (its status predates a scale-down) would be a
 * scale *up*: upstream refuses with an error ("got invalid request to scale down"), which
 * reconcileOldReplicaSets swallows, so nothing more is scaled down in this sync.
 */
function cleanupUnhealthyReplicas(sync: DeploymentSync, oldRSs: ReplicaSetObj[], maxCleanup: number): { oldRSs: ReplicaSetObj[]; count: number } {
  const sorted = [...oldRSs].sort(byCreation);
  let total = 0;
  for (let i = 0; i < sorted.length && total < maxCleanup; i++) {
    const rs = sorted[i]!;
    const unhealthy = replicasOf(rs) - (rs.status?.availableReplicas ?? 0);
    if (replicasOf(rs) === 0 || unhealthy === 0) continue;
    const down = Math.min(maxCleanup - total, unhealthy);
    if (down < 0) throw new Error(`when cleaning up unhealthy replicas, got invalid request to scale down ${rs.metadata.namespace}/${rs.metadata.name} ${replicasOf(rs)} -> ${replicasOf(rs) - down}`);
    sorted[i] = sync.scaleAndRecord(rs, replicasOf(rs) - down).rs;
    total += down;
  }
  return { oldRSs: sorted, count: total };
}

/** scaleDownOldReplicaSetsForRollingUpdate: remove available old replicas above replicas − maxUnavailable. */
function scaleDownOldForRollingUpdate(sync: DeploymentSync, all: ReplicaSetObj[], oldRSs: ReplicaSetObj[]): number {
  const minAvailable = replicasOf(sync.d) - maxUnavailable(sync.d);
  const available = availableReplicas(all);
  if (available <= minAvailable) return 0;
  const budget = available - minAvailable;
  let total = 0;
  for (const rs of [...oldRSs].sort(byCreation)) {
    if (total >= budget) break;
    if (replicasOf(rs) === 0) continue;
    const down = Math.min(replicasOf(rs), budget - total);
    sync.scaleAndRecord(rs, replicasOf(rs) - down);
    total += down;
  }
  return total;
}
