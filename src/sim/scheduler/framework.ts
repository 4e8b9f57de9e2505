/**
 * The scheduling framework's shapes (kube-scheduler framework interface.go), reduced to what the
 * default profile uses. A plugin prepares per-pod state once (PreFilter / PreScore) and returns
 * closures the cycle calls per node, so that the per-node work is allocation-free.
 */
import type { KubeVersion } from '../../kube/version';
import type { ApiServer } from '../apiserver/store';
import type { ClusterCache } from './cache';
import type { SchedulerFeatures } from './features';
import type { NodeInfo } from './node-info';
import type { PodInfo } from './pod-info';
import type { WorkloadIndex } from './workloads';

/** framework.Code, only the rejecting ones (Success is `undefined`). */
export type Code = 'Unschedulable' | 'UnschedulableAndUnresolvable';

export interface Status {
  readonly code: Code;
  readonly reasons: readonly string[];
  readonly plugin: string;
}

export function status(plugin: string, code: Code, ...reasons: string[]): Status {
  return Object.freeze({ code, reasons: Object.freeze(reasons), plugin });
}

/** Everything a plugin may read while scheduling one pod. */
export interface CycleContext {
  readonly pod: PodInfo;
  readonly cache: ClusterCache;
  readonly workloads: WorkloadIndex;
  readonly api: ApiServer;
  readonly version: KubeVersion;
  readonly features: SchedulerFeatures;
  /** all nodes in walking order */
  readonly allNodes: readonly NodeInfo[];
}

/** What PreFilter returns when it does not reject: per-node filter and optional node restriction. */
export interface PreparedFilter {
  filter(node: NodeInfo): Status | undefined;
  /** PreFilterResult.NodeNames: only these nodes are worth filtering */
  readonly nodeNames?: ReadonlySet<string>;
  /** PreFilterExtensions for preemption's what-if: adjust the prepared state for a pod leaving/joining a node */
  removePod?(pod: PodInfo, node: NodeInfo): void;
  addPod?(pod: PodInfo, node: NodeInfo): void;
  /** an independent copy for a dry run (CycleState.Clone); stateless filters return themselves */
  clone?(): PreparedFilter;
}

export type PreFilterOutcome = PreparedFilter | 'skip' | Status;

export interface FilterPlugin {
  readonly name: string;
  preFilter(ctx: CycleContext): PreFilterOutcome;
}

export interface PreparedScore {
  /** Score of each node into `out` (each plugin loops itself so that the loop stays monomorphic). */
  scoreAll(nodes: readonly NodeInfo[], out: number[]): void;
  /** NormalizeScore, in place, over the feasible nodes' raw scores */
  normalize?(scores: number[], nodes: readonly NodeInfo[]): void;
}

export interface ScorePlugin {
  readonly name: string;
  readonly weight: number;
  preScore(ctx: CycleContext, feasible: readonly NodeInfo[]): PreparedScore | 'skip';
}

export function isStatus(o: PreFilterOutcome): o is Status {
  return typeof o === 'object' && 'code' in o;
}
