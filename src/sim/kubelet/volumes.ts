/**
 * The pod's volumes as the kubelet's volume manager sees them: which cannot be set up yet and why
 * (desired_state_of_world_populator.go), and where each volume's bytes live in the simulated
 * storage (VolumeData).
 */
import { setOwn } from '../../own-keys';
import type { Node, PersistentVolume, PersistentVolumeClaim, Pod, Volume } from 'kubernetes-types/core/v1';
import { claimNotForPod, ephemeralClaimName } from '../../kube/ephemeral-volume';
import type { ApiServer } from '../apiserver/store';
import { downwardApiFiles, projectedFiles } from './downward-api';
import { PVC_PROTECTION_FINALIZER, byteOrder } from '../controllers/volume/types';
import { storageKeyOfHostPath, storageKeyOfPv } from '../storage/volume-data';

/** [namespace, name] of the claim behind a pod volume (a generic ephemeral volume's is `<pod>-<volume>`). */
function claimOf(pod: Pod, v: Volume): [string, string] | undefined {
  const ns = pod.metadata?.namespace ?? 'default';
  if (v.persistentVolumeClaim) return [ns, v.persistentVolumeClaim.claimName];
  if (v.ephemeral) return [ns, ephemeralClaimName(pod, v)];
  return undefined;
}

type ClaimVolume = { pv: PersistentVolume } | { error: string };

/**
 * The PV behind a claim-backed volume, or the error the volume manager's populator records for it
 * (desired_state_of_world_populator.go createVolumeSpec, getPVCExtractPV, getPVSpec; for a generic
 * ephemeral volume also VolumeIsForPod; then the volume mode against how containers use it), with
 * upstream's texts.
 */
function claimVolume(api: ApiServer, pod: Pod, v: Volume, [ns, name]: [string, string], usage: VolumeUsage): ClaimVolume {
  const fail = (why: string) => ({ error: `error processing PVC ${ns}/${name}: ${why}` });
  const pvc = api.get<PersistentVolumeClaim>('PersistentVolumeClaim', ns, name);
  if (!pvc) return fail(`failed to fetch PVC from API server: persistentvolumeclaims "${name}" not found`);
  if (pvc.metadata?.deletionTimestamp && !pvc.metadata.finalizers?.includes(PVC_PROTECTION_FINALIZER)) return fail('PVC is being deleted');
  if (pvc.status?.phase !== 'Bound') return fail('PVC is not bound');
  const pvName = pvc.spec?.volumeName;
  if (!pvName) return fail('PVC has empty pvc.Spec.VolumeName');
  const notOurs = v.ephemeral ? claimNotForPod(pod, pvc) : undefined;
  if (notOurs) return { error: notOurs };
  const pv = api.get<PersistentVolume>('PersistentVolume', undefined, pvName);
  if (!pv) return fail(`failed to fetch PV ${pvName} from API server: persistentvolumes "${pvName}" not found`);
  const ref = pv.spec?.claimRef;
  if (!ref) return fail(`found PV object ${pvName} but it has a nil pv.Spec.ClaimRef indicating it is not yet bound to the claim`);
  if ((ref.uid ?? '') !== pvc.metadata?.uid) {
    return fail(`found PV object ${pvName} but its pv.Spec.ClaimRef.UID ${ref.uid ?? ''} does not point to claim.UID ${pvc.metadata?.uid}`);
  }
  const mismatch = volumeModeMismatch(pv, v.name, usage);
  return mismatch ? { error: mismatch } : { pv };
}

/**
 * util.GetPodVolumeNames: the volumes some container (init, regular or ephemeral) mounts, and those
 * it uses as a raw device. The volume manager sets up only these; a claim no container uses is
 * never looked at.
 */
interface VolumeUsage {
  mounts: ReadonlySet<string>;
  devices: ReadonlySet<string>;
}

function podVolumeNames(pod: Pod): VolumeUsage {
  const spec = pod.spec;
  const containers = [...(spec?.initContainers ?? []), ...(spec?.containers ?? []), ...(spec?.ephemeralContainers ?? [])];
  return {
    mounts: new Set(containers.flatMap((c) => (c.volumeMounts ?? []).map((m) => m.name))),
    devices: new Set(containers.flatMap((c) => (c.volumeDevices ?? []).map((d) => d.name))),
  };
}

/**
 * createVolumeSpec's last check: a container mounts only a Filesystem volume and uses only a Block
 * volume as a device (util.GetVolumeMode: a PV without volumeMode is Filesystem). The errors carry
 * no "error processing PVC" prefix upstream.
 */
function volumeModeMismatch(pv: PersistentVolume, volume: string, usage: VolumeUsage): string | undefined {
  const mode = pv.spec?.volumeMode ?? 'Filesystem';
  if (usage.mounts.has(volume) && mode !== 'Filesystem') return `volume ${volume} has volumeMode ${mode}, but is specified in volumeMounts`;
  if (usage.devices.has(volume) && mode !== 'Block') return `volume ${volume} has volumeMode ${mode}, but is specified in volumeDevices`;
  return undefined;
}

/** What keeps the pod's volumes from being mounted: the volumes (sorted) and the populator's errors. */
export interface VolumeErrors {
  volumes: string[];
  /** sorted and distinct, as PopPodErrors returns them */
  errors: string[];
}

