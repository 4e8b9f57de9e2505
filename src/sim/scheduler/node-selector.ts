/**
 * Node selection expressions (k8s.io/component-helpers scheduling/corev1/nodeaffinity): a pod's
 * spec.nodeSelector and required/preferred node affinity, and a PV's node affinity. Terms are ORed,
 * the requirements inside a term ANDed; a term with no requirement, or one that does not parse,
 * matches nothing.
 */
import type { NodeSelectorRequirement, NodeSelectorTerm, Pod, PreferredSchedulingTerm } from 'kubernetes-types/core/v1';

export type NodeLabels = Readonly<Record<string, string>>;

/** Whether a node (by name and labels) satisfies an expression. */
export type NodeMatcher = (name: string, labels: NodeLabels) => boolean;

const MATCH_NOTHING: NodeMatcher = () => false;

/** strconv.ParseInt(s, 10, 64) succeeds: an optional sign and decimal digits only. */
function parseInteger(s: string): number | undefined {
  return /^[+-]?\d+$/.test(s) ? Number(s) : undefined;
}

/** One matchExpressions requirement (nodeSelectorRequirementsAsSelector); undefined if invalid. */
function labelRequirement(r: NodeSelectorRequirement): ((labels: NodeLabels) => boolean) | undefined {
  const key = r.key;
  const values = r.values ?? [];
  const has = (l: NodeLabels) => Object.hasOwn(l, key);
  // labels.NewRequirement: In/NotIn need values, Exists/DoesNotExist take none.
  switch (r.operator) {
    case 'In':
      return values.length ? (l) => has(l) && values.includes(l[key]!) : undefined;
    case 'NotIn':
      return values.length ? (l) => !has(l) || !values.includes(l[key]!) : undefined;
    case 'Exists':
      return values.length ? undefined : has;
    case 'DoesNotExist':
      return values.length ? undefined : (l) => !has(l);
    case 'Gt':
    case 'Lt': {
      const bound = values.length === 1 ? parseInteger(values[0]!) : undefined;
      if (bound === undefined) return undefined;
      return (l) => {
        const v = has(l) ? parseInteger(l[key]!) : undefined;
        if (v === undefined) return false;
        return r.operator === 'Gt' ? v > bound : v < bound;
      };
    }
    default:
      return undefined;
  }
}

/** One matchFields requirement: only metadata.name with In/NotIn is a valid field selector. */
function fieldRequirement(r: NodeSelectorRequirement): ((name: string) => boolean) | undefined {
  if (r.key !== 'metadata.name') return undefined;
  const values = r.values ?? [];
  if (r.operator === 'In') return values.length === 1 ? (n) => n === values[0] : undefined;
  if (r.operator === 'NotIn') return values.length === 1 ? (n) => n !== values[0] : undefined;
  return undefined;
}

function compileTerm(term: NodeSelectorTerm | undefined): NodeMatcher {
  const exprs = term?.matchExpressions ?? [];
  const fields = term?.matchFields ?? [];
  if (!exprs.length && !fields.length) return MATCH_NOTHING;
  const labelReqs = exprs.map(labelRequirement);
  const fieldReqs = fields.map(fieldRequirement);
  if (labelReqs.some((r) => !r) || fieldReqs.some((r) => !r)) return MATCH_NOTHING;
  const ls = labelReqs as Array<(l: NodeLabels) => boolean>;
  const fs = fieldReqs as Array<(n: string) => boolean>;
  return (name, labels) => ls.every((r) => r(labels)) && fs.every((r) => r(name));
}

/** NodeSelector: terms ORed. An empty list of terms matches nothing. */
export function compileNodeSelectorTerms(terms: readonly NodeSelectorTerm[] | undefined): NodeMatcher {
  const compiled = (terms ?? []).map(compileTerm);
  if (!compiled.length) return MATCH_NOTHING;
  if (compiled.length === 1) return compiled[0]!;
  return (name, labels) => compiled.some((m) => m(name, labels));
}

/**
 * nodeaffinity.GetRequiredNodeAffinity(pod).Match: spec.nodeSelector (every label equal) AND the
 * required node affinity terms. undefined when the pod constrains nothing.
 */
export function requiredNodeAffinity(pod: Pod): NodeMatcher | undefined {
  const selector = pod.spec?.nodeSelector;
  const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!selector && !required) return undefined;
  const pairs = Object.entries(selector ?? {});
  const terms = required ? compileNodeSelectorTerms(required.nodeSelectorTerms) : undefined;
  return (name, labels) => pairs.every(([k, v]) => labels[k] === v) && (!terms || terms(name, labels));
}

export interface WeightedNodeTerm {
  weight: number;
  matches: NodeMatcher;
}

/** nodeaffinity.NewPreferredSchedulingTerms: terms of weight 0 are dropped. */
export function preferredNodeTerms(terms: readonly PreferredSchedulingTerm[] | undefined): WeightedNodeTerm[] {
  return (terms ?? []).filter((t) => t.weight !== 0).map((t) => ({ weight: t.weight, matches: compileTerm(t.preference) }));
}

/**
 * The node names a pod's required node affinity pins it to through matchFields metadata.name In
 * (NodeAffinity PreFilter): undefined when some term leaves the node open; an empty set when the
 * terms contradict each other.
 */
export function affinityNodeNames(pod: Pod): Set<string> | undefined {
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!terms?.length) return undefined;
  let union: Set<string> | undefined;
  for (const t of terms) {
    let names: Set<string> | undefined;
    for (const r of t.matchFields ?? []) {
      if (r.key !== 'metadata.name' || r.operator !== 'In') continue;
      const s = new Set(r.values ?? []);
      names = names ? new Set([...names].filter((n) => s.has(n))) : s;
    }
    if (!names) return undefined;
    union = new Set([...(union ?? []), ...names]);
  }
  return union;
}
