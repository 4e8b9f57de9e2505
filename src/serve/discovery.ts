/**
 * API discovery documents (apiserver pkg/endpoints/discovery): /version, the legacy /api,
 * /apis and /apis/<group>/<version> lists, and aggregated discovery (apidiscovery.k8s.io/v2,
 * what kubectl 1.30+ asks for first: one request for every group, version and resource).
 * Pure functions of the emulated version.
 */
import { kubeletVersion } from '../sim/kubelet/node-object';
import type { KubeVersion } from '../kube/version';
import { restResources, servedGroups, type RestResource } from './resources';

/** Content type that marks an aggregated discovery answer (client-go checks it to pick the format). */
export const AGGREGATED_V2 = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
export const AGGREGATED_V2BETA1 = 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList';

/** GET /version (version.Info). */
export function versionInfo(v: KubeVersion): Record<string, string> {
  const [major, minor] = v.split('.') as [string, string];
  return {
    major,
    minor,
    gitVersion: kubeletVersion(v),
    gitCommit: 'kscenario-simulator',
    gitTreeState: 'clean',
    buildDate: '2025-01-01T00:00:00Z',
    goVersion: 'kscenario',
    compiler: 'kscenario',
    platform: 'linux/amd64',
  };
}

/** GET /api (metav1.APIVersions). */
export function legacyVersions(serverAddress: string): object {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

function groupEntry(group: string, versions: string[]): object {
  const gvs = versions.map((version) => ({ groupVersion: `${group}/${version}`, version }));
  return { name: group, versions: gvs, preferredVersion: gvs[0] };
}

/** GET /apis (metav1.APIGroupList): every named group, preferred version first. */
export function groupList(v: KubeVersion): object {
  const groups = servedGroups(v).filter((g) => g.group !== '');
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map((g) => groupEntry(g.group, g.versions)) };
}

/** GET /apis/<group> (metav1.APIGroup), or undefined when the group is not served. */
export function apiGroup(v: KubeVersion, group: string): object | undefined {
  const g = servedGroups(v).find((x) => x.group === group && group !== '');
  return g && { kind: 'APIGroup', apiVersion: 'v1', ...groupEntry(g.group, g.versions) };
}

function resourcesOf(v: KubeVersion, group: string, version: string): RestResource[] {
  return restResources(v).filter((r) => r.group === group && r.version === version);
}

/** GET /api/v1 or /apis/<group>/<version> (metav1.APIResourceList), or undefined when not served. */
export function resourceList(v: KubeVersion, group: string, version: string): object | undefined {
  const resources = resourcesOf(v, group, version);
  if (!resources.length) return undefined;
  const out: object[] = [];
  for (const r of resources) {
    out.push({
      name: r.plural,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: r.verbs,
      ...(r.shortNames.length ? { shortNames: r.shortNames } : {}),
      ...(r.categories.length ? { categories: r.categories } : {}),
    });
    for (const s of r.subresources) {
      const foreign = s.group !== r.group || s.version !== r.version;
      out.push({
        name: `${r.plural}/${s.name}`,
        singularName: '',
        namespaced: r.namespaced,
        ...(foreign ? { group: s.group, version: s.version } : {}),
        kind: s.kind,
        verbs: s.verbs,
      });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources: out };
}

function resourceDiscovery(r: RestResource): object {
  return {
    resource: r.plural,
    responseKind: { group: r.group, version: r.version, kind: r.kind },
    scope: r.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: r.singular,
    verbs: r.verbs,
    ...(r.shortNames.length ? { shortNames: r.shortNames } : {}),
    ...(r.categories.length ? { categories: r.categories } : {}),
    ...(r.subresources.length
      ? { subresources: r.subresources.map((s) => ({ subresource: s.name, responseKind: { group: s.group, version: s.version, kind: s.kind }, verbs: s.verbs })) }
      : {}),
  };
}

/**
 * Aggregated discovery (apidiscovery.k8s.io v2 or v2beta1, same shape): for /api the core group
 * alone, for /apis every named group, each version with its resources.
 */
export function aggregatedDiscovery(v: KubeVersion, legacy: boolean, apiVersion: 'v2' | 'v2beta1'): object {
  const groups = servedGroups(v).filter((g) => (g.group === '') === legacy);
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: `apidiscovery.k8s.io/${apiVersion}`,
    metadata: {},
    items: groups.map((g) => ({
      metadata: { name: g.group },
      versions: g.versions.map((version) => ({ version, resources: resourcesOf(v, g.group, version).map(resourceDiscovery), freshness: 'Current' })),
    })),
  };
}
