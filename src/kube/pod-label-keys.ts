/**
 * The pod strategy's create-time merge of label keys into selectors
 * (pkg/registry/core/pod/strategy.go PrepareForCreate: mutatePodAffinity,
 * mutateTopologySpreadConstraints). For each key the pod has a label for, the selector gains
 * `key In [value]` (matchLabelKeys) or `key NotIn [value]` (mismatchLabelKeys); a term without a
 * selector is left alone. Pod affinity from 1.31 (MatchLabelKeysInPodAffinity), topology spread
 * from 1.34 (MatchLabelKeysInPodTopologySpreadSelectorMerge). Pods only: templates keep the keys
 * as written, and each pod created from them is merged.
 */
import { gateEnabled } from './defaults/feature-gates';
import type { KObject } from './object';
import type { KubeVersion } from './version';

import { arr, isObj, objs as list, type Obj as Json } from './validation/access';

const strings = (x: unknown): string[] => arr(x).filter((k): k is string => typeof k === 'string');

export function mergeLabelKeysIntoSelectors(pod: KObject, v: KubeVersion): KObject {
  if (pod.kind !== 'Pod' || !isObj(pod.spec)) return pod;
  const affinity = gateEnabled('MatchLabelKeysInPodAffinity', v) && isObj(pod.spec.affinity);
  const spread = gateEnabled('MatchLabelKeysInPodTopologySpreadSelectorMerge', v) && list(pod.spec.topologySpreadConstraints).length > 0;
  if (!affinity && !spread) return pod;
  // Most pods with affinity name no label keys: copy only when a selector gains a requirement
  // (every pod of a Deployment with anti-affinity came here, and the copy was a steady cost).
  const labelsOf = (p: KObject) => p.metadata.labels ?? {};
  if (!mergedTerms(pod.spec, affinity, spread).some((term) => additions(term, labelsOf(pod)).length)) return pod;
  const copy = structuredClone(pod);
  for (const term of mergedTerms(copy.spec as Json, affinity, spread)) applyKeys(term, labelsOf(copy));
  return copy;
}

/**
 * The terms whose selectors gain the label keys, in upstream's order; a spread constraint is
 * given as a term holding its selector (the same object) and its matchLabelKeys.
 */
function mergedTerms(spec: Json, affinity: boolean, spread: boolean): Json[] {
  const terms = affinity ? affinityTerms(spec.affinity as Json) : [];
  if (spread) for (const c of list(spec.topologySpreadConstraints)) terms.push({ labelSelector: c.labelSelector, matchLabelKeys: c.matchLabelKeys });
  return terms;
}

function affinityTerms(affinity: Json): Json[] {
  return ['podAffinity', 'podAntiAffinity'].flatMap((kind) => {
    const a = affinity[kind];
    if (!isObj(a)) return [];
    // upstream's order: preferred terms first, then required ones
    const preferred = list(a.preferredDuringSchedulingIgnoredDuringExecution).map((w) => w.podAffinityTerm).filter(isObj);
    return [...preferred, ...list(a.requiredDuringSchedulingIgnoredDuringExecution)];
  });
}

/** The requirements applyLabelKeysToLabelSelector adds to a term's selector (none without one). */
function additions(term: Json, labels: Record<string, string>): Json[] {
  if (!isObj(term.labelSelector)) return [];
  return [
    ...strings(term.matchLabelKeys).filter((k) => k in labels).map((k) => ({ key: k, operator: 'In', values: [labels[k]] })),
    ...strings(term.mismatchLabelKeys).filter((k) => k in labels).map((k) => ({ key: k, operator: 'NotIn', values: [labels[k]] })),
  ];
}

/** applyLabelKeysToLabelSelector, for both key lists; mutates the selector object in place. */
function applyKeys(term: Json, labels: Record<string, string>): void {
  const add = additions(term, labels);
  if (add.length) (term.labelSelector as Json).matchExpressions = [...list((term.labelSelector as Json).matchExpressions), ...add];
}
