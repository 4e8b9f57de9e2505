/**
 * PodTopologySpread (plugins/podtopologyspread): DoNotSchedule constraints filter (skew = pods in
 * the node's domain + the pod itself − the smallest domain must not exceed maxSkew); ScheduleAnyway
 * constraints — or, for a pod without constraints, the system defaults (hostname maxSkew 3, zone
 * maxSkew 5) over the Services/controllers selecting it — score the emptier domains higher.
 */
import type { Pod, TopologySpreadConstraint } from 'kubernetes-types/core/v1';
import { fromLabelSelector, matches, type Selector } from '../../../kube/labels';
import { LABEL_HOSTNAME, LABEL_ZONE, MAX_NODE_SCORE } from '../constants';
import { status, type CycleContext, type FilterPlugin, type PreparedFilter, type ScorePlugin } from '../framework';
import type { NodeInfo } from '../node-info';
import { requiredNodeAffinity, type NodeMatcher } from '../node-selector';
import type { PodInfo } from '../pod-info';
import { NO_LABEL, type SelectorCount } from '../selector-counts';
import { firstUntoleratedTaint } from '../taints';

export const POD_TOPOLOGY_SPREAD = 'PodTopologySpread';
const LABEL_MISSING = status(POD_TOPOLOGY_SPREAD, 'UnschedulableAndUnresolvable', "node(s) didn't match pod topology spread constraints (missing required label)");
const SKEW_EXCEEDED = status(POD_TOPOLOGY_SPREAD, 'Unschedulable', "node(s) didn't match pod topology spread constraints");

type Action = 'DoNotSchedule' | 'ScheduleAnyway';

interface Constraint {
  maxSkew: number;
  topologyKey: string;
  /** null: a nil labelSelector, which counts no pod */
  selector: Selector | null;
  minDomains: number;
  honorNodeAffinity: boolean;
  honorTaints: boolean;
}

/** The scheduler's default system constraints (apis/config/v1 defaults, DefaultPodTopologySpread). */
const SYSTEM_DEFAULTS: TopologySpreadConstraint[] = [
  { maxSkew: 3, topologyKey: LABEL_HOSTNAME, whenUnsatisfiable: 'ScheduleAnyway' },
  { maxSkew: 5, topologyKey: LABEL_ZONE, whenUnsatisfiable: 'ScheduleAnyway' },
];

/**
 * filterTopologySpreadConstraints: the constraints of one action, with matchLabelKeys merged into
 * the selector and the defaults minDomains 1, nodeAffinityPolicy Honor, nodeTaintsPolicy Ignore.
 * The scheduler merges matchLabelKeys even where the API server already merged them at creation
 * (MatchLabelKeysInPodTopologySpreadSelectorMerge, 1.34+): upstream's plugin still does in 1.37,
 * and the repeated requirement selects the same pods.
 */
function constraintsFor(list: readonly TopologySpreadConstraint[], pod: Pod, action: Action, defaultSelector?: Selector): Constraint[] {
  const labels = pod.metadata?.labels ?? {};
  return list
    .filter((c) => c.whenUnsatisfiable === action)
    .map((c) => {
      let selector: Selector | null = defaultSelector ?? (c.labelSelector ? fromLabelSelector(c.labelSelector) : null);
      const keys = (c.matchLabelKeys ?? []).filter((k) => Object.hasOwn(labels, k));
      if (selector && keys.length) selector = [...selector, ...keys.map((k) => ({ key: k, operator: 'In' as const, values: [labels[k]!] }))];
      return {
        maxSkew: c.maxSkew,
        topologyKey: c.topologyKey,
        selector,
        minDomains: c.minDomains ?? 1,
        honorNodeAffinity: (c.nodeAffinityPolicy ?? 'Honor') === 'Honor',
        honorTaints: (c.nodeTaintsPolicy ?? 'Ignore') === 'Honor',
      };
    });
}

