/**
 * VolumeRestrictions (plugins/volumerestrictions), the ReadWriteOncePod part: a claim with that
 * access mode already used by a pod on any node keeps other pods off every node. Its PreFilter
 * also reads each persistentVolumeClaim first, so a missing claim is reported from here.
 * (Conflicts of inline GCE PD / EBS / iSCSI / RBD volumes are not simulated.)
 */
import type { PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import { atLeast } from '../../../kube/version';
import { status, type FilterPlugin, type PreparedFilter, type Status } from '../framework';
import type { PodInfo } from '../pod-info';

export const VOLUME_RESTRICTIONS = 'VolumeRestrictions';
/**
 * ErrReasonReadWriteOncePodConflict. kubernetes#129145 (merged February 2025, release note NONE,
 * so first in 1.33 by its merge date) replaced the older text, which read as if the conflicting
 * pod had to be on the node; a real 1.37 control plane reports the newer one.
 */
const CONFLICT_BEFORE_1_33 = status(VOLUME_RESTRICTIONS, 'Unschedulable', 'node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode');
const CONFLICT = status(VOLUME_RESTRICTIONS, 'Unschedulable', 'node(s) unavailable due to PersistentVolumeClaim with ReadWriteOncePod access mode already in-use by another pod');

export const volumeRestrictions: FilterPlugin = {
  name: VOLUME_RESTRICTIONS,
  preFilter(ctx) {
    const rwop = new Set<string>();
    for (const v of ctx.pod.pod.spec?.volumes ?? []) {
      if (!v.persistentVolumeClaim) continue;
      const name = v.persistentVolumeClaim.claimName;
      const pvc = ctx.api.get<PersistentVolumeClaim>('PersistentVolumeClaim', ctx.pod.namespace, name);
      if (!pvc) return status(VOLUME_RESTRICTIONS, 'UnschedulableAndUnresolvable', `persistentvolumeclaim "${name}" not found`);
      if (pvc.spec?.accessModes?.includes('ReadWriteOncePod')) rwop.add(name);
    }
    let conflicts = 0;
    for (const name of rwop) if (ctx.cache.claimUsage(`${ctx.pod.namespace}/${name}`) > 0) conflicts++;
    if (!conflicts) return 'skip';
    return prepared({ conflicts }, rwop, ctx.pod, atLeast(ctx.version, '1.33') ? CONFLICT : CONFLICT_BEFORE_1_33);
  },
};

function prepared(s: { conflicts: number }, rwop: ReadonlySet<string>, pod: PodInfo, conflict: Status): PreparedFilter {
  const uses = (other: PodInfo) => (other.namespace === pod.namespace ? other.claimNames.filter((c) => rwop.has(c)).length : 0);
  return {
    filter: () => (s.conflicts > 0 ? conflict : undefined),
    removePod: (other) => void (s.conflicts -= uses(other)),
    addPod: (other) => void (s.conflicts += uses(other)),
    clone: () => prepared({ conflicts: s.conflicts }, rwop, pod, conflict),
  };
}
