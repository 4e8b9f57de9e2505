/**
 * Pod fields of disabled feature gates that the API server drops on create and update unless the
 * old object already uses them: pkg/api/pod/util.go dropDisabledFields (pods) and
 * DropDisabledTemplateFields (every pod template). A dropped field is gone from
 * the stored object, so validation never sees it (a manifest using it is accepted as if it had
 * been left out).
 */
import type { KObject } from '../object';
import type { KubeVersion } from '../version';
import { anyPresent, presentPaths, valueAt, type ConcretePath } from '../field-pattern';
import { podSpecAt } from '../pod-spec-paths';
import { gateEnabled, type FeatureGate } from './feature-gates';

interface GatedFields {
  gate: FeatureGate;
  /** patterns below the pod spec ('*' walks a list); the gate's fields are "in use" if any is set */
  paths: string[][];
  /** only values this accepts count (as in use, and for the drop); default: any value */
  applies?: (value: unknown) => boolean;
  /**
   * Parents (counted upwards from the dropped field) removed when the drop leaves them empty:
   * dropPodLifecycleSleepAction removes a handler left without an action and a lifecycle left
   * without handlers.
   */
  pruneEmpty?: number;
}

const CONTAINER_LISTS = ['containers', 'initContainers'];
const inContainers = (...rest: string[]): string[][] => CONTAINER_LISTS.map((list) => [list, '*', ...rest]);
const affinityTermPaths = (field: string): string[][] =>
  ['podAffinity', 'podAntiAffinity'].flatMap((kind) => [
    ['affinity', kind, 'requiredDuringSchedulingIgnoredDuringExecution', '*', field],
    ['affinity', kind, 'preferredDuringSchedulingIgnoredDuringExecution', '*', 'podAffinityTerm', field],
  ]);

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'];
const HOOKS = ['postStart', 'preStop'];
/** dropDisabledAtomicWriteVolumeUserFields: every `user` of the files a volume projects */
const VOLUME_FILE_USERS: string[][] = [
  ...['secret', 'configMap', 'downwardAPI', 'projected'].map((source) => ['volumes', '*', source, 'defaultUser']),
  ...['secret', 'configMap', 'downwardAPI'].map((source) => ['volumes', '*', source, 'items', '*', 'user']),
  ...['secret', 'configMap', 'downwardAPI'].map((source) => ['volumes', '*', 'projected', 'sources', '*', source, 'items', '*', 'user']),
  ...['serviceAccountToken', 'clusterTrustBundle', 'podCertificate'].map((source) => ['volumes', '*', 'projected', 'sources', '*', source, 'user']),
];

const POD_GATED_FIELDS: GatedFields[] = [
  { gate: 'UserNamespacesSupport', paths: [['hostUsers']] },
  { gate: 'SupplementalGroupsPolicy', paths: [['securityContext', 'supplementalGroupsPolicy']] },
  { gate: 'SELinuxChangePolicy', paths: [['securityContext', 'seLinuxChangePolicy']] },
  // dropDisabledProcMountField
  { gate: 'ProcMountType', paths: inContainers('securityContext', 'procMount') },
  // dropDisabledMatchLabelKeysFieldInPodAffinity
  { gate: 'MatchLabelKeysInPodAffinity', paths: [...affinityTermPaths('matchLabelKeys'), ...affinityTermPaths('mismatchLabelKeys')] },
  // dropDisabledDynamicResourceAllocationFields
  { gate: 'DynamicResourceAllocation', paths: [['resourceClaims'], ...inContainers('resources', 'claims')] },
  // dropDisabledPodLevelResources
  { gate: 'PodLevelResources', paths: [['resources']] },
  { gate: 'HostnameOverride', paths: [['hostnameOverride']] },
  // dropContainerRestartRules: the rules, restartPolicy of regular containers, and an init
  // container's restartPolicy other than Always (Always is the sidecar marker and stays)
  { gate: 'ContainerRestartRules', paths: [...inContainers('restartPolicyRules'), ['containers', '*', 'restartPolicy']] },
  { gate: 'ContainerRestartRules', paths: [['initContainers', '*', 'restartPolicy']], applies: (policy) => policy !== 'Always' },
  { gate: 'RecursiveReadOnlyMounts', paths: inContainers('volumeMounts', '*', 'recursiveReadOnly') },
  // dropFileKeyRefInUse: valueFrom stays (empty), so validation asks for a source
  { gate: 'EnvFiles', paths: inContainers('env', '*', 'valueFrom', 'fileKeyRef') },
  {
    gate: 'PodLifecycleSleepAction',
    paths: ['preStop', 'postStart'].flatMap((hook) => inContainers('lifecycle', hook, 'sleep')),
    pruneEmpty: 2,
  },
  { gate: 'ContainerStopSignals', paths: inContainers('lifecycle', 'stopSignal'), pruneEmpty: 1 },
  // dropDisabledFields: resizePolicy without InPlacePodVerticalScaling (off before 1.33)
  { gate: 'InPlacePodVerticalScaling', paths: inContainers('resizePolicy') },
  // dropDisabledWorkloadRef (1.35), dropDisabledSchedulingGroup (1.36+)
  { gate: 'GenericWorkload', paths: [['workloadRef']] },
  { gate: 'GenericWorkload', paths: [['schedulingGroup']] },
  // dropDisabledEvictionResponders
  { gate: 'EvictionRequestAPI', paths: [['evictionResponders']] },
  // dropDisabledGRPCContainerProbeTLS
  { gate: 'GRPCContainerProbeTLS', paths: PROBES.flatMap((probe) => inContainers(probe, 'grpc', 'mode')) },
  // dropHTTPProbeProtocol: probes and lifecycle hooks
  { gate: 'H2CContainerProbe', paths: [...PROBES, ...HOOKS.map((hook) => `lifecycle.${hook}`)].flatMap((at) => inContainers(...at.split('.'), 'httpGet', 'protocol')) },
  { gate: 'VolumeBindMountOptions', paths: inContainers('volumeMounts', '*', 'bindMountOptions') },
  { gate: 'EmptyDirVolumeMode', paths: [['volumes', '*', 'emptyDir', 'mode']] },
  { gate: 'AtomicWriteVolumeUserFields', paths: VOLUME_FILE_USERS },
];

