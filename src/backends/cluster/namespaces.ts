/**
 * Isolation of a scenario on a shared cluster: every namespace the scenario names (its `default`,
 * those of spec.cluster.namespaces, and any other it creates or refers to) maps to a fresh one,
 * `ks-<short scenario name>-<random>` for `default` and `ks-<short>-<random>-<name>` for the
 * others. System namespaces (kube-system, kube-public, kube-node-lease, local-path-storage) are
 * the cluster's own and are not mapped.
 *
 * Objects going to the cluster get the cluster's names (metadata.namespace, a Namespace's name,
 * every `namespace`/`namespaces` field that refers to one — a PV's claimRef, a RoleBinding's
 * subjects, a pod affinity term's namespaces — and namespaceSelectors on
 * kubernetes.io/metadata.name); objects coming back get the scenario's names back, everywhere in
 * the object (event messages, SRV targets, last-applied annotations...), by replacing the
 * generated names, which are unique. Objects of namespaces that are neither the scenario's nor
 * system ones (other users', other runs') are not shown to the scenario at all. Cluster-scoped
 * objects the scenario creates carry the run label, by which stop() finds and deletes them.
 */
import { randomBytes } from 'node:crypto';
import type { KObject } from '../../kube/object';

export const SYSTEM_NAMESPACES: ReadonlySet<string> = new Set(['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage']);

/** The label on everything cluster-scoped a run creates (its namespaces too); value: the run id. */
export const RUN_LABEL = 'kscenario.dev/run';

const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
const MAX_NAME = 63;
const SHORT_NAME = 20;

/** Maps whose keys and values are the user's own strings: never rewritten. */
const FREEFORM = new Set(['labels', 'annotations', 'data', 'stringData', 'binaryData', 'matchLabels', 'nodeSelector', 'parameters', 'volumeAttributes', 'attributes']);

export class NamespaceMap {
  /** `<short>-<random>`: the value of the run label */
  readonly runId: string;
  /** the cluster name of the scenario's `default` namespace, and the prefix of the others */
  readonly base: string;
  private readonly toClusterNames = new Map<string, string>();
  private readonly toScenarioNames = new Map<string, string>();
  private pattern: RegExp | undefined;

  constructor(scenarioName: string, random: string = randomId()) {
    const short = scenarioName.toLowerCase().replace(/[^a-z0-9-]+/g, '-').slice(0, SHORT_NAME).replace(/^-+|-+$/g, '') || 'scenario';
    this.runId = `${short}-${random}`;
    this.base = `ks-${this.runId}`;
    this.assign('default', this.base);
  }

  /** A namespace only the backend uses (not a scenario one, never shown): `<base>--<what>`. */
  internal(what: string): string {
    return `${this.base}--${what}`;
  }

  static isSystem(namespace: string): boolean {
    return SYSTEM_NAMESPACES.has(namespace);
  }

  /** The cluster's name for a scenario namespace; a new one is generated on first use. */
  toCluster(namespace: string): string {
    if (NamespaceMap.isSystem(namespace)) return namespace;
    const known = this.toClusterNames.get(namespace);
    if (known) return known;
    let name = `${this.base}-${namespace}`;
    if (name.length > MAX_NAME) {
      const tag = randomId();
      name = `${name.slice(0, MAX_NAME - tag.length - 1).replace(/-+$/, '')}-${tag}`;
    }
    return this.assign(namespace, name);
  }

  /** The scenario's name for a cluster namespace; undefined for one that is neither the scenario's nor a system one. */
  toScenario(namespace: string): string | undefined {
    if (NamespaceMap.isSystem(namespace)) return namespace;
    return this.toScenarioNames.get(namespace);
  }

  /** scenario namespace → cluster namespace, for reports */
  mapping(): Record<string, string> {
    return Object.fromEntries(this.toClusterNames);
  }

  /** Every cluster namespace generated so far. */
  clusterNamespaces(): string[] {
    return [...this.toScenarioNames.keys()];
  }

