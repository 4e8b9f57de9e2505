/**
 * The shapes the StatefulSet controller reads and writes: store objects (KObject metadata) with
 * the typed spec/status of kubernetes-types.
 */
import type { StatefulSetSpec, StatefulSetStatus } from 'kubernetes-types/apps/v1';
import type { PersistentVolumeClaimSpec } from 'kubernetes-types/core/v1';
import type { Gvk, KObject } from '../../../kube/object';
export type { PodObj } from '../../../kube/pod-state';

export type StatefulSetObj = KObject & { spec: StatefulSetSpec; status?: StatefulSetStatus };
export type ClaimObj = KObject & { spec?: PersistentVolumeClaimSpec };
export type RevisionObj = KObject & { data?: unknown; revision: number };


/** controllerKind in stateful_set.go */
export const STATEFULSET_GVK: Gvk = { apiVersion: 'apps/v1', kind: 'StatefulSet' };
/** podKind in stateful_set.go */
export const POD_GVK: Gvk = { apiVersion: 'v1', kind: 'Pod' };

/** The event source component upstream's recorder uses (stateful_set.go NewStatefulSetController). */
export const COMPONENT = 'statefulset-controller';

/** Label keys (k8s.io/api/apps/v1 types.go). */
export const REVISION_LABEL = 'controller-revision-hash';
export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';
/** history.ControllerRevisionHashLabel */
export const REVISION_HASH_LABEL = 'controller.kubernetes.io/hash';

export { newControllerRef, type Gvk } from '../../../kube/object';