/** Returns `obj` without the gated fields its version drops (a copy when something is dropped). */
export function dropDisabledPodFields(obj: KObject, old: KObject | undefined, v: KubeVersion): KObject {
  const spec = podSpecAt(obj, obj.kind);
  if (!spec) return obj;
  const oldSpec = old ? podSpecAt(old, old.kind) : undefined;
  const drops = disabledGroups(v).filter((g) => !gateInUse(oldSpec, g.gate));
  const image = !gateEnabled('ImageVolume', v) && !imageVolumesIn(oldSpec).size && imageVolumesIn(spec).size > 0;
  if (!image && !drops.some((g) => inUse(spec, g))) return obj;
  const copy = structuredClone(obj);
  const copySpec = podSpecAt(copy, copy.kind)!;
  for (const g of drops) for (const at of fieldsOf(copySpec, g)) removeAt(copySpec, at, g.pruneEmpty ?? 0);
  if (image) dropImageVolumes(copySpec);
  return copy;
}

/** The concrete paths of the group's fields set in `spec` (with a value it applies to). */
function fieldsOf(spec: Record<string, unknown>, g: GatedFields): ConcretePath[] {
  const all = g.paths.flatMap((p) => presentPaths(spec, p));
  return g.applies ? all.filter((at) => g.applies!(valueAt(spec, at))) : all;
}

/** Whether any field of the group is set in `spec` (with a value it applies to): fieldsOf is not empty. */
function inUse(spec: Record<string, unknown>, g: GatedFields): boolean {
  return g.paths.some((p) => anyPresent(spec, p, g.applies));
}

/** Whether the stored spec uses any field of the gate (the *InUse functions of util.go). */
function gateInUse(spec: Record<string, unknown> | undefined, gate: FeatureGate): boolean {
  return !!spec && POD_GATED_FIELDS.some((g) => g.gate === gate && inUse(spec, g));
}

/** The groups whose gate is off in version `v`, in table order: the same on every write. */
const disabledByVersion = new Map<KubeVersion, readonly GatedFields[]>();
function disabledGroups(v: KubeVersion): readonly GatedFields[] {
  let groups = disabledByVersion.get(v);
  if (!groups) disabledByVersion.set(v, (groups = POD_GATED_FIELDS.filter((g) => !gateEnabled(g.gate, v))));
  return groups;
}

function removeAt(root: Record<string, unknown>, path: ConcretePath, pruneEmpty: number): void {
  const parents: Record<string, unknown>[] = [];
  let at: unknown = root;
  for (const key of path.slice(0, -1)) {
    parents.push(at as Record<string, unknown>);
    at = (at as Record<string, unknown>)[key as string];
  }
  delete (at as Record<string, unknown>)[path[path.length - 1] as string];
  // walk up: remove each parent object left empty, as far as allowed
  for (let level = 1; level <= pruneEmpty; level++) {
    const holder = parents[parents.length - level];
    const key = path[path.length - 1 - level] as string;
    const child = holder?.[key];
    if (!holder || child === null || typeof child !== 'object' || Object.keys(child).length) break;
    delete holder[key];
  }
}

function imageVolumesIn(spec: Record<string, unknown> | undefined): Set<string> {
  const vols = Array.isArray(spec?.volumes) ? (spec.volumes as Record<string, unknown>[]) : [];
  return new Set(vols.filter((vol) => vol?.image !== undefined && vol.image !== null).map((vol) => String(vol.name)));
}

/** dropImageVolumes: the image volumes go, and every container's mounts of them. */
function dropImageVolumes(spec: Record<string, unknown>): void {
  const names = imageVolumesIn(spec);
  keepItems(spec, 'volumes', (vol) => !names.has(String(vol?.name)));
  for (const list of CONTAINER_LISTS) {
    for (const c of Array.isArray(spec[list]) ? (spec[list] as Record<string, unknown>[]) : []) {
      keepItems(c, 'volumeMounts', (m) => !names.has(String(m?.name)));
    }
  }
}

/** Filters a list field in place; a list left empty goes (Go's nil slice, omitted). */
function keepItems(holder: Record<string, unknown> | undefined, field: string, keep: (item: Record<string, unknown>) => boolean): void {
  if (!holder || !Array.isArray(holder[field])) return;
  const kept = (holder[field] as Record<string, unknown>[]).filter(keep);
  if (kept.length) holder[field] = kept;
  else delete holder[field];
}
