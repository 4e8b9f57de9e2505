/**
 * How a strategic merge patch treats each field of the built-in kinds: the `patchStrategy` and
 * `patchMergeKey` struct tags of the k8s.io/api types (v0.37.2; core/v1, apps/v1, batch/v1,
 * policy/v1, storage/v1, resource/v1, admissionregistration/v1, and metav1.ObjectMeta in
 * apimachinery), which the API server's strategicpatch reads through the Go types
 * (PatchMetaFromStruct). Every tagged field of those packages is listed below, with where it sits
 * in an object; a field not listed has no tag: a list is replaced wholesale, a map merges.
 *
 * A field is found by the path of field names from the object's root (list elements add no name).
 * Most rules match the end of the path, because the same type sits at several depths (a PodSpec in
 * a Pod, a template, a CronJob's job template); the few names that mean different types in
 * different kinds are pinned to their kind (Service `spec.ports`, Node `status.addresses`).
 */

export interface PatchMeta {
  /** `merge` for a list merges element-wise (by mergeKey, or as a set of scalars); `replace` for a map replaces it */
  strategy: 'merge' | 'replace' | 'retainKeys';
  mergeKey?: string;
  /** `merge,retainKeys` lists: kubectl's patch lists the keys of each element it sends */
  retainKeys?: true;
}

interface Rule {
  /** the end of the field path, dot-separated; `|` separates alternatives of one name */
  suffix: string;
  /** the rule holds only in these kinds, with the path starting at the root */
  kind?: string;
  meta: PatchMeta;
}

const merge = (mergeKey?: string): PatchMeta => (mergeKey ? { strategy: 'merge', mergeKey } : { strategy: 'merge' });
const CONTAINERS = 'containers|initContainers|ephemeralContainers';
const CONTAINER_STATUSES = 'containerStatuses|initContainerStatuses|ephemeralContainerStatuses';

const RULES: Rule[] = [
  // metav1.ObjectMeta
  { suffix: 'metadata.finalizers', meta: merge() },
  { suffix: 'metadata.ownerReferences', meta: merge('uid') },
  // core/v1 PodSpec
  { suffix: `spec.${CONTAINERS}`, meta: merge('name') },
  { suffix: 'spec.volumes', meta: { ...merge('name'), retainKeys: true } },
  { suffix: 'spec.imagePullSecrets', meta: merge('name') },
  { suffix: 'spec.hostAliases', meta: merge('ip') },
  { suffix: 'spec.topologySpreadConstraints', meta: merge('topologyKey') },
  { suffix: 'spec.resourceClaims', meta: { ...merge('name'), retainKeys: true } },
  { suffix: 'spec.schedulingGates', meta: merge('name') },
  // core/v1 Container
  { suffix: `${CONTAINERS}.ports`, meta: merge('containerPort') },
  { suffix: `${CONTAINERS}.env`, meta: merge('name') },
  { suffix: `${CONTAINERS}.volumeMounts`, meta: merge('mountPath') },
  { suffix: `${CONTAINERS}.volumeDevices`, meta: merge('devicePath') },
  // core/v1 PodStatus
  { suffix: 'status.podIPs', kind: 'Pod', meta: merge('ip') },
  { suffix: 'status.hostIPs', kind: 'Pod', meta: merge('ip') },
  { suffix: 'status.resourceClaimStatuses', kind: 'Pod', meta: { ...merge('name'), retainKeys: true } },
  { suffix: `status.${CONTAINER_STATUSES}.allocatedResourcesStatus`, kind: 'Pod', meta: merge('name') },
  { suffix: `status.${CONTAINER_STATUSES}.volumeMounts`, kind: 'Pod', meta: merge('mountPath') },
  // core/v1 others
  { suffix: 'spec.ports', kind: 'Service', meta: merge('port') },
  { suffix: 'secrets', kind: 'ServiceAccount', meta: merge('name') },
  { suffix: 'spec.podCIDRs', kind: 'Node', meta: merge() },
  { suffix: 'status.addresses', kind: 'Node', meta: merge('type') },
  { suffix: 'status.conditions', meta: merge('type') }, // every kind's status conditions are keyed by type
  // apps/v1: Deployment's strategy is retainKeys; DaemonSet's and StatefulSet's updateStrategy are not tagged
  { suffix: 'spec.strategy', kind: 'Deployment', meta: { strategy: 'retainKeys' } },
  // policy/v1: a PodDisruptionBudget's selector is replaced, not merged
  { suffix: 'spec.selector', kind: 'PodDisruptionBudget', meta: { strategy: 'replace' } },
  // storage/v1, resource/v1
  { suffix: 'spec.drivers', kind: 'CSINode', meta: merge('name') },
  { suffix: 'status.reservedFor', kind: 'ResourceClaim', meta: merge('uid') },
  { suffix: 'status.devices.conditions', kind: 'ResourceClaim', meta: merge('type') },
  // admissionregistration/v1
  { suffix: 'webhooks', kind: 'MutatingWebhookConfiguration', meta: merge('name') },
  { suffix: 'webhooks', kind: 'ValidatingWebhookConfiguration', meta: merge('name') },
  { suffix: 'webhooks.matchConditions', meta: merge('name') },
  { suffix: 'spec.matchConditions', meta: merge('name') },
  { suffix: 'spec.variables', meta: merge('name') },
];

/** The patch strategy of the field at `path` (field names from the root) in an object of `kind`. */
export function patchMetaAt(kind: string | undefined, path: readonly string[]): PatchMeta | undefined {
  return RULES.find((r) => matches(r, kind, path))?.meta;
}

function matches(rule: Rule, kind: string | undefined, path: readonly string[]): boolean {
  const parts = rule.suffix.split('.');
  if (rule.kind !== undefined && (rule.kind !== kind || parts.length !== path.length)) return false;
  if (parts.length > path.length) return false;
  const tail = path.slice(path.length - parts.length);
  return parts.every((alternatives, i) => alternatives.split('|').includes(tail[i]!));
}
