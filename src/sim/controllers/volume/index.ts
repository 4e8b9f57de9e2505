/** The storage controllers of kube-controller-manager, and the local-path provisioner kind ships. */
export { PersistentVolumeController, DEFAULT_RESYNC_MS, type PersistentVolumeControllerOptions } from './pv-controller';
export { PvcProtectionController } from './pvc-protection';
export { PvProtectionController } from './pv-protection';
export { EphemeralVolumeController, EPHEMERAL_VOLUME_COMPONENT } from './ephemeral';
export { ExpandController, VOLUME_EXPAND_COMPONENT, EXTERNAL_EXPANDING_MESSAGE } from './expand';
export {
  LocalPathProvisioner,
  LOCAL_PATH_PROVISIONER,
  LOCAL_PATH_BASE,
  DEFAULT_HELPER_POD_MS,
  type LocalPathProvisionerOptions,
} from './local-path-provisioner';
export { DEFAULT_RECYCLE_MS } from './reclaimer';
export { findMatchingVolume, findBestMatchForClaim, isVolumeBoundToClaim, offersAccessModes, volumeModeMismatch } from './matching';
export { claimClass, claimHasClass, volumeClass, defaultClass, isDefaultClass, isDelayBinding } from './storage-class';
