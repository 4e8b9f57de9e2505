/**
 * A minimal OpenAPI v3 document set (apiserver /openapi/v3): the root lists one document per
 * served group/version; each document has the item path of every resource with its PATCH
 * operation, the x-kubernetes-group-version-kind extension and the write query parameters. That
 * is what kubectl reads from it: `kubectl apply`/`create` check that the server takes the
 * fieldValidation parameter (then they leave validation to the server instead of downloading
 * schemas), and apply finds no strategic-merge request body here, so it builds its patch from
 * its compiled-in types. There are no schemas: `kubectl explain` does not work. /openapi/v2 is
 * not served (404), which kubectl tolerates once v3 answered.
 */
import { createHash } from 'node:crypto';
import type { KubeVersion } from '../kube/version';
import { restResources, servedGroups, type RestResource } from './resources';

function gvPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

const WRITE_PARAMS = ['dryRun', 'fieldManager', 'fieldValidation', 'force'].map((name) => ({
  name, in: 'query', schema: { type: name === 'force' ? 'boolean' : 'string', uniqueItems: true },
}));

function itemPath(r: RestResource): string {
  const prefix = `/${gvPath(r.group, r.version)}`;
  return r.namespaced ? `${prefix}/namespaces/{namespace}/${r.plural}/{name}` : `${prefix}/${r.plural}/{name}`;
}

export function openApiDocument(v: KubeVersion, group: string, version: string): object | undefined {
  const resources = restResources(v).filter((r) => r.group === group && r.version === version);
  if (!resources.length) return undefined;
  const paths: Record<string, object> = {};
  for (const r of resources) {
    paths[itemPath(r)] = {
      patch: {
        operationId: `patch${r.kind}`,
        'x-kubernetes-action': 'patch',
        'x-kubernetes-group-version-kind': { group: r.group, version: r.version, kind: r.kind },
        parameters: WRITE_PARAMS,
        responses: { '200': { description: 'OK' } },
      },
    };
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes (kscenario simulator)', version: `v${v}.0` }, paths, components: {} };
}

const roots = new Map<KubeVersion, object>();

/** GET /openapi/v3: the group/version documents, each with a content hash as upstream gives. */
export function openApiRoot(v: KubeVersion): object {
  let root = roots.get(v);
  if (!root) roots.set(v, (root = buildRoot(v)));
  return root;
}

function buildRoot(v: KubeVersion): object {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const g of servedGroups(v)) {
    for (const version of g.versions) {
      const p = gvPath(g.group, version);
      const hash = createHash('sha512').update(JSON.stringify(openApiDocument(v, g.group, version))).digest('hex').toUpperCase();
      paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${hash}` };
    }
  }
  return { paths };
}

/** The document a /openapi/v3/<path> request names, or undefined. */
export function openApiForPath(v: KubeVersion, path: string): object | undefined {
  const parts = path.split('/').filter((p) => p);
  if (parts[0] !== 'openapi' || parts[1] !== 'v3') return undefined;
  if (parts.length === 2) return openApiRoot(v);
  const rest = parts.slice(2);
  if (rest[0] === 'api' && rest.length === 2) return openApiDocument(v, '', rest[1]!);
  if (rest[0] === 'apis' && rest.length === 3) return openApiDocument(v, rest[1]!, rest[2]!);
  return undefined;
}
