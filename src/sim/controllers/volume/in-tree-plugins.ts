/**
 * The volume plugins kube-controller-manager gives its PV controller
 * (ProbeProvisionableRecyclableVolumePlugins: kubernetes.io/host-path, kubernetes.io/nfs and
 * kubernetes.io/portworx-volume) and what they can do when a claim is released. Everything else —
 * local, csi, fc, iscsi... — has no in-tree recycler or deleter there.
 */
import { atLeast, type KubeVersion } from '../../../kube/version';
import { ANN_DYNAMICALLY_PROVISIONED, ANN_MIGRATED_TO, type VolumeObj } from './types';

const HOST_PATH_PLUGIN = 'kubernetes.io/host-path';
const NFS_PLUGIN = 'kubernetes.io/nfs';

/** FindRecyclablePluginBySpec: only hostPath and NFS volumes can be recycled. */
export function hasRecycler(pv: VolumeObj): boolean {
  return !!pv.spec?.hostPath || !!pv.spec?.nfs;
}

/** The message upstream marks a volume Failed with when no recycler matches. */
export const NO_RECYCLER_MESSAGE = 'No recycler plugin found for the volume!';

/** What deleting the storage behind a released volume comes to (findDeletablePlugin + Delete). */
export type DeleteOutcome =
  /** an external provisioner or CSI driver owns the volume: the PV controller only waits */
  | { kind: 'external' }
  /** the in-tree hostPath deleter removes the directory (rm -rf) */
  | { kind: 'hostPath'; path: string }
  | { kind: 'error'; message: string };

/**
 * HonorPVReclaimPolicy (KEP-2644): beta and on by default from 1.31 (alpha, off, before). With it
 * the PV controller leaves CSI and migrated volumes to their external deleter.
 */
export function honorsPVReclaimPolicy(v: KubeVersion): boolean {
  return atLeast(v, '1.31');
}

/** findDeletablePlugin followed by the plugin's Delete (pv_controller.go doDeleteVolume). */
export function deleteOutcome(pv: VolumeObj, version: KubeVersion): DeleteOutcome {
  const provisionedBy = pv.metadata.annotations?.[ANN_DYNAMICALLY_PROVISIONED];
  if (provisionedBy) return deleteByPluginName(pv, provisionedBy);
  if (honorsPVReclaimPolicy(version) && (pv.metadata.annotations?.[ANN_MIGRATED_TO] || pv.spec?.csi)) {
    return { kind: 'external' };
  }
  if (pv.spec?.hostPath) return hostPathDelete(pv.spec.hostPath.path);
  const reason = pv.spec?.nfs ? 'no deletable volume plugin matched' : 'no volume plugin matched';
  return { kind: 'error', message: `error getting deleter volume plugin for volume "${pv.metadata.name}": ${reason}` };
}

/** A provisioned volume goes back to the plugin that made it; non-"kubernetes.io/" ones are external. */
function deleteByPluginName(pv: VolumeObj, plugin: string): DeleteOutcome {
  if (!plugin.startsWith('kubernetes.io/')) return { kind: 'external' };
  if (plugin === HOST_PATH_PLUGIN && pv.spec?.hostPath) return hostPathDelete(pv.spec.hostPath.path);
  // FindDeletablePluginByName: nfs exists but cannot delete; other in-tree names are gone.
  // unverified: kubernetes.io/portworx-volume (deletable in-tree, or CSI-migrated) is not modelled.
  const message = plugin === NFS_PLUGIN ? 'no deletable volume plugin matched' : `no volume plugin matched name: ${plugin}`;
  return { kind: 'error', message };
}

/**
 * hostPathDeleter.Delete (pkg/volume/hostpath): refuses any path the unanchored regexp "/tmp/.+"
 * does not match. It deletes on the host kube-controller-manager runs on — on a one-node cluster
 * the volume's directory.
 */
function hostPathDelete(path: string): DeleteOutcome {
  if (!/\/tmp\/.+/.test(path)) {
    return { kind: 'error', message: `host_path deleter only supports /tmp/.+ but received provided ${path}` };
  }
  return { kind: 'hostPath', path };
}

/** What provisionClaim finds for a class's provisioner (findProvisionablePlugin + NewProvisioner). */
export type ProvisionOutcome =
  /** an external provisioner is expected to create the volume */
  | { kind: 'external' }
  /** findProvisionablePlugin failed: event ProvisioningFailed, claim untouched */
  | { kind: 'noPlugin'; message: string }
  /** an in-tree plugin was found but cannot provision: annotations set, then ProvisioningFailed */
  | { kind: 'pluginFailed'; message: string };

export function provisionOutcome(provisioner: string): ProvisionOutcome {
  if (!provisioner.startsWith('kubernetes.io/')) return { kind: 'external' };
  // kube-controller-manager leaves --enable-hostpath-provisioner off (hostPathPlugin.NewProvisioner).
  if (provisioner === HOST_PATH_PLUGIN) {
    return { kind: 'pluginFailed', message: `Failed to create provisioner: provisioning in volume plugin "${HOST_PATH_PLUGIN}" is disabled` };
  }
  if (provisioner === NFS_PLUGIN) return { kind: 'noPlugin', message: 'no provisionable volume plugin matched' };
  // unverified: CSI-migrated in-tree names (kubernetes.io/aws-ebs, gce-pd...) are treated upstream as
  // external provisioners under their CSI driver's name; not modelled.
  return { kind: 'noPlugin', message: `no volume plugin matched name: ${provisioner}` };
}
