/**
 * The shapes the storage controllers read and write (store objects with the typed spec/status of
 * kubernetes-types) and the well-known names they share: annotations, finalizers, event sources.
 */
import type {
  ObjectReference,
  PersistentVolume,
  PersistentVolumeClaimSpec,
  PersistentVolumeClaimStatus,
  PersistentVolumeSpec,
  PersistentVolumeStatus,
} from 'kubernetes-types/core/v1';
import { ApiError } from '../../../errors';
import type { KObject } from '../../../kube/object';
import { storageKeyOfPv } from '../../storage/volume-data';
export type { PodObj } from '../../../kube/pod-state';

export type VolumeObj = KObject & { spec?: PersistentVolumeSpec; status?: PersistentVolumeStatus };
export type ClaimObj = KObject & { spec?: PersistentVolumeClaimSpec; status?: PersistentVolumeClaimStatus };
export type StorageClassObj = KObject & {
  provisioner: string;
  reclaimPolicy?: string;
  volumeBindingMode?: string;
  parameters?: Record<string, string>;
};
export type NodeObj = KObject;

/** Annotations (k8s.io/component-helpers/storage/volume/pv_helpers.go). */
export const ANN_BIND_COMPLETED = 'pv.kubernetes.io/bind-completed';
export const ANN_BOUND_BY_CONTROLLER = 'pv.kubernetes.io/bound-by-controller';
export const ANN_SELECTED_NODE = 'volume.kubernetes.io/selected-node';
export const ANN_DYNAMICALLY_PROVISIONED = 'pv.kubernetes.io/provisioned-by';
export const ANN_MIGRATED_TO = 'pv.kubernetes.io/migrated-to';
export const ANN_STORAGE_PROVISIONER = 'volume.kubernetes.io/storage-provisioner';
export const ANN_BETA_STORAGE_PROVISIONER = 'volume.beta.kubernetes.io/storage-provisioner';
/** v1.BetaStorageClassAnnotation: still honoured before spec.storageClassName. */
export const ANN_BETA_STORAGE_CLASS = 'volume.beta.kubernetes.io/storage-class';

/** Finalizers (pkg/volume/util/finalizer.go). */
export const PVC_PROTECTION_FINALIZER = 'kubernetes.io/pvc-protection';
export const PV_PROTECTION_FINALIZER = 'kubernetes.io/pv-protection';

/** Event source of the PV controller (pv_controller_base.go NewController). */
export const PV_CONTROLLER_COMPONENT = 'persistentvolume-controller';

/** Go's string `<` as a sort comparator: code-unit order, not locale order. */
export function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function hasAnnotation(o: KObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o.metadata.annotations ?? {}, key);
}

export function hasFinalizer(o: KObject, finalizer: string): boolean {
  return (o.metadata.finalizers ?? []).includes(finalizer);
}

/** protectionutil.IsDeletionCandidate: being deleted and still carrying `finalizer`. */
export function isDeletionCandidate(o: KObject, finalizer: string): boolean {
  return !!o.metadata.deletionTimestamp && hasFinalizer(o, finalizer);
}

/** protectionutil.NeedToAddFinalizer: not being deleted and missing `finalizer`. */
export function needToAddFinalizer(o: KObject, finalizer: string): boolean {
  return !o.metadata.deletionTimestamp && !hasFinalizer(o, finalizer);
}

/** reference.GetReference of a claim, as PV claimRefs carry it (resourceVersion included). */
export function claimReference(claim: ClaimObj): ObjectReference {
  return {
    kind: 'PersistentVolumeClaim',
    namespace: claim.metadata.namespace,
    name: claim.metadata.name,
    uid: claim.metadata.uid,
    apiVersion: 'v1',
    resourceVersion: claim.metadata.resourceVersion,
  };
}

/** Where the volume's bytes live in VolumeData. */
export function storageKeyOfVolume(pv: VolumeObj): string {
  return storageKeyOfPv(pv as unknown as PersistentVolume);
}

/**
 * An error a storage controller's sync returns to be retried. Upstream's processNextWorkItem
 * requeues the key rate-limited on any sync error; the simulator's WorkQueue retries ApiErrors the
 * same way, so these travel as one (a 500 no client sees).
 */
export class VolumeSyncError extends ApiError {
  constructor(message: string) {
    super(500, 'InternalError', message);
    this.name = 'VolumeSyncError';
  }
}