/** The pod's own constraints of `action`, or the system defaults when it has none (buildDefaultConstraints). */
function podConstraints(ctx: CycleContext, action: Action): Constraint[] {
  const pod = ctx.pod.pod;
  const own = pod.spec?.topologySpreadConstraints;
  if (own?.length) return constraintsFor(own, pod, action);
  const defaults = SYSTEM_DEFAULTS.filter((c) => c.whenUnsatisfiable === action);
  if (!defaults.length) return [];
  const selector = ctx.workloads.defaultSelector(pod);
  if (!selector.length) return [];
  return constraintsFor(defaults, pod, action, selector);
}

function hasAllKeys(node: NodeInfo, constraints: readonly Constraint[]): boolean {
  return constraints.every((c) => c.topologyKey in node.labels);
}

/** matchNodeInclusionPolicies: node affinity honoured, taints ignored unless asked. */
function included(c: Constraint, node: NodeInfo, pod: PodInfo, affinity: NodeMatcher | undefined): boolean {
  if (c.honorNodeAffinity && affinity && !affinity(node.name, node.labels)) return false;
  if (c.honorTaints && firstUntoleratedTaint(node.taints, pod.pod.spec?.tolerations)) return false;
  return true;
}

const NOTHING: SelectorCount = { all: new Map(), live: new Map(), liveByTopology: () => new Map() };

/**
 * countPodsMatchSelector's index: live (not terminating) pods of the namespace matching the
 * selector. An empty selector (`labelSelector: {}`, labels.Everything) counts no pod at all: the
 * upstream helper returns 0 when selector.Empty(), although the pod itself still matches it.
 */
function matching(ctx: CycleContext, c: Constraint): SelectorCount {
  return c.selector?.length ? ctx.cache.selectorCounts.get(new Set([ctx.pod.namespace]), c.selector) : NOTHING;
}

interface FilterState {
  /** per constraint: topology value → matching pods */
  perDomain: Array<Map<string, number>>;
}

export const podTopologySpreadFilter: FilterPlugin = {
  name: POD_TOPOLOGY_SPREAD,
  preFilter(ctx) {
    const constraints = podConstraints(ctx, 'DoNotSchedule');
    if (!constraints.length) return 'skip';
    const affinity = requiredNodeAffinity(ctx.pod.pod);
    const counts = constraints.map((c) => matching(ctx, c).live);
    const perDomain = constraints.map(() => new Map<string, number>());
    for (const node of ctx.allNodes) {
      if (!hasAllKeys(node, constraints)) continue;
      constraints.forEach((c, i) => {
        if (!included(c, node, ctx.pod, affinity)) return;
        const v = node.labels[c.topologyKey]!;
        perDomain[i]!.set(v, (perDomain[i]!.get(v) ?? 0) + (counts[i]!.get(node.name) ?? 0));
      });
    }
    return preparedFilter({ perDomain }, constraints, ctx.pod, affinity);
  },
};

function preparedFilter(s: FilterState, constraints: Constraint[], pod: PodInfo, affinity: NodeMatcher | undefined): PreparedFilter {
  const selfMatch = constraints.map((c) => (c.selector && matches(c.selector, pod.labels) ? 1 : 0));
  const update = (other: PodInfo, node: NodeInfo, delta: number) => {
    if (other.namespace !== pod.namespace || !hasAllKeys(node, constraints)) return;
    constraints.forEach((c, i) => {
      if (!c.selector || !matches(c.selector, other.labels) || !included(c, node, pod, affinity)) return;
      const v = node.labels[c.topologyKey]!;
      s.perDomain[i]!.set(v, (s.perDomain[i]!.get(v) ?? 0) + delta);
    });
  };
  return {
    filter(node) {
      for (let i = 0; i < constraints.length; i++) {
        const c = constraints[i]!;
        const v = node.labels[c.topologyKey];
        if (v === undefined) return LABEL_MISSING;
        const domains = s.perDomain[i]!;
        let min = domains.size < c.minDomains ? 0 : Infinity;
        if (min !== 0) for (const n of domains.values()) if (n < min) min = n;
        if (min === Infinity) min = 0;
        const skew = (domains.get(v) ?? 0) + selfMatch[i]! - min;
        if (skew > c.maxSkew) return SKEW_EXCEEDED;
      }
      return undefined;
    },
    removePod: (other, node) => update(other, node, -1),
    addPod: (other, node) => update(other, node, 1),
    clone: () => preparedFilter({ perDomain: s.perDomain.map((m) => new Map(m)) }, constraints, pod, affinity),
  };
}

