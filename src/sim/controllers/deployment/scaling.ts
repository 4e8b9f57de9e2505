/**
 * Scaling without a rollout (sync.go sync and scale): used for paused deployments and when
 * spec.replicas changed. One active ReplicaSet takes the whole count; a saturated new RS makes the
 * old ones go to 0; otherwise a RollingUpdate spreads the change proportionally.
 */
import type { DeploymentSync } from './context';
import { isRollingUpdate } from './fenceposts';
import { proportionalPlan } from './replica-math';
import { activeReplicaSets, byCreation } from './replica-sets';
import { replicasOf, ROLLBACK_TO_ANNOTATION, type ReplicaSetObj } from './types';

export function syncScaling(sync: DeploymentSync): void {
  const { newRS, oldRSs } = sync.replicaSets(false);
  scale(sync, newRS, oldRSs);
  if (sync.d.spec.paused && !sync.d.metadata.annotations?.[ROLLBACK_TO_ANNOTATION]) sync.cleanup(oldRSs);
  sync.syncDeploymentStatus([...oldRSs, newRS], newRS);
}

function scale(sync: DeploymentSync, newRS: ReplicaSetObj | undefined, oldRSs: ReplicaSetObj[]): void {
  const target = activeOrLatest(newRS, oldRSs);
  if (target) {
    if (replicasOf(target) !== replicasOf(sync.d)) sync.scaleAndRecord(target, replicasOf(sync.d));
    return;
  }
  if (sync.isSaturated(newRS)) {
    for (const old of activeReplicaSets(oldRSs)) sync.scaleAndRecord(old, 0);
    return;
  }
  if (!isRollingUpdate(sync.d)) return;
  const plan = proportionalPlan(sync.d, activeReplicaSets([...oldRSs, newRS]));
  for (const rs of plan.order) sync.scale(rs, plan.sizes.get(rs.metadata.name)!, plan.operation);
}

/**
 * FindActiveOrLatest: the only active RS; with none active, the new RS or else the newest old
 * one; with several active, none (scale proportionally).
 */
function activeOrLatest(newRS: ReplicaSetObj | undefined, oldRSs: ReplicaSetObj[]): ReplicaSetObj | undefined {
  if (!newRS && !oldRSs.length) return undefined;
  const newestFirst = [...oldRSs].sort((a, b) => byCreation(b, a));
  const active = activeReplicaSets([...newestFirst, newRS]);
  if (active.length === 0) return newRS ?? newestFirst[0];
  return active.length === 1 ? active[0] : undefined;
}
