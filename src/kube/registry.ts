/**
 * Which apiVersions and kinds the emulated API server serves, per Kubernetes version, and the
 * names kubectl resolves to them (plural, singular, short names as discovery reports them).
 * Removals follow the upstream deprecated API migration guide (kubernetes/website
 * content/en/docs/reference/using-api/deprecation-guide.md).
 */
import { ApiError } from '../errors';
import { atLeast, type KubeVersion } from './version';

export interface ResourceType {
  group: string;
  version: string;
  kind: string;
  plural: string;
  singular: string;
  shortNames: string[];
  namespaced: boolean;
  hasStatus: boolean;
}

interface Served extends ResourceType {
  /** first minor version serving it (undefined: before 1.29) */
  since?: string;
  /** minor version that stopped serving it */
  removedIn?: string;
}

interface Removed {
  group: string;
  version: string;
  kind: string;
  removedIn: string;
  /** what to use instead, for the hint */
  use: string;
}

function t(
  group: string, version: string, kind: string, plural: string, shortNames: string[],
  namespaced: boolean, hasStatus: boolean, extra: Partial<Served> = {},
): Served {
  return { group, version, kind, plural, singular: kind.toLowerCase(), shortNames, namespaced, hasStatus, ...extra };
}

/*
 * 1.36 and 1.37 change nothing here. Checked against k8s.io/api (kubernetes/api tags v0.35.0,
 * v0.36.0, v0.37.0-beta.0, and v0.37.2 from the Go module cache: the group/version directories
 * and each register.go's addKnownTypes):
 * for the kinds below no group/version was added or removed. 1.36 deleted the autoscaling
 * v2beta1/v2beta2 Go types (not served since 1.25/1.26, REMOVED below); 1.37 deleted the unused
 * core/v1 PodStatusResult (#136271, no REST endpoint) and serves storagemigration.k8s.io/v1
 * StorageVersionMigration (GA and on by default, #138560, not listed here: nothing in the simulator
 * acts on it); scheduling.k8s.io's alpha Workload API went v1alpha1 → v1alpha2 (1.36) →
 * v1alpha3 (#138572, 1.37), off by default and not listed either; so is 1.37's new alpha group
 * lifecycle/v1alpha1 (in v0.37.2, not in v0.37.0-beta.0).
 */
