/**
 * How many pods on each node match a (namespaces, label selector) pair — what PodTopologySpread
 * (countPodsMatchSelector) and InterPodAffinity count over every node for every pod. Upstream
 * scans all pods per scheduling cycle; here each pair asked for is registered once (one scan) and
 * then kept current as pods come and go, so a cycle costs O(nodes), not O(pods). On request an
 * entry also keeps its counts summed per topology domain (label value) of a key, so that
 * spreading over zones costs O(zones).
 */
import { ownValue } from '../../own-keys';
import { matches, type Selector } from '../../kube/labels';
import type { PodInfo } from './pod-info';

/** The domain of nodes that lack the topology label. */
export const NO_LABEL = '\u0000';

export interface SelectorCount {
  /** pods matching, terminating ones included (inter-pod affinity counts them) */
  readonly all: ReadonlyMap<string, number>;
  /** pods matching that are not terminating (PodTopologySpread skips those being deleted) */
  readonly live: ReadonlyMap<string, number>;
  /** live counts summed per value of a node label (NO_LABEL for nodes without it) */
  liveByTopology(key: string): ReadonlyMap<string, number>;
}

export type NodeLabelsOf = (node: string) => Readonly<Record<string, string>> | undefined;

class Entry implements SelectorCount {
  readonly all = new Map<string, number>();
  readonly live = new Map<string, number>();
  private readonly topology = new Map<string, Map<string, number>>();
  lastUse = 0;

  constructor(
    readonly namespaces: ReadonlySet<string> | 'all',
    readonly selector: Selector,
    private readonly labelsOf: NodeLabelsOf,
  ) {}

  liveByTopology(key: string): ReadonlyMap<string, number> {
    let m = this.topology.get(key);
    if (!m) {
      this.topology.set(key, (m = new Map()));
      for (const [node, n] of this.live) bump(m, domainOf(this.labelsOf(node), key), n);
    }
    return m;
  }

  count(pod: PodInfo, node: string, sign: 1 | -1): void {
    if (!matches(this.selector, pod.labels)) return;
    bump(this.all, node, sign);
    if (pod.terminating) return;
    bump(this.live, node, sign);
    if (this.topology.size) {
      const labels = this.labelsOf(node);
      for (const [key, m] of this.topology) bump(m, domainOf(labels, key), sign);
    }
  }

  /** A node's labels changed: its live pods move between domains. */
  relabel(node: string, before: Readonly<Record<string, string>> | undefined, after: Readonly<Record<string, string>> | undefined): void {
    const n = this.live.get(node);
    if (!n) return;
    for (const [key, m] of this.topology) {
      bump(m, domainOf(before, key), -n);
      bump(m, domainOf(after, key), n);
    }
  }
}

function domainOf(labels: Readonly<Record<string, string>> | undefined, key: string): string {
  return (labels && ownValue(labels, key) as string | undefined) ?? NO_LABEL;
}

/** Registered pairs kept at most; the least recently used ones are dropped beyond this. */
const MAX_ENTRIES = 512;

export type PodVisitor = (visit: (pod: PodInfo, node: string) => void, namespaces: ReadonlySet<string> | 'all') => void;

export class SelectorCounts {
  private readonly entries = new Map<string, Entry>();
  private readonly byNamespace = new Map<string, Set<Entry>>();
  private readonly allNamespaces = new Set<Entry>();
  private uses = 0;

  /** `forEachPod` walks the assigned pods of the given namespaces (for a new pair's first count). */
  constructor(
    private readonly forEachPod: PodVisitor,
    private readonly labelsOf: NodeLabelsOf,
  ) {}

  get(namespaces: ReadonlySet<string> | 'all', selector: Selector): SelectorCount {
    const key = `${namespaces === 'all' ? '*' : [...namespaces].sort().join(',')}|${selectorKey(selector)}`;
    let e = this.entries.get(key);
    if (!e) {
      e = new Entry(namespaces, selector, this.labelsOf);
      this.register(key, e);
      const entry = e;
      this.forEachPod((pod, node) => entry.count(pod, node, 1), namespaces);
    }
    e.lastUse = ++this.uses;
    return e;
  }

  podAdded(pod: PodInfo, node: string): void {
    this.apply(pod, node, 1);
  }

  podRemoved(pod: PodInfo, node: string): void {
    this.apply(pod, node, -1);
  }

  nodeRelabeled(node: string, before: Readonly<Record<string, string>> | undefined, after: Readonly<Record<string, string>> | undefined): void {
    for (const e of this.entries.values()) e.relabel(node, before, after);
  }

  private apply(pod: PodInfo, node: string, sign: 1 | -1): void {
    for (const e of this.byNamespace.get(pod.namespace) ?? []) e.count(pod, node, sign);
    for (const e of this.allNamespaces) e.count(pod, node, sign);
  }

  private register(key: string, e: Entry): void {
    if (this.entries.size >= MAX_ENTRIES) this.evictOldest();
    this.entries.set(key, e);
    if (e.namespaces === 'all') this.allNamespaces.add(e);
    else for (const ns of e.namespaces) this.setFor(ns).add(e);
  }

  private setFor(ns: string): Set<Entry> {
    let s = this.byNamespace.get(ns);
    if (!s) this.byNamespace.set(ns, (s = new Set()));
    return s;
  }

  private evictOldest(): void {
    let oldestKey: string | undefined;
    let oldest = Infinity;
    for (const [k, e] of this.entries) {
      if (e.lastUse < oldest) {
        oldest = e.lastUse;
        oldestKey = k;
      }
    }
    if (oldestKey === undefined) return;
    const e = this.entries.get(oldestKey)!;
    this.entries.delete(oldestKey);
    this.allNamespaces.delete(e);
    if (e.namespaces !== 'all') for (const ns of e.namespaces) this.byNamespace.get(ns)?.delete(e);
  }
}

function bump(m: Map<string, number>, key: string, by: number): void {
  const n = (m.get(key) ?? 0) + by;
  if (n > 0) m.set(key, n);
  else m.delete(key);
}

export function selectorKey(sel: Selector): string {
  return sel
    .map((r) => `${r.key}${r.operator}${[...r.values].sort().join(',')}`)
    .sort()
    .join(';');
}
