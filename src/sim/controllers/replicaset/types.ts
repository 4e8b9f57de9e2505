/**
 * Shapes the ReplicaSet controller reads and writes: store objects (KObject metadata) with the
 * typed spec/status of kubernetes-types, plus the names upstream uses.
 */
import type { ReplicaSetSpec, ReplicaSetStatus } from 'kubernetes-types/apps/v1';
import type { Gvk, KObject } from '../../../kube/object';
export type { PodObj } from '../../../kube/pod-state';

/** kubernetes-types predates status.terminatingReplicas (apps/v1, added in 1.33). */
export type RsStatus = ReplicaSetStatus & { terminatingReplicas?: number };
export type ReplicaSetObj = KObject & { spec: ReplicaSetSpec; status?: RsStatus };


export const REPLICASET_GVK: Gvk = { apiVersion: 'apps/v1', kind: 'ReplicaSet' };

/** The event source of upstream's recorder (replica_set.go NewReplicaSetController). */
export const COMPONENT = 'replicaset-controller';


/** spec.replicas, which defaulting always sets (1 when absent). */
export function replicasOf(rs: { spec?: { replicas?: number } }): number {
  return rs.spec?.replicas ?? 1;
}

export { newControllerRef, type Gvk } from '../../../kube/object';
