/**
 * What a request path names, following the API server's request info parser (apiserver
 * pkg/endpoints/request/requestinfo.go): /api/v1 for the core group, /apis/<group>/<version>
 * for the others, then [namespaces/<ns>/]<resource>[/<name>[/<subresource>]]. A deprecated
 * /watch/ prefix makes a list a watch. `namespaces/<name>/status` and `/finalize` are the
 * namespace's own subresources, anything else after `namespaces/<ns>/` is a namespaced resource.
 */

export const EXTENSION_GROUP = 'kscenario.dev';
export const EXTENSION_VERSION = 'v1alpha1';

export type Route =
  | { kind: 'version' }
  | { kind: 'health' }
  | { kind: 'legacyRoot' }
  | { kind: 'groupsRoot' }
  | { kind: 'group'; group: string }
  | { kind: 'groupVersion'; group: string; version: string }
  | ResourceRoute
  | { kind: 'extension'; parts: string[] }
  | { kind: 'openapi'; path: string }
  | { kind: 'notFound' };

export interface ResourceRoute {
  kind: 'resource';
  group: string;
  version: string;
  /** plural resource name as in the URL */
  resource: string;
  namespace?: string;
  name?: string;
  subresource?: string;
  /** the path had the deprecated /watch/ segment */
  watchPath: boolean;
}

const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);
const HEALTH = new Set(['healthz', 'livez', 'readyz']);

export function parseRoute(pathname: string): Route {
  const parts = pathname.split('/').filter((p) => p !== '').map(decodeURIComponent);
  const [first, ...rest] = parts;
  if (first === 'version' && rest.length === 0) return { kind: 'version' };
  if (first && HEALTH.has(first)) return { kind: 'health' };
  if (first === 'openapi') return { kind: 'openapi', path: parts.join('/') };
  if (first === 'api') {
    if (rest.length === 0) return { kind: 'legacyRoot' };
    const [version, ...tail] = rest;
    if (version !== 'v1') return { kind: 'notFound' };
    if (tail.length === 0) return { kind: 'groupVersion', group: '', version };
    return resourceRoute('', version, tail);
  }
  if (first === 'apis') {
    if (rest.length === 0) return { kind: 'groupsRoot' };
    const [group, version, ...tail] = rest as [string, string | undefined, ...string[]];
    if (group === EXTENSION_GROUP) return version === EXTENSION_VERSION ? { kind: 'extension', parts: tail } : { kind: 'notFound' };
    if (version === undefined) return { kind: 'group', group };
    if (tail.length === 0) return { kind: 'groupVersion', group, version };
    return resourceRoute(group, version, tail);
  }
  return { kind: 'notFound' };
}

function resourceRoute(group: string, version: string, input: string[]): Route {
  let parts = input;
  const watchPath = parts[0] === 'watch';
  if (watchPath) parts = parts.slice(1);
  let namespace: string | undefined;
  if (parts[0] === 'namespaces' && parts.length > 1) {
    namespace = parts[1];
    if (parts.length > 2 && !NAMESPACE_SUBRESOURCES.has(parts[2]!)) parts = parts.slice(2);
  }
  const [resource, name, subresource, ...extra] = parts;
  if (!resource || extra.length) return { kind: 'notFound' };
  const route: ResourceRoute = { kind: 'resource', group, version, resource, watchPath };
  // `namespaces/<name>` itself: the namespace segment is the object's name, not a scope.
  if (resource === 'namespaces') {
    if (name !== undefined) route.name = name;
    if (subresource !== undefined) route.subresource = subresource;
    return route;
  }
  if (namespace !== undefined) route.namespace = namespace;
  if (name !== undefined) route.name = name;
  if (subresource !== undefined) route.subresource = subresource;
  return route;
}
