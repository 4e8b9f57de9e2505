/**
 * InterPodAffinity (plugins/interpodaffinity): Filter enforces the pod's required affinity and
 * anti-affinity and the required anti-affinity of pods already placed; Score adds the weights of
 * preferred terms (both the pod's and existing pods') per topology domain, min-max normalised.
 * Counts come from the cache's incremental indexes instead of a scan of every pod.
 */
import { matches, type Labels, type Selector } from '../../../kube/labels';
import { mergeNamespaces, termMatches, type AffinityTerm, type WeightedAffinityTerm } from '../affinity-terms';
import type { ClusterCache } from '../cache';
import { MAX_NODE_SCORE } from '../constants';
import { status, type CycleContext, type FilterPlugin, type PreparedFilter, type ScorePlugin } from '../framework';
import type { NodeInfo } from '../node-info';
import type { PodInfo } from '../pod-info';

export const INTER_POD_AFFINITY = 'InterPodAffinity';
const AFFINITY_MISMATCH = status(INTER_POD_AFFINITY, 'UnschedulableAndUnresolvable', "node(s) didn't match pod affinity rules");
const ANTI_AFFINITY_MISMATCH = status(INTER_POD_AFFINITY, 'Unschedulable', "node(s) didn't match pod anti-affinity rules");
const EXISTING_ANTI_AFFINITY = status(INTER_POD_AFFINITY, 'Unschedulable', "node(s) didn't satisfy existing pods anti-affinity rules");

/** topologyKey → topology value → count (topologyToMatchedTermCount) */
type TopologyCounts = Map<string, Map<string, number>>;

function addPair(m: TopologyCounts, key: string, value: string, by: number): void {
  let values = m.get(key);
  if (!values) m.set(key, (values = new Map()));
  const n = (values.get(value) ?? 0) + by;
  if (n === 0) values.delete(value);
  else values.set(value, n);
  if (!values.size) m.delete(key);
}

function countOf(m: TopologyCounts, key: string, value: string): number {
  return m.get(key)?.get(value) ?? 0;
}

function cloneCounts(m: TopologyCounts): TopologyCounts {
  return new Map([...m].map(([k, v]) => [k, new Map(v)]));
}

function namespaceResolver(cache: ClusterCache): (sel: Selector) => string[] {
  return (sel) => [...cache.namespaceLabels].filter(([, labels]) => matches(sel, labels)).map(([n]) => n);
}

/** The namespaces a merged term looks in, for the selector-count index. */
function termNamespaces(t: AffinityTerm): ReadonlySet<string> | 'all' {
  return t.namespaceSelector === 'all' ? 'all' : t.namespaces;
}

/** Adds `count(node)` to the (topologyKey, node's value) pair of each key, over the nodes in `perNode`. */
function spreadOverTopology(ctx: CycleContext, perNode: ReadonlyMap<string, number>, keys: readonly string[], sign: number, into: TopologyCounts): void {
  for (const [nodeName, n] of perNode) {
    const node = ctx.cache.get(nodeName);
    if (!node) continue;
    for (const k of keys) {
      const v = node.labels[k];
      if (v !== undefined) addPair(into, k, v, sign * n);
    }
  }
}

/**
 * Pods matching every required affinity term at once: the terms' namespace sets intersected and
 * their selectors ANDed, so one index entry counts them (updateWithAffinityTerms).
 */
function allTermsEntry(terms: readonly AffinityTerm[]): { namespaces: ReadonlySet<string> | 'all'; selector: Selector } | undefined {
  let restricted: Set<string> | undefined;
  const selector: Selector = [];
  for (const t of terms) {
    if (!t.selector) return undefined;
    selector.push(...t.selector);
    const ns = termNamespaces(t);
    if (ns === 'all') continue;
    restricted = restricted ? new Set([...restricted].filter((n) => ns.has(n))) : new Set(ns);
  }
  return { namespaces: restricted ?? 'all', selector };
}

function podMatchesAllTerms(terms: readonly AffinityTerm[], pod: PodInfo, nsLabels?: Labels): boolean {
  return terms.length > 0 && terms.every((t) => termMatches(t, pod.namespace, pod.labels, nsLabels));
}

interface FilterState {
  existingAnti: TopologyCounts;
  affinity: TopologyCounts;
  anti: TopologyCounts;
}

export const interPodAffinityFilter: FilterPlugin = {
  name: INTER_POD_AFFINITY,
  preFilter(ctx) {
    const pod = ctx.pod;
    const nsLabels = ctx.cache.namespaceLabels.get(pod.namespace) ?? {};
    const resolve = namespaceResolver(ctx.cache);
    const required = pod.requiredAffinity.map((t) => mergeNamespaces(t, resolve));
    const requiredAnti = pod.requiredAntiAffinity.map((t) => mergeNamespaces(t, resolve));

    const existingAnti: TopologyCounts = new Map();
    for (const g of ctx.cache.existingAntiAffinity.values()) {
      if (termMatches(g.term, pod.namespace, pod.labels, nsLabels)) spreadOverTopology(ctx, g.perNode, [g.term.topologyKey], 1, existingAnti);
    }
    if (!existingAnti.size && !required.length && !requiredAnti.length) return 'skip';

    const affinity: TopologyCounts = new Map();
    const entry = required.length ? allTermsEntry(required) : undefined;
    if (entry) {
      const counts = ctx.cache.selectorCounts.get(entry.namespaces, entry.selector);
      spreadOverTopology(ctx, counts.all, [...new Set(required.map((t) => t.topologyKey))], 1, affinity);
    }
    const anti: TopologyCounts = new Map();
    for (const t of requiredAnti) {
      if (!t.selector) continue;
      const counts = ctx.cache.selectorCounts.get(termNamespaces(t), t.selector);
      spreadOverTopology(ctx, counts.all, [t.topologyKey], 1, anti);
    }
    return prepared({ existingAnti, affinity, anti }, pod, required, requiredAnti, nsLabels);
  },
};

