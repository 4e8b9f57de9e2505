/**
 * StatefulSet status (stateful_set_control.go computeReplicaStatus/updateStatus,
 * stateful_set_utils.go completeRollingUpdate/inconsistentStatus, apps/v1 StatefulSetStatus JSON).
 */
import type { StatefulSetStatus } from 'kubernetes-types/apps/v1';
import { atLeast, type KubeVersion } from '../../../kube/version';
import { type Availability, isCreated, isRunningAndReady, isTerminating } from './pod-health';
import { podRevision, replicasOf } from './identity';
import type { PodObj, StatefulSetObj } from './types';

export interface SetStatus {
  observedGeneration: number;
  replicas: number;
  readyReplicas: number;
  availableReplicas: number;
  currentReplicas: number;
  updatedReplicas: number;
  currentRevision: string;
  updateRevision: string;
  collisionCount: number;
}

/**
 * computeReplicaStatus over lists of pods (not-yet-created placeholders count for nothing):
 * replicas = created pods (terminating included); ready = Running and Ready; available = ready
 * for minReadySeconds; current/updated = created, not terminating, at that revision.
 */
export function countReplicas(status: SetStatus, lists: PodObj[][], availability: Availability): void {
  status.replicas = status.readyReplicas = status.availableReplicas = status.currentReplicas = status.updatedReplicas = 0;
  for (const pod of lists.flat()) {
    if (isCreated(pod)) status.replicas++;
    if (isRunningAndReady(pod)) {
      status.readyReplicas++;
      if (availability.isAvailable(pod)) status.availableReplicas++;
    }
    if (isCreated(pod) && !isTerminating(pod)) {
      const rev = podRevision(pod);
      if (rev === status.currentRevision) status.currentReplicas++;
      if (rev === status.updateRevision) status.updatedReplicas++;
    }
  }
}

/**
 * completeRollingUpdate: once every wanted replica exists, is updated and ready, the update
 * revision becomes the current one. Up to 1.36 only under RollingUpdate (OnDelete never completed,
 * kubernetes#73492); from 1.37 under OnDelete too (kubernetes#136833 dropped the strategy check).
 */
export function completeRollingUpdate(set: StatefulSetObj, status: SetStatus, version: KubeVersion): void {
  const want = replicasOf(set);
  if (
    (atLeast(version, '1.37') || (set.spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate') &&
    status.updatedReplicas === want &&
    status.readyReplicas === want &&
    status.replicas === want
  ) {
    status.currentReplicas = status.updatedReplicas;
    status.currentRevision = status.updateRevision;
  }
}

/** inconsistentStatus: worth a write (collisionCount alone is not compared upstream). */
export function inconsistentStatus(set: StatefulSetObj, status: SetStatus): boolean {
  const s: StatefulSetStatus = set.status ?? { replicas: 0 };
  return (
    status.observedGeneration > (s.observedGeneration ?? 0) ||
    status.replicas !== (s.replicas ?? 0) ||
    status.currentReplicas !== (s.currentReplicas ?? 0) ||
    status.readyReplicas !== (s.readyReplicas ?? 0) ||
    status.updatedReplicas !== (s.updatedReplicas ?? 0) ||
    status.currentRevision !== (s.currentRevision ?? '') ||
    status.availableReplicas !== (s.availableReplicas ?? 0) ||
    status.updateRevision !== (s.updateRevision ?? '')
  );
}

/**
 * The status as apps/v1 serialises it: `replicas` and `availableReplicas` always, collisionCount
 * always (the controller sets the pointer), the other counts and revisions omitted when zero or
 * empty (omitempty). The whole status is replaced, so no conditions remain (the controller sets none).
 */
export function statusJson(s: SetStatus): StatefulSetStatus {
  // Field order is apps/v1's (observedGeneration, replicas, ..., collisionCount, availableReplicas).
  const out: Record<string, unknown> = {};
  if (s.observedGeneration) out.observedGeneration = s.observedGeneration;
  out.replicas = s.replicas;
  if (s.readyReplicas) out.readyReplicas = s.readyReplicas;
  if (s.currentReplicas) out.currentReplicas = s.currentReplicas;
  if (s.updatedReplicas) out.updatedReplicas = s.updatedReplicas;
  if (s.currentRevision) out.currentRevision = s.currentRevision;
  if (s.updateRevision) out.updateRevision = s.updateRevision;
  out.collisionCount = s.collisionCount;
  out.availableReplicas = s.availableReplicas;
  return out as unknown as StatefulSetStatus;
}