  /** Replaces every generated name in a text by the scenario's name. */
  text(s: string): string {
    if (!this.pattern) {
      const names = [...this.toScenarioNames.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
      this.pattern = new RegExp(`(?<![a-z0-9-])(?:${names.join('|')})(?![a-z0-9-])`, 'g');
    }
    this.pattern.lastIndex = 0;
    return s.replace(this.pattern, (m) => this.toScenarioNames.get(m) ?? m);
  }

  /**
   * An object on its way to the cluster (a copy): its namespace (when `namespaced`; `default`
   * when it names none) and the namespaces it refers to, mapped; a Namespace renamed; anything
   * cluster-scoped labelled with the run.
   */
  outbound(obj: KObject, namespaced: boolean): KObject {
    const out = mapFields(structuredClone(obj), (ns) => this.toCluster(ns), undefined) as KObject;
    out.metadata = { ...out.metadata };
    if (namespaced) {
      out.metadata.namespace = this.toCluster(obj.metadata.namespace ?? 'default');
    } else {
      if (out.kind === 'Namespace' && out.metadata.name) out.metadata.name = this.toCluster(out.metadata.name);
      if (!(out.kind === 'Namespace' && NamespaceMap.isSystem(out.metadata.name))) {
        out.metadata.labels = { ...out.metadata.labels, [RUN_LABEL]: this.runId };
      }
    }
    return out;
  }

  /** A patch body (or any fragment) with the namespace fields it sets mapped. */
  outboundFields<T>(fragment: T): T {
    return mapFields(structuredClone(fragment), (ns) => this.toCluster(ns), undefined) as T;
  }

  /**
   * An object coming back from the cluster, as the scenario sees it; undefined when it belongs to
   * a namespace that is not the scenario's (nor a system one), unless `shown` says to show it.
   */
  inbound(obj: KObject, shown = false): KObject | undefined {
    const ns = obj.metadata?.namespace;
    if (!shown && ns !== undefined && ns !== '' && this.toScenario(ns) === undefined) return undefined;
    if (!shown && obj.kind === 'Namespace' && this.toScenario(obj.metadata.name) === undefined) return undefined;
    const back = JSON.parse(this.text(JSON.stringify(obj))) as KObject;
    const labels = back.metadata?.labels;
    if (labels && RUN_LABEL in labels) {
      const { [RUN_LABEL]: _run, ...rest } = labels;
      back.metadata = { ...back.metadata, labels: rest };
      if (!Object.keys(rest).length) delete back.metadata.labels;
    }
    return back;
  }

  /**
   * A DNS name as the cluster knows it: the namespace label of `<...>.<ns>.svc.<zone>` and
   * `<...>.<ns>.pod.<zone>` mapped. Other names are unchanged.
   */
  dnsName(fqdn: string, zone: string): string {
    const trailing = fqdn.endsWith('.') ? '.' : '';
    const name = trailing ? fqdn.slice(0, -1) : fqdn;
    for (const kind of ['svc', 'pod']) {
      const suffix = `.${kind}.${zone}`;
      if (!name.endsWith(suffix)) continue;
      const labels = name.slice(0, -suffix.length).split('.');
      const ns = labels[labels.length - 1];
      if (!ns) return fqdn;
      labels[labels.length - 1] = this.toCluster(ns);
      return `${labels.join('.')}${suffix}${trailing}`;
    }
    return fqdn;
  }

  private assign(scenarioName: string, clusterName: string): string {
    this.toClusterNames.set(scenarioName, clusterName);
    this.toScenarioNames.set(clusterName, scenarioName);
    this.pattern = undefined;
    return clusterName;
  }
}

/**
 * Rewrites the fields that name a namespace: every `namespace` string and `namespaces` string
 * list, and namespaceSelector terms on kubernetes.io/metadata.name. Free-form string maps (labels,
 * annotations, ConfigMap data...) are left alone.
 */
function mapFields(value: unknown, map: (ns: string) => string, key: string | undefined): unknown {
  if (Array.isArray(value)) return value.map((v) => mapFields(v, map, undefined));
  if (!value || typeof value !== 'object') return value;
  if (key !== undefined && FREEFORM.has(key)) return value;
  const o = value as Record<string, unknown>;
  for (const [k, v] of Object.entries(o)) {
    if (k === 'namespace' && typeof v === 'string' && v !== '') o[k] = map(v);
    else if (k === 'namespaces' && Array.isArray(v) && v.every((x) => typeof x === 'string')) o[k] = v.map((x: string) => map(x));
    else if (k === 'namespaceSelector' && v && typeof v === 'object') o[k] = mapNamespaceSelector(v as Record<string, unknown>, map);
    else o[k] = mapFields(v, map, k);
  }
  return o;
}

function mapNamespaceSelector(sel: Record<string, unknown>, map: (ns: string) => string): Record<string, unknown> {
  const out = { ...sel };
  const labels = sel.matchLabels as Record<string, string> | undefined;
  if (labels && typeof labels[NAMESPACE_NAME_LABEL] === 'string') out.matchLabels = { ...labels, [NAMESPACE_NAME_LABEL]: map(labels[NAMESPACE_NAME_LABEL]) };
  const exprs = sel.matchExpressions as Array<{ key?: string; values?: string[] }> | undefined;
  if (Array.isArray(exprs)) {
    out.matchExpressions = exprs.map((e) => (e.key === NAMESPACE_NAME_LABEL && Array.isArray(e.values) ? { ...e, values: e.values.map(map) } : e));
  }
  return out;
}

function randomId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(5)].map((b) => alphabet[b % alphabet.length]).join('');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
