/**
 * REST mapping from the server's discovery documents (GET /api/v1, /apis/<group>/<version>), as
 * kubectl's RESTMapper does it: which resource serves an apiVersion and kind, its plural, scope
 * and whether it has a status subresource. One request per group version, cached for the run.
 */
import type { ResourceType } from '../../kube/registry';
import { splitApiVersion } from '../../kube/registry';
import type { KubeHttp } from './http';

interface ApiResource {
  name: string;
  singularName?: string;
  namespaced: boolean;
  kind: string;
  shortNames?: string[];
}

export class Discovery {
  private readonly lists = new Map<string, Promise<ApiResource[] | undefined>>();

  constructor(private readonly http: KubeHttp) {}

  async resourceFor(apiVersion: string, kind: string): Promise<ResourceType | undefined> {
    const { group, version } = splitApiVersion(apiVersion);
    const resources = await this.groupVersion(group, version);
    if (!resources) return undefined;
    const r = resources.find((x) => x.kind === kind && !x.name.includes('/'));
    if (!r) return undefined;
    return {
      group,
      version,
      kind,
      plural: r.name,
      singular: r.singularName || kind.toLowerCase(),
      shortNames: [...(r.shortNames ?? [])],
      namespaced: r.namespaced,
      hasStatus: resources.some((x) => x.name === `${r.name}/status`),
    };
  }

  /** Whether the server serves a group version at all (e.g. the kscenario.dev extension). */
  async serves(group: string, version: string): Promise<boolean> {
    return (await this.groupVersion(group, version)) !== undefined;
  }

  async resources(group: string, version: string): Promise<ApiResource[]> {
    return (await this.groupVersion(group, version)) ?? [];
  }

  private groupVersion(group: string, version: string): Promise<ApiResource[] | undefined> {
    const key = `${group}/${version}`;
    let known = this.lists.get(key);
    if (!known) {
      known = this.fetch(group, version);
      this.lists.set(key, known);
      // a failure (not a 404) is not remembered: the next call asks again
      known.catch(() => this.lists.delete(key));
    }
    return known;
  }

  private async fetch(group: string, version: string): Promise<ApiResource[] | undefined> {
    const path = group ? `/apis/${group}/${version}` : `/api/${version}`;
    const a = await this.http.request('GET', path);
    if (a.status === 404) return undefined;
    if (a.status !== 200) {
      // the same error mapping as every other request
      await this.http.json('GET', path);
      return undefined;
    }
    return ((JSON.parse(a.body) as { resources?: ApiResource[] }).resources ?? []);
  }
}