/** Every type served by some supported version; the first entry of a kind is its preferred version. */
const SERVED: Served[] = [
  t('', 'v1', 'Namespace', 'namespaces', ['ns'], false, true),
  t('', 'v1', 'Node', 'nodes', ['no'], false, true),
  t('', 'v1', 'Pod', 'pods', ['po'], true, true),
  t('', 'v1', 'Service', 'services', ['svc'], true, true),
  t('', 'v1', 'Endpoints', 'endpoints', ['ep'], true, false, { singular: 'endpoints' }),
  t('', 'v1', 'PersistentVolume', 'persistentvolumes', ['pv'], false, true),
  t('', 'v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', ['pvc'], true, true),
  t('', 'v1', 'ConfigMap', 'configmaps', ['cm'], true, false),
  t('', 'v1', 'Secret', 'secrets', [], true, false),
  t('', 'v1', 'Event', 'events', ['ev'], true, false),
  t('', 'v1', 'ServiceAccount', 'serviceaccounts', ['sa'], true, false),
  t('', 'v1', 'ReplicationController', 'replicationcontrollers', ['rc'], true, true),
  t('', 'v1', 'PodTemplate', 'podtemplates', [], true, false),
  t('', 'v1', 'LimitRange', 'limitranges', ['limits'], true, false),
  t('', 'v1', 'ResourceQuota', 'resourcequotas', ['quota'], true, true),
  t('apps', 'v1', 'StatefulSet', 'statefulsets', ['sts'], true, true),
  t('apps', 'v1', 'Deployment', 'deployments', ['deploy'], true, true),
  t('apps', 'v1', 'ReplicaSet', 'replicasets', ['rs'], true, true),
  t('apps', 'v1', 'DaemonSet', 'daemonsets', ['ds'], true, true),
  t('apps', 'v1', 'ControllerRevision', 'controllerrevisions', [], true, false),
  t('batch', 'v1', 'Job', 'jobs', [], true, true),
  t('batch', 'v1', 'CronJob', 'cronjobs', ['cj'], true, true),
  t('policy', 'v1', 'PodDisruptionBudget', 'poddisruptionbudgets', ['pdb'], true, true),
  t('storage.k8s.io', 'v1', 'StorageClass', 'storageclasses', ['sc'], false, false),
  t('storage.k8s.io', 'v1', 'CSIDriver', 'csidrivers', [], false, false),
  t('storage.k8s.io', 'v1', 'CSINode', 'csinodes', [], false, false),
  t('storage.k8s.io', 'v1', 'VolumeAttachment', 'volumeattachments', [], false, true),
  t('discovery.k8s.io', 'v1', 'EndpointSlice', 'endpointslices', [], true, false),
  t('events.k8s.io', 'v1', 'Event', 'events', ['ev'], true, false),
  t('coordination.k8s.io', 'v1', 'Lease', 'leases', [], true, false),
  t('networking.k8s.io', 'v1', 'Ingress', 'ingresses', ['ing'], true, true, { singular: 'ingress' }),
  t('networking.k8s.io', 'v1', 'IngressClass', 'ingressclasses', [], false, false, { singular: 'ingressclass' }),
  t('networking.k8s.io', 'v1', 'NetworkPolicy', 'networkpolicies', ['netpol'], true, false, { singular: 'networkpolicy' }),
  t('autoscaling', 'v2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', ['hpa'], true, true),
  t('autoscaling', 'v1', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', ['hpa'], true, true),
  t('scheduling.k8s.io', 'v1', 'PriorityClass', 'priorityclasses', ['pc'], false, false, { singular: 'priorityclass' }),
  t('node.k8s.io', 'v1', 'RuntimeClass', 'runtimeclasses', [], false, false, { singular: 'runtimeclass' }),
  t('rbac.authorization.k8s.io', 'v1', 'Role', 'roles', [], true, false),
  t('rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings', [], true, false),
  t('rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', [], false, false),
  t('rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding', 'clusterrolebindings', [], false, false),
  t('flowcontrol.apiserver.k8s.io', 'v1', 'FlowSchema', 'flowschemas', [], false, true),
  t('flowcontrol.apiserver.k8s.io', 'v1', 'PriorityLevelConfiguration', 'prioritylevelconfigurations', [], false, true),
  // Deprecated in 1.29, removed in 1.32 (deprecation guide "v1.32").
  t('flowcontrol.apiserver.k8s.io', 'v1beta3', 'FlowSchema', 'flowschemas', [], false, true, { removedIn: '1.32' }),
  t('flowcontrol.apiserver.k8s.io', 'v1beta3', 'PriorityLevelConfiguration', 'prioritylevelconfigurations', [], false, true, { removedIn: '1.32' }),
];

/** APIs no supported version serves any more, with what replaced them. */
const REMOVED: Removed[] = [
  ...['v1alpha1'].map((version) => ({ group: 'apps', version, kind: 'PetSet', removedIn: '1.5', use: 'apps/v1 StatefulSet' })),
  ...['v1beta1', 'v1beta2'].flatMap((version) =>
    ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ControllerRevision'].map((kind) => ({ group: 'apps', version, kind, removedIn: '1.16', use: `apps/v1 ${kind}` })),
  ),
  ...['Deployment', 'DaemonSet', 'ReplicaSet'].map((kind) => ({ group: 'extensions', version: 'v1beta1', kind, removedIn: '1.16', use: `apps/v1 ${kind}` })),
  { group: 'extensions', version: 'v1beta1', kind: 'NetworkPolicy', removedIn: '1.16', use: 'networking.k8s.io/v1 NetworkPolicy' },
  { group: 'extensions', version: 'v1beta1', kind: 'Ingress', removedIn: '1.22', use: 'networking.k8s.io/v1 Ingress' },
  { group: 'networking.k8s.io', version: 'v1beta1', kind: 'Ingress', removedIn: '1.22', use: 'networking.k8s.io/v1 Ingress' },
  { group: 'networking.k8s.io', version: 'v1beta1', kind: 'IngressClass', removedIn: '1.22', use: 'networking.k8s.io/v1 IngressClass' },
  { group: 'storage.k8s.io', version: 'v1beta1', kind: 'StorageClass', removedIn: '1.22', use: 'storage.k8s.io/v1 StorageClass' },
  { group: 'coordination.k8s.io', version: 'v1beta1', kind: 'Lease', removedIn: '1.22', use: 'coordination.k8s.io/v1 Lease' },
  { group: 'scheduling.k8s.io', version: 'v1beta1', kind: 'PriorityClass', removedIn: '1.22', use: 'scheduling.k8s.io/v1 PriorityClass' },
  ...['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding'].map((kind) => ({ group: 'rbac.authorization.k8s.io', version: 'v1beta1', kind, removedIn: '1.22', use: `rbac.authorization.k8s.io/v1 ${kind}` })),
  { group: 'batch', version: 'v2alpha1', kind: 'CronJob', removedIn: '1.21', use: 'batch/v1 CronJob' },
  { group: 'batch', version: 'v1beta1', kind: 'CronJob', removedIn: '1.25', use: 'batch/v1 CronJob' },
  { group: 'policy', version: 'v1beta1', kind: 'PodDisruptionBudget', removedIn: '1.25', use: 'policy/v1 PodDisruptionBudget' },
  { group: 'policy', version: 'v1beta1', kind: 'PodSecurityPolicy', removedIn: '1.25', use: 'Pod Security Admission (namespace labels pod-security.kubernetes.io/*)' },
  { group: 'extensions', version: 'v1beta1', kind: 'PodSecurityPolicy', removedIn: '1.16', use: 'Pod Security Admission (namespace labels pod-security.kubernetes.io/*)' },
  { group: 'discovery.k8s.io', version: 'v1beta1', kind: 'EndpointSlice', removedIn: '1.25', use: 'discovery.k8s.io/v1 EndpointSlice' },
  { group: 'events.k8s.io', version: 'v1beta1', kind: 'Event', removedIn: '1.25', use: 'events.k8s.io/v1 Event' },
  { group: 'node.k8s.io', version: 'v1beta1', kind: 'RuntimeClass', removedIn: '1.25', use: 'node.k8s.io/v1 RuntimeClass' },
  { group: 'autoscaling', version: 'v2beta1', kind: 'HorizontalPodAutoscaler', removedIn: '1.25', use: 'autoscaling/v2 HorizontalPodAutoscaler' },
  { group: 'autoscaling', version: 'v2beta2', kind: 'HorizontalPodAutoscaler', removedIn: '1.26', use: 'autoscaling/v2 HorizontalPodAutoscaler' },
  ...['FlowSchema', 'PriorityLevelConfiguration'].map((kind) => ({ group: 'flowcontrol.apiserver.k8s.io', version: 'v1beta2', kind, removedIn: '1.29', use: `flowcontrol.apiserver.k8s.io/v1 ${kind}` })),
  ...['FlowSchema', 'PriorityLevelConfiguration'].map((kind) => ({ group: 'flowcontrol.apiserver.k8s.io', version: 'v1beta3', kind, removedIn: '1.32', use: `flowcontrol.apiserver.k8s.io/v1 ${kind}` })),
];

/** "apps/v1" → {group: apps, version: v1}; "v1" → core. */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf('/');
  return i < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

export function apiVersionOf(type: Pick<ResourceType, 'group' | 'version'>): string {
  return type.group ? `${type.group}/${type.version}` : type.version;
}

function isServed(s: Served, v: KubeVersion): boolean {
  return (!s.since || atLeast(v, s.since)) && (!s.removedIn || !atLeast(v, s.removedIn));
}

function publicType(s: Served): ResourceType {
  const { group, version, kind, plural, singular, shortNames, namespaced, hasStatus } = s;
  return Object.freeze({ group, version, kind, plural, singular, shortNames: Object.freeze([...shortNames]) as string[], namespaced, hasStatus });
}

/** The types the emulated version serves (what discovery would list). */
export function servedTypes(v: KubeVersion): ResourceType[] {
  return SERVED.filter((s) => isServed(s, v)).map(publicType);
}

/**
 * The RESTMapper's error for an apiVersion/kind the server does not serve (apimachinery
 * meta.NoKindMatchError). kubectl prints it inside "resource mapping not found for name: ..."
 * (see kubectlNoMatchMessage in status-errors.ts).
 */
export function noKindMatchMessage(apiVersion: string, kind: string): string {
  return `no matches for kind "${kind}" in version "${apiVersion}"`;
}

/** The served type for a manifest's apiVersion and kind; throws ApiError (404) when not served. */
export function resolveType(apiVersion: string, kind: string, v: KubeVersion): ResourceType {
  const key = `${v} ${apiVersion} ${kind}`;
  let found = resolved.get(key);
  if (found === undefined) {
    const { group, version } = splitApiVersion(apiVersion);
    const served = SERVED.find((s) => s.group === group && s.version === version && s.kind === kind && isServed(s, v));
    resolved.set(key, (found = served ? publicType(served) : null));
  }
  if (!found) throw new ApiError(404, 'NotFound', noKindMatchMessage(apiVersion, kind));
  return found;
}

// Every write and check looks types up; the table is fixed, so each answer is computed once.
// The answers are shared: callers must not modify them (none does).
const resolved = new Map<string, ResourceType | null>();
const byKind = new Map<string, ResourceType | null>();
const byResourceName = new Map<string, string | undefined>();

/** The preferred (first listed) version of a kind; for kinds in two groups (Event) the core one. */
export function typeForKind(kind: string): ResourceType {
  let found = byKind.get(kind);
  if (found === undefined) {
    const served = SERVED.find((s) => s.kind === kind && !s.removedIn);
    byKind.set(kind, (found = served ? publicType(served) : null));
  }
  if (!found) throw new ApiError(404, 'NotFound', `the server doesn't have a resource type "${kind}"`);
  return found;
}

/**
 * The kind a kubectl resource argument names: plural, singular, short name or kind, optionally
 * qualified by group (`statefulsets.apps`) or version and group (`statefulsets.v1.apps`).
 */
export function kindForResourceName(name: string): string | undefined {
  if (!byResourceName.has(name)) byResourceName.set(name, lookUpResourceName(name));
  return byResourceName.get(name);
}

function lookUpResourceName(name: string): string | undefined {
  const lower = name.toLowerCase();
  const [resource, ...rest] = lower.split('.');
  const qualifier = rest.join('.');
  const matches = SERVED.filter((s) => !s.removedIn).filter(
    (s) => [s.plural, s.singular, s.kind.toLowerCase(), ...s.shortNames].includes(resource!),
  );
  const chosen = qualifier
    ? matches.find((s) => s.group === qualifier || `${s.version}.${s.group}` === qualifier || (s.group === '' && qualifier === s.version))
    : matches[0];
  return chosen?.kind;
}

/** What to do about an apiVersion/kind no supported version serves, e.g. a removed beta API. */
export function removedApiHint(apiVersion: string, kind: string): string | undefined {
  const { group, version } = splitApiVersion(apiVersion);
  if (kind === 'PetSet') {
    return 'PetSet was renamed StatefulSet in Kubernetes 1.5; use apiVersion apps/v1, kind StatefulSet';
  }
  const removed = REMOVED.find((r) => r.group === group && r.version === version && r.kind === kind);
  if (removed) {
    const [useVersion, useKind] = removed.use.split(' ');
    const instead = useKind === kind ? useVersion : removed.use;
    return `${apiVersion} was removed in ${removed.removedIn}; use ${instead}`;
  }
  const newer = SERVED.find((s) => s.kind === kind && !s.removedIn);
  if (newer && apiVersionOf(newer) !== apiVersion) return `${kind} is served as ${apiVersionOf(newer)}; use apiVersion ${apiVersionOf(newer)}`;
  return undefined;
}
