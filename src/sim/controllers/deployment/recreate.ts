/**
 * Recreate (recreate.go): scale every old ReplicaSet to 0, wait until none of their pods is left
 * (terminating ones included, as long as they have not reached Succeeded/Failed), and only then
 * create or scale up the new ReplicaSet.
 */
import type { DeploymentSync } from './context';
import { actualReplicas, activeReplicaSets } from './replica-sets';
import { deploymentComplete } from './status';
import { replicasOf, type ReplicaSetObj } from './types';

export function rolloutRecreate(sync: DeploymentSync): void {
  let { newRS, oldRSs } = sync.replicaSets(false);
  let all: (ReplicaSetObj | undefined)[] = [...oldRSs, newRS];
  let scaledDown = false;
  for (const rs of activeReplicaSets(oldRSs)) {
    if (replicasOf(rs) !== 0 && sync.scaleAndRecord(rs, 0).scaled) scaledDown = true;
  }
  if (scaledDown || oldPodsRunning(sync, newRS, oldRSs)) return sync.syncRolloutStatus(all, newRS);
  if (!newRS) {
    ({ newRS, oldRSs } = sync.replicaSets(true));
    all = [...oldRSs, newRS];
  }
  sync.scaleAndRecord(newRS!, replicasOf(sync.d));
  if (deploymentComplete(sync.d, sync.d.status ?? {})) sync.cleanup(oldRSs);
  sync.syncRolloutStatus(all, newRS);
}

/**
 * oldPodsRunning: an old RS still reports pods, or a pod of an old RS is not Succeeded/Failed
 * (Unknown counts as running; a terminating pod is still there).
 */
function oldPodsRunning(sync: DeploymentSync, newRS: ReplicaSetObj | undefined, oldRSs: ReplicaSetObj[]): boolean {
  if (actualReplicas(oldRSs) > 0) return true;
  for (const [uid, pods] of sync.podMap()) {
    if (newRS && newRS.metadata.uid === uid) continue;
    if (pods.some((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed')) return true;
  }
  return false;
}
