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
  const copy = structuredClone(pod);
  const spec = copy.spec as Json;
  const labels = copy.metadata.labels ?? {};
  if (affinity) for (const term of affinityTerms(spec.affinity as Json)) applyKeys(term, labels);
  if (spread) for (const c of list(spec.topologySpreadConstraints)) applyKeys({ labelSelector: c.labelSelector, matchLabelKeys: c.matchLabelKeys }, labels);
  return copy;
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

/** applyLabelKeysToLabelSelector, for both key lists; mutates the selector object in place. */
function applyKeys(term: Json, labels: Record<string, string>): void {
  const selector = term.labelSelector;
  if (!isObj(selector)) return;
  const add = [
    ...strings(term.matchLabelKeys).filter((k) => k in labels).map((k) => ({ key: k, operator: 'In', values: [labels[k]] })),
    ...strings(term.mismatchLabelKeys).filter((k) => k in labels).map((k) => ({ key: k, operator: 'NotIn', values: [labels[k]] })),
  ];
  if (add.length) selector.matchExpressions = [...list(selector.matchExpressions), ...add];
}
