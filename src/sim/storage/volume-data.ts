/**
 * The contents of volumes: the "disks" behind PersistentVolumes, hostPath directories and NFS
 * exports. Data lives with the storage, not with the pod or the PV object, so it survives a pod
 * being replaced, a StatefulSet being re-created, or a Retain PV being released — and is lost
 * only when the storage itself is scrubbed (Recycle) or deleted (Delete reclaim).
 */
import type { PersistentVolume } from 'kubernetes-types/core/v1';

export type Files = Map<string, string>;

/**
 * Where a PV's bytes live. Two PV objects that point at the same hostPath on the same node, or
 * the same NFS export, share data, as they do on a real cluster. Other sources are keyed by the
 * PV's name (one PV = one disk).
 */
export function storageKeyOfPv(pv: PersistentVolume, nodeName?: string): string {
  const spec = pv.spec ?? {};
  if (spec.nfs) return `nfs:${spec.nfs.server}:${normalise(spec.nfs.path)}`;
  const node = nodeName ?? pinnedNode(pv) ?? '';
  if (spec.hostPath) return `hostPath:${node}:${normalise(spec.hostPath.path)}`;
  if (spec.local) return `hostPath:${node}:${normalise(spec.local.path)}`;
  return `pv:${pv.metadata?.name}`;
}

export function storageKeyOfHostPath(nodeName: string, path: string): string {
  return `hostPath:${nodeName}:${normalise(path)}`;
}

/** The node a PV is pinned to by required node affinity on kubernetes.io/hostname, if any. */
function pinnedNode(pv: PersistentVolume): string | undefined {
  for (const term of pv.spec?.nodeAffinity?.required?.nodeSelectorTerms ?? []) {
    for (const e of term.matchExpressions ?? []) {
      if (e.key === 'kubernetes.io/hostname' && e.operator === 'In' && e.values?.length === 1) return e.values[0];
    }
  }
  return undefined;
}

function normalise(path: string): string {
  return ('/' + path).replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
}

/** All storage of the simulated cluster. */
export class VolumeData {
  private readonly disks = new Map<string, Files>();

  /** The files of a storage location (created empty on first use). */
  files(key: string): Files {
    let f = this.disks.get(key);
    if (!f) this.disks.set(key, (f = new Map()));
    return f;
  }

  /** Removes every file (the recycler's `rm -rf` of the volume). */
  scrub(key: string): void {
    this.disks.get(key)?.clear();
  }

  /** The storage is gone (a dynamically provisioned volume deleted by its provisioner). */
  destroy(key: string): void {
    this.disks.delete(key);
  }
}
