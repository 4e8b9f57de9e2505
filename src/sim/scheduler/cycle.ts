/**
 * One scheduling attempt (schedule_one.go schedulePod / findNodesThatFitPod / prioritizeNodes /
 * selectHost): PreFilter, Filter over the nodes in walking order (stopping once enough feasible
 * nodes are found), Score with weights, and a uniformly random pick among the best nodes.
 */
import type { Rng } from '../rng';
import { MIN_FEASIBLE_NODES_PERCENTAGE, MIN_FEASIBLE_NODES_TO_FIND } from './constants';
import type { Diagnosis } from './fit-error';
import { isStatus, status, type CycleContext, type PreparedFilter, type Status } from './framework';
import type { NodeInfo } from './node-info';
import { FILTER_PLUGINS, SCORE_PLUGINS } from './profile';

/** A plugin's prepared filter, in profile order. */
export interface ActiveFilter {
  readonly plugin: string;
  readonly prepared: PreparedFilter;
}

export type CycleResult =
  | { kind: 'noNodes' }
  | { kind: 'scheduled'; node: NodeInfo; filters: readonly ActiveFilter[] }
  | { kind: 'unschedulable'; diagnosis: Diagnosis; filters: readonly ActiveFilter[]; preFilterRejected: boolean };

/** numFeasibleNodesToFind with the default percentageOfNodesToScore (adaptive). */
export function feasibleNodesToFind(numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  const percentage = Math.max(MIN_FEASIBLE_NODES_PERCENTAGE, 50 - Math.trunc(numAllNodes / 125));
  return Math.max(MIN_FEASIBLE_NODES_TO_FIND, Math.trunc((numAllNodes * percentage) / 100));
}

/** RunFilterPlugins: the first failing filter decides the node's status. */
export function runFilters(filters: readonly ActiveFilter[], node: NodeInfo): Status | undefined {
  for (const f of filters) {
    const s = f.prepared.filter(node);
    if (s) return s;
  }
  return undefined;
}

interface PreFilterOutcome {
  filters: ActiveFilter[];
  /** PreFilterResult merged over plugins; undefined = all nodes */
  nodeNames?: ReadonlySet<string>;
  /** plugins that returned a node restriction */
  restricting: string[];
  rejection?: Status;
}

/** RunPreFilterPlugins. */
function runPreFilters(ctx: CycleContext): PreFilterOutcome {
  const out: PreFilterOutcome = { filters: [], restricting: [] };
  let pending: Status | undefined;
  for (const plugin of FILTER_PLUGINS) {
    const r = plugin.preFilter(ctx);
    if (r === 'skip') continue;
    if (isStatus(r)) {
      // Unresolvable stops at once (no preemption can help); Unschedulable lets the others run.
      if (r.code === 'UnschedulableAndUnresolvable') return { ...out, rejection: r };
      pending ??= r;
      continue;
    }
    out.filters.push({ plugin: plugin.name, prepared: r });
    if (r.nodeNames) {
      out.restricting.push(plugin.name);
      const prev = out.nodeNames;
      out.nodeNames = prev ? new Set([...prev].filter((n) => r.nodeNames!.has(n))) : r.nodeNames;
      if (!out.nodeNames.size) {
        const msg = out.restricting.length === 1
          ? `node(s) didn't satisfy plugin ${out.restricting[0]}`
          : `node(s) didn't satisfy plugin(s) [${[...out.restricting].sort().join(' ')}] simultaneously`;
        return { ...out, rejection: status(out.restricting.join(','), 'UnschedulableAndUnresolvable', msg) };
      }
    }
  }
  return pending ? { ...out, rejection: pending } : out;
}

export class SchedulingAlgorithm {
  /** where the next search starts (nextStartNodeIndex), so every node gets its turn */
  private nextStart = 0;
  /**
   * The feasible nodes and their scores, refilled by every cycle: nothing keeps them past the
   * cycle that filled them. Fresh arrays of about 420 nodes (1,000 nodes) and two score lists were
   * 13 KB of garbage per pod scheduled.
   */
  private readonly feasible: NodeInfo[] = [];
  private readonly totals: number[] = [];
  private readonly raw: number[] = [];