function prepared(s: FilterState, pod: PodInfo, required: readonly AffinityTerm[], requiredAnti: readonly AffinityTerm[], nsLabels: Labels): PreparedFilter {
  // "The first pod of a series with affinity to itself": no pod matches anywhere, but it matches its own terms.
  const selfMatch = podMatchesAllTerms(required, pod);
  return {
    filter(node: NodeInfo) {
      if (required.length) {
        let podsExist = true;
        for (const t of required) {
          const v = node.labels[t.topologyKey];
          if (v === undefined) return AFFINITY_MISMATCH;
          if (countOf(s.affinity, t.topologyKey, v) <= 0) podsExist = false;
        }
        if (!podsExist && !(s.affinity.size === 0 && selfMatch)) return AFFINITY_MISMATCH;
      }
      if (s.anti.size) {
        for (const t of requiredAnti) {
          const v = node.labels[t.topologyKey];
          if (v !== undefined && countOf(s.anti, t.topologyKey, v) > 0) return ANTI_AFFINITY_MISMATCH;
        }
      }
      if (s.existingAnti.size) {
        for (const [key, values] of s.existingAnti) {
          const v = node.labels[key];
          if (v !== undefined && (values.get(v) ?? 0) > 0) return EXISTING_ANTI_AFFINITY;
        }
      }
      return undefined;
    },
    removePod: (victim, node) => update(s, victim, node, -1),
    addPod: (other, node) => update(s, other, node, 1),
    clone: () => prepared({ existingAnti: cloneCounts(s.existingAnti), affinity: cloneCounts(s.affinity), anti: cloneCounts(s.anti) }, pod, required, requiredAnti, nsLabels),
  };

  /** preFilterState.updateWithPod: one pod leaving (-1) or joining (+1) a node. */
  function update(state: FilterState, other: PodInfo, node: NodeInfo, sign: number): void {
    for (const t of other.requiredAntiAffinity) {
      const v = node.labels[t.topologyKey];
      if (v !== undefined && termMatches(t, pod.namespace, pod.labels, nsLabels)) addPair(state.existingAnti, t.topologyKey, v, sign);
    }
    if (podMatchesAllTerms(required, other)) {
      for (const t of required) {
        const v = node.labels[t.topologyKey];
        if (v !== undefined) addPair(state.affinity, t.topologyKey, v, sign);
      }
    }
    for (const t of requiredAnti) {
      const v = node.labels[t.topologyKey];
      if (v !== undefined && termMatches(t, other.namespace, other.labels, undefined)) addPair(state.anti, t.topologyKey, v, sign);
    }
  }
}

export const interPodAffinityScore: ScorePlugin = {
  name: INTER_POD_AFFINITY,
  weight: 2,
  preScore(ctx) {
    const pod = ctx.pod;
    const hasConstraints = pod.preferredAffinity.length + pod.preferredAntiAffinity.length > 0;
    if (!hasConstraints && ctx.cache.podsWithAffinity === 0) return 'skip';
    const resolve = namespaceResolver(ctx.cache);
    const nsLabels = ctx.cache.namespaceLabels.get(pod.namespace) ?? {};
    const topology: TopologyCounts = new Map();
    const addTerm = (t: WeightedAffinityTerm, sign: number) => {
      const merged = mergeNamespaces(t, resolve);
      if (!merged.selector) return;
      const counts = ctx.cache.selectorCounts.get(termNamespaces(merged), merged.selector);
      spreadOverTopology(ctx, counts.all, [t.topologyKey], sign * t.weight, topology);
    };
    for (const t of pod.preferredAffinity) addTerm(t, 1);
    for (const t of pod.preferredAntiAffinity) addTerm(t, -1);
    for (const g of ctx.cache.existingScoringTerms.values()) {
      if (termMatches(g.term, pod.namespace, pod.labels, nsLabels)) spreadOverTopology(ctx, g.perNode, [g.term.topologyKey], g.weight, topology);
    }
    if (!topology.size) return 'skip';
    return {
      scoreAll(nodes, out) {
        for (let i = 0; i < nodes.length; i++) out[i] = score(nodes[i]!);
        function score(node: NodeInfo): number {
          let sum = 0;
          for (const [key, values] of topology) {
            const v = node.labels[key];
            if (v !== undefined) sum += values.get(v) ?? 0;
          }
          return sum;
        }
      },
      normalize: minMaxNormalize,
    };
  },
};

/** InterPodAffinity.NormalizeScore: (score - min) / (max - min) * 100, truncated; all equal → 0. */
function minMaxNormalize(scores: number[]): void {
  let min = Infinity;
  let max = -Infinity;
  for (const s of scores) {
    if (s < min) min = s;
    if (s > max) max = s;
  }
  const diff = max - min;
  for (let i = 0; i < scores.length; i++) scores[i] = diff > 0 ? Math.trunc(MAX_NODE_SCORE * ((scores[i]! - min) / diff)) : 0;
}