export function volumeErrors(api: ApiServer, pod: Pod): VolumeErrors {
  // only claims can fail: a pod without any (most) costs no usage sets, at each of its syncs
  let usage: VolumeUsage | undefined;
  const volumes: string[] = [];
  const errors = new Set<string>();
  for (const v of pod.spec?.volumes ?? []) {
    const claim = claimOf(pod, v);
    if (!claim) continue;
    usage ??= podVolumeNames(pod);
    if (!(usage.mounts.has(v.name) || usage.devices.has(v.name))) continue;
    const cv = claimVolume(api, pod, v, claim, usage);
    if (!('error' in cv)) continue;
    volumes.push(v.name);
    errors.add(cv.error);
  }
  return { volumes: volumes.sort(byteOrder), errors: [...errors].sort(byteOrder) };
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
    const cv = claimVolume(api, pod, v, claim, podVolumeNames(pod));
    if ('error' in cv) return undefined;
    return { kind: 'storage', key: storageKeyOfPv(cv.pv, node), readOnly: !!v.persistentVolumeClaim?.readOnly };
  }
  if (v.hostPath) return { kind: 'storage', key: storageKeyOfHostPath(node, v.hostPath.path), readOnly: false };
  if (v.nfs) {
    const key = storageKeyOfPv({ spec: { nfs: v.nfs } } as PersistentVolume, node);
    return { kind: 'storage', key, readOnly: !!v.nfs.readOnly };
  }
  const files = projection(pod, v, node);
  if (files) return { kind: 'projected', files };
  // emptyDir and inline volumes of other kinds: per pod
  return { kind: 'pod', readOnly: false };
}

/**
 * The files of a configMap, secret, downwardAPI or projected volume as the API holds their sources
 * when called; undefined for a volume of another type (validation allows one type per volume).
 */
export function projection(pod: Pod, v: Volume, node: string): ((api: ApiServer) => Map<string, string>) | undefined {
  if (v.configMap) return (a) => configMapFiles(a, pod, v.configMap!.name!, v.configMap!.items);
  if (v.secret) return (a) => secretFiles(a, pod, v.secret!.secretName!, v.secret!.items);
  if (v.downwardAPI) return (a) => downwardApiFiles(pod, v.downwardAPI!.items, allocatableOf(a, node));
  if (!v.projected) return undefined;
  const sources = v.projected.sources;
  return (a) => projectedFiles(sources, {
    configMap: (name, items) => configMapFiles(a, pod, name, items),
    secret: (name, items) => secretFiles(a, pod, name, items),
    downwardAPI: (items) => downwardApiFiles(pod, items, allocatableOf(a, node)),
  });
}

/**
 * Whether a configMap or secret volume of the pod, or a projected volume's configMap or secret
 * source, shows the named ConfigMap or Secret (of its namespace).
 */
export function projectsSource(pod: Pod, kind: string, namespace: string | undefined, name: string): boolean {
  if ((pod.metadata?.namespace ?? 'default') !== (namespace ?? 'default')) return false;
  const named = (s: { configMap?: { name?: string }; secret?: { name?: string; secretName?: string } }) =>
    (kind === 'ConfigMap' ? s.configMap?.name : kind === 'Secret' ? (s.secret?.secretName ?? s.secret?.name) : undefined) === name;
  return (pod.spec?.volumes ?? []).some((v) => named(v) || (v.projected?.sources ?? []).some(named));
}

/** The node's allocatable, which stands in for limits a container does not set (downward API). */
export function allocatableOf(api: ApiServer, node: string): Record<string, string> {
  return api.get<Node>('Node', undefined, node)?.status?.allocatable ?? {};
}

type KeyItems = Array<{ key: string; path: string }> | undefined;

function configMapFiles(api: ApiServer, pod: Pod, name: string, items: KeyItems): Map<string, string> {
  const cm = api.get<{ data?: Record<string, string> }>('ConfigMap', pod.metadata?.namespace, name);
  return project(cm?.data ?? {}, items);
}

function secretFiles(api: ApiServer, pod: Pod, name: string, items: KeyItems): Map<string, string> {
  // stringData is never stored: the API server merged it into data (kube/secret-string-data.ts)
  const secret = api.get<{ data?: Record<string, string> }>('Secret', pod.metadata?.namespace, name);
  return project(decodedSecretData(secret?.data), items);
}

/** A Secret's data as the bytes its base64 values stand for (read as UTF-8 text). */
export function decodedSecretData(data: Record<string, string> | undefined): Record<string, string> {
  const decoded: Record<string, string> = {};
  for (const [k, b64] of Object.entries(data ?? {})) setOwn(decoded, k, Buffer.from(b64, 'base64').toString('utf8'));
  return decoded;
}

/** Keys as files, or only the listed items at their paths. */
function project(data: Record<string, string>, items: KeyItems): Map<string, string> {
  const files = new Map<string, string>();
  if (items?.length) {
    for (const it of items) if (Object.hasOwn(data, it.key)) files.set(`/${it.path}`, data[it.key]!);
  } else for (const [k, value] of Object.entries(data)) files.set(`/${k}`, value);
  return files;
}
