/**
 * Storage defaults: PersistentVolume and PersistentVolumeClaim (pkg/apis/core/v1/defaults.go) and
 * StorageClass (pkg/apis/storage/v1/defaults.go).
 */
import { isObj, type Obj } from '../validation/access';

type Mutable = Record<string, unknown>;

export function defaultPVCSpec(spec: Obj): void {
  if (!spec.volumeMode) spec.volumeMode = 'Filesystem';
}

function withStatusPhase(o: Obj, phase: string): void {
  if (!isObj(o.status)) o.status = {};
  const status = o.status as Mutable;
  if (!status.phase) status.phase = phase;
}

/** SetDefaults_PersistentVolumeClaim(+Spec): volumeMode Filesystem, phase Pending. */
export function defaultPVC(o: Obj): void {
  if (!isObj(o.spec)) o.spec = {};
  defaultPVCSpec(o.spec as Obj);
  withStatusPhase(o, 'Pending');
}

/** SetDefaults_PersistentVolume: reclaim policy Retain, volumeMode Filesystem, phase Pending. */
export function defaultPV(o: Obj): void {
  if (!isObj(o.spec)) o.spec = {};
  const spec = o.spec as Mutable;
  if (!spec.persistentVolumeReclaimPolicy) spec.persistentVolumeReclaimPolicy = 'Retain';
  if (!spec.volumeMode) spec.volumeMode = 'Filesystem';
  if (isObj(spec.hostPath) && spec.hostPath.type === undefined) spec.hostPath.type = '';
  withStatusPhase(o, 'Pending');
}

/** SetDefaults_StorageClass: reclaimPolicy Delete, volumeBindingMode Immediate. */
export function defaultStorageClass(o: Obj): void {
  if (!o.reclaimPolicy) o.reclaimPolicy = 'Delete';
  if (!o.volumeBindingMode) o.volumeBindingMode = 'Immediate';
}