export const podTopologySpreadScore: ScorePlugin = {
  name: POD_TOPOLOGY_SPREAD,
  weight: 2,
  preScore(ctx, feasible) {
    if (!ctx.allNodes.length) return 'skip';
    const constraints = podConstraints(ctx, 'ScheduleAnyway');
    if (!constraints.length) return 'skip';
    // Only explicit constraints require every topology key on a node; the system defaults let
    // nodes without a zone label still take part in hostname spreading.
    const requireAll = !!ctx.pod.pod.spec?.topologySpreadConstraints?.length;
    const ignored = new Set<string>();
    const n = constraints.length;
    const isHost = constraints.map((c) => c.topologyKey === LABEL_HOSTNAME);
    // per constraint (not hostname): the domains of the feasible nodes → matching pods in them
    const domains = constraints.map(() => new Map<string, number>());
    for (const node of feasible) {
      if (requireAll && !hasAllKeys(node, constraints)) {
        ignored.add(node.name);
        continue;
      }
      for (let i = 0; i < n; i++) if (!isHost[i]) domains[i]!.set(node.labels[constraints[i]!.topologyKey] ?? '', 0);
    }
    const weights = constraints.map((_, i) => Math.log((isHost[i] ? feasible.length - ignored.size : domains[i]!.size) + 2));
    const entries = constraints.map((c) => matching(ctx, c));
    const counts = entries.map((e) => e.live);
    const affinity = requiredNodeAffinity(ctx.pod.pod);
    // Every node counts towards its domain (not only feasible ones); nodes without matching pods add 0.
    for (let i = 0; i < n; i++) {
      if (isHost[i]) continue;
      const c = constraints[i]!;
      const domain = domains[i]!;
      if (!c.honorTaints && (!c.honorNodeAffinity || !affinity) && (!requireAll || n === 1)) {
        // Every node is included: the per-domain sums kept by the index will do. A node without
        // the label is in domain "" (Go's map lookup), unless labels are required.
        const topo = entries[i]!.liveByTopology(c.topologyKey);
        for (const v of domain.keys()) domain.set(v, (topo.get(v) ?? 0) + (!requireAll && v === '' ? (topo.get(NO_LABEL) ?? 0) : 0));
        continue;
      }
      for (const [nodeName, cnt] of counts[i]!) {
        const node = ctx.cache.get(nodeName);
        if (!node || (requireAll && !hasAllKeys(node, constraints)) || !included(c, node, ctx.pod, affinity)) continue;
        const v = node.labels[c.topologyKey] ?? '';
        const current = domain.get(v);
        if (current !== undefined) domain.set(v, current + cnt);
      }
    }
    return {
      scoreAll(nodes, out) {
        for (let i = 0; i < nodes.length; i++) out[i] = score(nodes[i]!);
        function score(node: NodeInfo): number {
          if (ignored.size && ignored.has(node.name)) return 0;
          let score = 0;
          for (let i = 0; i < n; i++) {
            const c = constraints[i]!;
            const v = node.labels[c.topologyKey];
            if (v === undefined) continue;
            const cnt = isHost[i] ? (counts[i]!.get(node.name) ?? 0) : (domains[i]!.get(v) ?? 0);
            // scoreForCount: maxSkew-1 waters down small differences between domains.
            score += cnt * weights[i]! + (c.maxSkew - 1);
          }
          return Math.round(score);
        }
      },
      normalize(scores, nodes) {
        let min = Infinity;
        let max = 0;
        for (let i = 0; i < scores.length; i++) {
          if (ignored.size && ignored.has(nodes[i]!.name)) continue;
          const s = scores[i]!;
          if (s < min) min = s;
          if (s > max) max = s;
        }
        for (let i = 0; i < scores.length; i++) {
          if (ignored.size && ignored.has(nodes[i]!.name)) scores[i] = 0;
          else if (max === 0) scores[i] = MAX_NODE_SCORE;
          else scores[i] = Math.trunc((MAX_NODE_SCORE * (max + min - scores[i]!)) / max);
        }
      },
    };
  },
};
