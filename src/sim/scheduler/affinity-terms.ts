/**
 * Inter-pod (anti-)affinity terms as the scheduler evaluates them (kube-scheduler framework
 * AffinityTerm, GetAffinityTerms): a label selector over pods, the namespaces it looks in and a
 * topology key. A nil labelSelector matches no pod, an empty one every pod. With neither
 * `namespaces` nor `namespaceSelector` the term looks in the pod's own namespace; an empty
 * namespaceSelector means all namespaces.
 */
import type { Pod, PodAffinityTerm, WeightedPodAffinityTerm } from 'kubernetes-types/core/v1';
import { fromLabelSelector, matches, type Labels, type Selector } from '../../kube/labels';

export interface AffinityTerm {
  readonly namespaces: ReadonlySet<string>;
  /** 'all' for an empty namespaceSelector, null when unset (or merged into `namespaces`) */
  readonly namespaceSelector: Selector | 'all' | null;
  /** null: a nil labelSelector, which matches nothing */
  readonly selector: Selector | null;
  readonly topologyKey: string;
  /** canonical text of everything above, to group equal terms of many pods */
  readonly key: string;
}

export interface WeightedAffinityTerm extends AffinityTerm {
  readonly weight: number;
}

function selectorText(sel: Selector | null | 'all'): string {
  if (sel === null) return '!';
  if (sel === 'all') return '*';
  return sel
    .map((r) => `${r.key}${r.operator}${[...r.values].sort().join(',')}`)
    .sort()
    .join(';');
}

function makeTerm(namespaces: ReadonlySet<string>, nsSel: Selector | 'all' | null, selector: Selector | null, topologyKey: string): AffinityTerm {
  const key = [[...namespaces].sort().join(','), selectorText(nsSel), selectorText(selector), topologyKey].join('|');
  return { namespaces, namespaceSelector: nsSel, selector, topologyKey, key };
}

export function affinityTerm(pod: Pod, term: PodAffinityTerm): AffinityTerm {
  const ns = pod.metadata?.namespace ?? 'default';
  const names = term.namespaces?.length || term.namespaceSelector ? new Set(term.namespaces ?? []) : new Set([ns]);
  const nsSelRaw = term.namespaceSelector;
  const nsSel: Selector | 'all' | null = nsSelRaw ? (isEmptySelector(nsSelRaw) ? 'all' : fromLabelSelector(nsSelRaw)) : null;
  const selector = term.labelSelector ? fromLabelSelector(term.labelSelector) : null;
  // matchLabelKeys / mismatchLabelKeys (KEP-3633) are not read here: the API server merges them
  // into labelSelector when the pod is created (kube/pod-label-keys.ts, from 1.31), and
  // upstream's interpodaffinity plugin (1.35–1.37) reads only labelSelector.
  return makeTerm(names, nsSel, selector, term.topologyKey);
}

function isEmptySelector(s: { matchLabels?: object; matchExpressions?: unknown[] }): boolean {
  return !Object.keys(s.matchLabels ?? {}).length && !(s.matchExpressions ?? []).length;
}

export function weightedTerm(pod: Pod, t: WeightedPodAffinityTerm): WeightedAffinityTerm {
  return { ...affinityTerm(pod, t.podAffinityTerm), weight: t.weight };
}

/**
 * AffinityTerm.Matches: the pod is in one of the term's namespaces (or its namespace's labels
 * match the namespaceSelector) and its labels match the selector.
 */
export function termMatches(term: AffinityTerm, podNamespace: string, podLabels: Labels, nsLabels: Labels): boolean {
  if (!term.selector) return false;
  const sel = term.namespaceSelector;
  const inNamespace = term.namespaces.has(podNamespace) || sel === 'all' || (sel !== null && matches(sel, nsLabels ?? {}));
  return inNamespace && matches(term.selector, podLabels);
}

/**
 * mergeAffinityTermNamespacesIfNotEmpty (interpodaffinity/plugin.go): the incoming pod's
 * namespaceSelector is resolved to namespace names once per cycle; an empty one (all namespaces)
 * is kept as is.
 */
export function mergeNamespaces(term: AffinityTerm, namespaceLabels: (selector: Selector) => string[]): AffinityTerm {
  const sel = term.namespaceSelector;
  if (sel === null || sel === 'all') return term;
  const names = new Set([...term.namespaces, ...namespaceLabels(sel)]);
  return { ...makeTerm(names, null, term.selector, term.topologyKey), ...('weight' in term ? { weight: (term as WeightedAffinityTerm).weight } : {}) };
}
