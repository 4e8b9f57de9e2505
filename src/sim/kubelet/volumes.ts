/**
 * The pod's volumes as the kubelet's volume manager sees them: which must wait for their claim
 * to be bound (desired_state_of_world_populator getPVCExtractPV), and where each volume's bytes
 * live in the simulated storage (VolumeData).
 */
import type { PersistentVolume, PersistentVolumeClaim, Pod, Volume } from 'kubernetes-types/core/v1';
import { claimNotForPod, ephemeralClaimName } from '../../kube/ephemeral-volume';
import type { ApiServer } from '../apiserver/store';
import { storageKeyOfHostPath, storageKeyOfPv } from '../storage/volume-data';

/** namespace/name of the claim behind a pod volume (a generic ephemeral volume's claim is `<pod>-<volume>`). */
export function claimOf(pod: Pod, v: Volume): string | undefined {
  const ns = pod.metadata?.namespace ?? 'default';
  if (v.persistentVolumeClaim) return `${ns}/${v.persistentVolumeClaim.claimName}`;
  if (v.ephemeral) return `${ns}/${ephemeralClaimName(pod, v)}`;
  return undefined;
}

export function claimsOf(pod: Pod): string[] {
  return (pod.spec?.volumes ?? []).flatMap((v) => claimOf(pod, v) ?? []);
}

/**
 * The bound PV of a pod volume's claim, or undefined while the claim is missing, unbound or its
 * PV absent — or, for a generic ephemeral volume, while the claim is not the pod's
 * (desired_state_of_world_populator.go createVolumeSpec: ephemeral.VolumeIsForPod).
 */
function boundVolume(api: ApiServer, pod: Pod, v: Volume, claimKey: string): PersistentVolume | undefined {
  const [ns, name] = splitKey(claimKey);
  const pvc = api.get<PersistentVolumeClaim>('PersistentVolumeClaim', ns, name);
  if (!pvc || pvc.status?.phase !== 'Bound' || !pvc.spec?.volumeName) return undefined;
  if (v.ephemeral && claimNotForPod(pod, pvc)) return undefined;
  const pv = api.get<PersistentVolume>('PersistentVolume', undefined, pvc.spec.volumeName);
  if (!pv || (pv.spec?.claimRef?.uid && pv.spec.claimRef.uid !== pvc.metadata?.uid)) return undefined;
  return pv;
}

/** Names of the pod's volumes that cannot be mounted yet (their claim is not bound). */
export function unmountableVolumes(api: ApiServer, pod: Pod): string[] {
  return (pod.spec?.volumes ?? [])
    .filter((v) => {
      const claim = claimOf(pod, v);
      return claim !== undefined && !boundVolume(api, pod, v, claim);
    })
    .map((v) => v.name)
    .sort();
}

export type VolumeStorage =
  /** bytes in VolumeData under `key` */
  | { kind: 'storage'; key: string; readOnly: boolean }
  /** bytes that live and die with the pod */
  | { kind: 'pod'; readOnly: boolean }
  /** files projected from API objects, read-only */
  | { kind: 'projected'; files: (api: ApiServer) => Map<string, string> };

/** Where a pod volume's files are. `node` is the pod's node (hostPath and local volumes live there). */
export function volumeStorage(api: ApiServer, pod: Pod, v: Volume, node: string): VolumeStorage | undefined {
  const claim = claimOf(pod, v);
  if (claim) {
    const pv = boundVolume(api, pod, v, claim);
    if (!pv) return undefined;
    return { kind: 'storage', key: storageKeyOfPv(pv, node), readOnly: !!v.persistentVolumeClaim?.readOnly };
  }
  if (v.hostPath) return { kind: 'storage', key: storageKeyOfHostPath(node, v.hostPath.path), readOnly: false };
  if (v.nfs) {
    const key = storageKeyOfPv({ spec: { nfs: v.nfs } } as PersistentVolume, node);
    return { kind: 'storage', key, readOnly: !!v.nfs.readOnly };
  }
  if (v.configMap) return { kind: 'projected', files: (a) => configMapFiles(a, pod, v) };
  if (v.secret) return { kind: 'projected', files: (a) => secretFiles(a, pod, v) };
  if (v.downwardAPI || v.projected) return { kind: 'projected', files: () => new Map() };
  // emptyDir and inline volumes of other kinds: per pod
  return { kind: 'pod', readOnly: false };
}

function configMapFiles(api: ApiServer, pod: Pod, v: Volume): Map<string, string> {
  const cm = api.get<{ data?: Record<string, string> }>('ConfigMap', pod.metadata?.namespace, v.configMap!.name!);
  return project(cm?.data ?? {}, v.configMap!.items);
}

function secretFiles(api: ApiServer, pod: Pod, v: Volume): Map<string, string> {
  const secret = api.get<{ data?: Record<string, string>; stringData?: Record<string, string> }>('Secret', pod.metadata?.namespace, v.secret!.secretName!);
  const data: Record<string, string> = {};
  for (const [k, b64] of Object.entries(secret?.data ?? {})) data[k] = Buffer.from(b64, 'base64').toString('utf8');
  Object.assign(data, secret?.stringData ?? {});
  return project(data, v.secret!.items);
}

/** Keys as files, or only the listed items at their paths. */
function project(data: Record<string, string>, items: Array<{ key: string; path: string }> | undefined): Map<string, string> {
  const files = new Map<string, string>();
  if (items?.length) {
    for (const it of items) if (data[it.key] !== undefined) files.set(`/${it.path}`, data[it.key]!);
  } else for (const [k, value] of Object.entries(data)) files.set(`/${k}`, value);
  return files;
}

function splitKey(key: string): [string, string] {
  const i = key.indexOf('/');
  return [key.slice(0, i), key.slice(i + 1)];
}