  constructor(private readonly rng: Rng) {}

  schedule(ctx: CycleContext): CycleResult {
    const all = ctx.allNodes;
    if (!all.length) return { kind: 'noNodes' };
    const pre = runPreFilters(ctx);
    if (pre.rejection) {
      const diagnosis: Diagnosis = {
        numAllNodes: all.length,
        preFilterMsg: pre.rejection.reasons.join(', '),
        nodeStatuses: new Map(),
        absentStatus: pre.rejection,
        unschedulablePlugins: new Set(pre.rejection.plugin.split(',')),
      };
      return { kind: 'unschedulable', diagnosis, filters: pre.filters, preFilterRejected: true };
    }
    // evaluateNominatedNode: a node nominated by an earlier preemption is tried first, and taken
    // without scoring when it fits.
    const nominated = ctx.pod.pod.status?.nominatedNodeName;
    const nominatedNode = nominated ? ctx.cache.get(nominated) : undefined;
    if (nominatedNode && !runFilters(pre.filters, nominatedNode)) return { kind: 'scheduled', node: nominatedNode, filters: pre.filters };
    const restricted = pre.nodeNames;
    const nodes = restricted ? [...restricted].sort().flatMap((n) => ctx.cache.get(n) ?? []) : all;
    const { feasible, statuses, processed } = this.findFeasible(pre.filters, nodes);
    this.nextStart = (this.nextStart + processed) % all.length;
    if (!feasible.length) {
      const plugins = new Set([...statuses.values()].map((s) => s.plugin));
      for (const p of pre.restricting) plugins.add(p);
      const diagnosis: Diagnosis = {
        numAllNodes: all.length,
        nodeStatuses: statuses,
        absentStatus: restricted
          ? status(pre.restricting.join(','), 'UnschedulableAndUnresolvable', `node(s) didn't satisfy plugin(s) [${[...pre.restricting].sort().join(' ')}]`)
          : undefined,
        unschedulablePlugins: plugins,
      };
      return { kind: 'unschedulable', diagnosis, filters: pre.filters, preFilterRejected: false };
    }
    const node = feasible.length === 1 ? feasible[0]! : this.selectHost(feasible, this.totalScores(ctx, feasible));
    return { kind: 'scheduled', node, filters: pre.filters };
  }

  /** findNodesThatPassFilters, sequentially from nextStart. */
  private findFeasible(filters: readonly ActiveFilter[], nodes: readonly NodeInfo[]) {
    const want = feasibleNodesToFind(nodes.length);
    const feasible = this.feasible;
    feasible.length = 0;
    const statuses = new Map<string, Status>();
    let processed = 0;
    for (let i = 0; i < nodes.length && feasible.length < want; i++) {
      const node = nodes[(this.nextStart + i) % nodes.length]!;
      processed++;
      const s = runFilters(filters, node);
      if (s) statuses.set(node.name, s);
      else feasible.push(node);
    }
    return { feasible, statuses, processed };
  }

  /** RunScorePlugins: each plugin's normalised score times its weight, summed per node. */
  totalScores(ctx: CycleContext, feasible: readonly NodeInfo[]): number[] {
    const { totals, raw } = this;
    totals.length = feasible.length;
    totals.fill(0);
    raw.length = feasible.length;
    for (const plugin of SCORE_PLUGINS) {
      const prepared = plugin.preScore(ctx, feasible);
      if (prepared === 'skip') continue;
      prepared.scoreAll(feasible, raw);
      prepared.normalize?.(raw, feasible);
      for (let i = 0; i < feasible.length; i++) totals[i]! += raw[i]! * plugin.weight;
    }
    return totals;
  }

  /** selectHost: the highest total; ties are reservoir-sampled, so each best node is equally likely. */
  private selectHost(nodes: readonly NodeInfo[], scores: readonly number[]): NodeInfo {
    let best = 0;
    let ties = 1;
    for (let i = 1; i < nodes.length; i++) {
      if (scores[i]! > scores[best]!) {
        best = i;
        ties = 1;
      } else if (scores[i] === scores[best]) {
        ties++;
        if (this.rng.int(ties) === 0) best = i;
      }
    }
    return nodes[best]!;
  }
}
