/**
 * The REST resources the served cluster exposes, per emulated Kubernetes version: the types of
 * kube/registry.ts with the verbs, categories and subresources the upstream registries give
 * them (pkg/registry/<group>/<resource>/storage; discovery lists what a REST storage implements:
 * Creater, Getter, Lister, Updater, Patcher, GracefulDeleter, CollectionDeleter, Watcher).
 */
import { servedTypes, type ResourceType } from '../kube/registry';
import type { KubeVersion } from '../kube/version';
import { resizeServed } from '../sim/apiserver/pod-resize';

export interface Subresource {
  /** status, scale, eviction, binding, exec, finalize */
  name: string;
  /** the kind the subresource takes and answers (Scale, Eviction, Binding, or the parent kind) */
  group: string;
  version: string;
  kind: string;
  verbs: string[];
}

export interface RestResource extends ResourceType {
  verbs: string[];
  categories: string[];
  subresources: Subresource[];
}

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
/** Namespaces have no DeleteCollection (pkg/registry/core/namespace/storage). */
const NO_COLLECTION_DELETE = new Set(['Namespace']);
/** The "all" category (kubectl get all): the workload kinds and Services. */
const ALL_CATEGORY = new Set(['Pod', 'Service', 'ReplicationController', 'Deployment', 'StatefulSet', 'ReplicaSet', 'DaemonSet', 'Job', 'CronJob', 'HorizontalPodAutoscaler']);
/** Kinds with a scale subresource answering autoscaling/v1 Scale. */
const SCALABLE = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController']);

const STATUS_VERBS = ['get', 'patch', 'update'];

function subresourcesOf(t: ResourceType, v: KubeVersion): Subresource[] {
  const own = (name: string, verbs: string[]): Subresource => ({ name, group: t.group, version: t.version, kind: t.kind, verbs });
  const out: Subresource[] = [];
  if (t.kind === 'Pod') {
    out.push({ name: 'attach', group: '', version: 'v1', kind: 'PodAttachOptions', verbs: ['create', 'get'] });
    out.push({ name: 'binding', group: '', version: 'v1', kind: 'Binding', verbs: ['create'] });
    out.push({ name: 'eviction', group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] });
    out.push({ name: 'exec', group: '', version: 'v1', kind: 'PodExecOptions', verbs: ['create', 'get'] });
    out.push({ name: 'log', group: '', version: 'v1', kind: 'Pod', verbs: ['get'] });
    out.push({ name: 'portforward', group: '', version: 'v1', kind: 'PodPortForwardOptions', verbs: ['create', 'get'] });
    if (resizeServed(v)) out.push(own('resize', STATUS_VERBS));
  }
  if (t.kind === 'Namespace') out.push(own('finalize', ['update']));
  if (SCALABLE.has(t.kind)) out.push({ name: 'scale', group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: STATUS_VERBS });
  if (t.hasStatus) out.push(own('status', STATUS_VERBS));
  return out;
}

function restResource(t: ResourceType, v: KubeVersion): RestResource {
  return {
    ...t,
    verbs: NO_COLLECTION_DELETE.has(t.kind) ? ALL_VERBS.filter((v) => v !== 'deletecollection') : ALL_VERBS,
    categories: ALL_CATEGORY.has(t.kind) && !(t.kind === 'HorizontalPodAutoscaler' && t.version !== 'v2') ? ['all'] : [],
    subresources: subresourcesOf(t, v),
  };
}

const cache = new Map<KubeVersion, RestResource[]>();

/** Every resource the version serves, in registry order (core first; a group's preferred version first). */
export function restResources(v: KubeVersion): RestResource[] {
  let list = cache.get(v);
  if (!list) cache.set(v, (list = servedTypes(v).map((t) => restResource(t, v))));
  return list;
}

export function findResource(v: KubeVersion, group: string, version: string, plural: string): RestResource | undefined {
  return restResources(v).find((r) => r.group === group && r.version === version && r.plural === plural);
}

/** The group/versions served, each group with its versions in preference order. */
export function servedGroups(v: KubeVersion): Array<{ group: string; versions: string[] }> {
  const groups: Array<{ group: string; versions: string[] }> = [];
  for (const r of restResources(v)) {
    let g = groups.find((x) => x.group === r.group);
    if (!g) groups.push((g = { group: r.group, versions: [] }));
    if (!g.versions.includes(r.version)) g.versions.push(r.version);
  }
  return groups;
}

/** `statefulsets.apps`, `pods`: how messages name a resource. */
export function groupResourceOf(r: Pick<ResourceType, 'group' | 'plural'>): string {
  return r.group ? `${r.plural}.${r.group}` : r.plural;
}
