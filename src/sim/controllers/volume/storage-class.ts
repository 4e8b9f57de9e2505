/**
 * Storage class rules shared by binding and provisioning (component-helpers storage/volume
 * helpers.go). The legacy annotation volume.beta.kubernetes.io/storage-class wins over
 * spec.storageClassName, even when it is "".
 */
import { defaultClassOf, isDefaultClass } from '../../apiserver/admission';
import { ANN_BETA_STORAGE_CLASS, type ClaimObj, type StorageClassObj, type VolumeObj, hasAnnotation } from './types';

/**
 * GetDefaultClass (the retroactive assignment uses the same rule as the DefaultStorageClass
 * admission plugin): the newest default class, ties by name.
 */
export { defaultClassOf as defaultClass, isDefaultClass };

/** GetPersistentVolumeClaimClass: annotation, else spec.storageClassName, else "". */
export function claimClass(claim: ClaimObj): string {
  if (hasAnnotation(claim, ANN_BETA_STORAGE_CLASS)) return claim.metadata.annotations![ANN_BETA_STORAGE_CLASS]!;
  return claim.spec?.storageClassName ?? '';
}

/** PersistentVolumeClaimHasClass: the user asked for some class (possibly ""). */
export function claimHasClass(claim: ClaimObj): boolean {
  return hasAnnotation(claim, ANN_BETA_STORAGE_CLASS) || claim.spec?.storageClassName != null;
}

/** GetPersistentVolumeClass: annotation, else spec.storageClassName ("" when unset). */
export function volumeClass(pv: VolumeObj): string {
  if (hasAnnotation(pv, ANN_BETA_STORAGE_CLASS)) return pv.metadata.annotations![ANN_BETA_STORAGE_CLASS]!;
  return pv.spec?.storageClassName ?? '';
}

/**
 * IsDelayBindingMode: the claim's class exists and binds WaitForFirstConsumer. A claim without a
 * class, or naming a class that does not exist, binds immediately.
 */
export function isDelayBinding(claim: ClaimObj, classOf: (name: string) => StorageClassObj | undefined): boolean {
  const name = claimClass(claim);
  if (!name) return false;
  return classOf(name)?.volumeBindingMode === 'WaitForFirstConsumer';
}
