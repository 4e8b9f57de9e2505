/**
 * Storage printers (pkg/printers/internalversion/printers.go): PersistentVolume, PersistentVolumeClaim
 * (both with VOLUMEATTRIBUTESCLASS and wide VOLUMEMODE; a PV or PVC being deleted is Terminating),
 * StorageClass (name "(default)" when annotated), CSIDriver, CSINode, VolumeAttachment.
 */
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import type { KObject } from '../../kube/object';
import { AGE, age, col, field, NAME, type Printer } from './types';

const DEFAULT_CLASS = 'storageclass.kubernetes.io/is-default-class';
const BETA_DEFAULT_CLASS = 'storageclass.beta.kubernetes.io/is-default-class';
const BETA_CLASS = 'volume.beta.kubernetes.io/storage-class';

/** helper.GetAccessModesAsString: RWO, ROX, RWX, RWOP in that order, each once. */
function accessModes(modes: string[] | undefined): string {
  const short: Array<[string, string]> = [['ReadWriteOnce', 'RWO'], ['ReadOnlyMany', 'ROX'], ['ReadWriteMany', 'RWX'], ['ReadWriteOncePod', 'RWOP']];
  return short.filter(([m]) => (modes ?? []).includes(m)).map(([, s]) => s).join(',');
}

function className(o: KObject, specField: string | undefined): string {
  return o.metadata.annotations?.[BETA_CLASS] ?? specField ?? '';
}

export const persistentVolumePrinter: Printer = {
  columns: () => [
    NAME, col('Capacity', 'The capacity of the volume.'), col('Access Modes', 'The access modes.'), col('Reclaim Policy', 'The reclaim policy.'),
    col('Status', 'The phase of the volume.'), col('Claim', 'The claim bound to the volume.'), col('StorageClass', 'StorageClass of the pv'),
    col('VolumeAttributesClass', 'VolumeAttributesClass of the pv'), col('Reason', 'The reason of the phase.'), AGE,
    col('VolumeMode', 'The volume mode.', { wide: true }),
  ],
  cells: (o, ctx) => {
    const pv = o as unknown as PersistentVolume & { spec?: { volumeAttributesClassName?: string } };
    const claim = pv.spec?.claimRef ? `${pv.spec.claimRef.namespace ?? ''}/${pv.spec.claimRef.name ?? ''}` : '';
    const phase = o.metadata.deletionTimestamp ? 'Terminating' : pv.status?.phase ?? '';
    return [
      o.metadata.name, pv.spec?.capacity?.storage ?? '0', accessModes(pv.spec?.accessModes), pv.spec?.persistentVolumeReclaimPolicy ?? '',
      phase, claim, className(o, pv.spec?.storageClassName), pv.spec?.volumeAttributesClassName ?? '<unset>', pv.status?.reason ?? '', age(o, ctx),
      pv.spec?.volumeMode ?? '<unset>',
    ];
  },
};

export const persistentVolumeClaimPrinter: Printer = {
  columns: () => [
    NAME, col('Status', 'The phase of the claim.'), col('Volume', 'The volume bound.'), col('Capacity', 'The capacity of the bound volume.'),
    col('Access Modes', 'The access modes.'), col('StorageClass', 'StorageClass of the pvc'), col('VolumeAttributesClass', 'VolumeAttributesClass of the pvc'), AGE,
    col('VolumeMode', 'The volume mode.', { wide: true }),
  ],
  cells: (o, ctx) => {
    const pvc = o as unknown as PersistentVolumeClaim & { spec?: { volumeAttributesClassName?: string } };
    const bound = !!pvc.spec?.volumeName;
    const phase = o.metadata.deletionTimestamp ? 'Terminating' : pvc.status?.phase ?? '';
    return [
      o.metadata.name, phase, pvc.spec?.volumeName ?? '', bound ? pvc.status?.capacity?.storage ?? '0' : '', bound ? accessModes(pvc.status?.accessModes) : '',
      className(o, pvc.spec?.storageClassName ?? undefined), pvc.spec?.volumeAttributesClassName ?? '<unset>', age(o, ctx), pvc.spec?.volumeMode ?? '<unset>',
    ];
  },
};

export const storageClassPrinter: Printer = {
  columns: () => [
    NAME, col('Provisioner', 'The provisioner.'), col('ReclaimPolicy', 'The reclaim policy.'), col('VolumeBindingMode', 'The volume binding mode.'),
    col('AllowVolumeExpansion', 'Whether volumes may be expanded.'), AGE,
  ],
  cells: (o, ctx) => {
    const a = o.metadata.annotations ?? {};
    const isDefault = a[DEFAULT_CLASS] === 'true' || a[BETA_DEFAULT_CLASS] === 'true';
    return [
      isDefault ? `${o.metadata.name} (default)` : o.metadata.name, field<string>(o, 'provisioner') ?? '', field<string>(o, 'reclaimPolicy') ?? 'Delete',
      field<string>(o, 'volumeBindingMode') ?? 'Immediate', field(o, 'allowVolumeExpansion') === true, age(o, ctx),
    ];
  },
};

export const csiDriverPrinter: Printer = {
  columns: () => [
    NAME, col('AttachRequired', 'Whether attach is required.', { type: 'boolean' }), col('PodInfoOnMount', 'Whether pod info is passed on mount.', { type: 'boolean' }),
    col('StorageCapacity', 'Whether storage capacity is tracked.', { type: 'boolean' }), col('TokenRequests', 'Token audiences.'),
    col('RequiresRepublish', 'Whether volumes are republished.', { type: 'boolean' }), col('Modes', 'Volume lifecycle modes.'), AGE,
  ],
  cells: (o, ctx) => {
    const tokens = field<Array<{ audience: string }>>(o, 'spec', 'tokenRequests');
    const modes = (field<string[]>(o, 'spec', 'volumeLifecycleModes') ?? []).join(',');
    return [o.metadata.name, field(o, 'spec', 'attachRequired') !== false, field(o, 'spec', 'podInfoOnMount') === true, field(o, 'spec', 'storageCapacity') === true,
      tokens ? tokens.map((t) => t.audience).join(',') : '<unset>', field(o, 'spec', 'requiresRepublish') === true, modes || '<none>', age(o, ctx)];
  },
};

export const csiNodePrinter: Printer = {
  columns: () => [NAME, col('Drivers', 'Drivers indicates the number of CSI drivers registered on the node', { type: 'integer' }), AGE],
  cells: (o, ctx) => [o.metadata.name, (field<unknown[]>(o, 'spec', 'drivers') ?? []).length, age(o, ctx)],
};

export const volumeAttachmentPrinter: Printer = {
  columns: () => [NAME, col('Attacher', 'The attacher.', { format: 'name' }), col('PV', 'The persistent volume.'), col('Node', 'The node.'), col('Attached', 'Whether attached.', { type: 'boolean' }), AGE],
  cells: (o, ctx) => [o.metadata.name, field<string>(o, 'spec', 'attacher') ?? '', field<string>(o, 'spec', 'source', 'persistentVolumeName') ?? '',
    field<string>(o, 'spec', 'nodeName') ?? '', field(o, 'status', 'attached') === true, age(o, ctx)],
};
