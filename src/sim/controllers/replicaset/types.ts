/**
 * Shapes the ReplicaSet controller reads and writes: store objects (KObject metadata) with the
 * typed spec/status of kubernetes-types, plus the names upstream uses.
 */
import type { ReplicaSetSpec, ReplicaSetStatus } from 'kubernetes-types/apps/v1';
import type { PodSpec, PodStatus } from 'kubernetes-types/core/v1';
import type { OwnerReference } from 'kubernetes-types/meta/v1';
import type { KObject } from '../../../k8s/object';

export type PodObj = KObject & { spec?: PodSpec; status?: PodStatus };
/** kubernetes-types predates status.terminatingReplicas (apps/v1, added in 1.33). */
export type RsStatus = ReplicaSetStatus & { terminatingReplicas?: number };
export type ReplicaSetObj = KObject & { spec: ReplicaSetSpec; status?: RsStatus };

/** An API group/version and kind, as an owner reference names them (schema.GroupVersionKind). */
export interface Gvk {
  apiVersion: string;
  kind: string;
}

export const REPLICASET_GVK: Gvk = { apiVersion: 'apps/v1', kind: 'ReplicaSet' };

/** The event source of upstream's recorder (replica_set.go NewReplicaSetController). */
export const COMPONENT = 'replicaset-controller';

/** metav1.NewControllerRef: the owner reference a controller puts on what it creates or adopts. */
export function newControllerRef(owner: KObject, gvk: Gvk): OwnerReference {
  return {
    apiVersion: gvk.apiVersion,
    kind: gvk.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** spec.replicas, which defaulting always sets (1 when absent). */
export function replicasOf(rs: { spec?: { replicas?: number } }): number {
  return rs.spec?.replicas ?? 1;
}
