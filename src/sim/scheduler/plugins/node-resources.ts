/**
 * NodeResourcesFit (plugins/noderesources/fit.go) and its LeastAllocated score, and
 * NodeResourcesBalancedAllocation (balanced_allocation.go), over cpu and memory with weight 1 each
 * (the default scoring resources).
 */
import { MAX_NODE_SCORE } from '../constants';
import { status, type FilterPlugin, type ScorePlugin, type Status } from '../framework';
import type { NodeInfo } from '../node-info';
import { isZero, type Resources } from '../resources';

export const NODE_RESOURCES_FIT = 'NodeResourcesFit';
export const BALANCED_ALLOCATION = 'NodeResourcesBalancedAllocation';

/**
 * fitsRequest: every shortfall is a reason — the pod count first, then cpu, memory,
 * ephemeral-storage and requested extended resources.
 */
export function insufficientResources(node: NodeInfo, pod: { requests: Resources }): string[] {
  const out: string[] = [];
  if (node.pods.size + 1 > node.allowedPods) out.push('Too many pods');
  const req = pod.requests;
  if (isZero(req)) return out;
  const a = node.allocatable;
  const u = node.requested;
  if (req.milliCPU > 0 && req.milliCPU > a.milliCPU - u.milliCPU) out.push('Insufficient cpu');
  if (req.memory > 0 && req.memory > a.memory - u.memory) out.push('Insufficient memory');
  if (req.ephemeralStorage > 0 && req.ephemeralStorage > a.ephemeralStorage - u.ephemeralStorage) out.push('Insufficient ephemeral-storage');
  if (req.scalars) {
    for (const [name, q] of Object.entries(req.scalars)) {
      if (q === 0) continue;
      if (q > (a.scalars?.[name] ?? 0) - (u.scalars?.[name] ?? 0)) out.push(`Insufficient ${name}`);
    }
  }
  return out;
}

export const nodeResourcesFit: FilterPlugin = {
  name: NODE_RESOURCES_FIT,
  preFilter(ctx) {
    const statuses = new Map<string, Status>();
    const req = ctx.pod.requests;
    return {
      filter(node) {
        if (fitsAtAGlance(node, req)) return undefined;
        const reasons = insufficientResources(node, ctx.pod);
        if (!reasons.length) return undefined;
        const key = reasons.join('\u0000');
        let s = statuses.get(key);
        if (!s) statuses.set(key, (s = status(NODE_RESOURCES_FIT, 'Unschedulable', ...reasons)));
        return s;
      },
    };
  },
};

/** The common case without allocation: room for one more pod, its cpu, memory and storage, no extended resources. */
function fitsAtAGlance(node: NodeInfo, req: Resources): boolean {
  if (req.scalars || node.pods.size + 1 > node.allowedPods) return false;
  const a = node.allocatable;
  const u = node.requested;
  return req.milliCPU <= a.milliCPU - u.milliCPU && req.memory <= a.memory - u.memory && req.ephemeralStorage <= a.ephemeralStorage - u.ephemeralStorage;
}

/** leastRequestedScore: the free share of capacity after placing the pod, 0..100 (integer). */
function leastRequested(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

/**
 * NodeResourcesFit Score with the LeastAllocated strategy: the pod and the pods already on the
 * node count with the scheduler's non-zero defaults; resources the node does not offer are left
 * out of the weighted average.
 */
export const leastAllocatedScore: ScorePlugin = {
  name: NODE_RESOURCES_FIT,
  weight: 1,
  preScore(ctx) {
    const { nonZeroCPU, nonZeroMemory } = ctx.pod;
    return {
      scoreAll(nodes, out) {
        for (let i = 0; i < nodes.length; i++) out[i] = score(nodes[i]!);
        function score(node: NodeInfo): number {
          let sum = 0;
          let weights = 0;
          if (node.allocatable.milliCPU) {
            sum += leastRequested(node.nonZeroCPU + nonZeroCPU, node.allocatable.milliCPU);
            weights++;
          }
          if (node.allocatable.memory) {
            sum += leastRequested(node.nonZeroMemory + nonZeroMemory, node.allocatable.memory);
            weights++;
          }
          return weights ? Math.trunc(sum / weights) : 0;
        }
      },
    };
  },
};

/** balancedResourceScore: (1 - std of the cpu and memory fractions) * 100; fractions cap at 1. */
function balance(node: NodeInfo, cpu: number, mem: number): number {
  const fractions: number[] = [];
  if (node.allocatable.milliCPU) fractions.push(Math.min(1, cpu / node.allocatable.milliCPU));
  if (node.allocatable.memory) fractions.push(Math.min(1, mem / node.allocatable.memory));
  const std = fractions.length === 2 ? Math.abs((fractions[0]! - fractions[1]!) / 2) : 0;
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

/**
 * balancedResourceScorer: (1 - standard deviation of the cpu and memory fractions) * 100, with the
 * pod's actual requests added to the node's; fractions cap at 1. From 1.33 a pod requesting
 * neither is not scored by this plugin (it would pile best-effort pods onto one node). From 1.36
 * the score rewards the improvement in balance the pod brings (kubernetes#135573).
 */
export const balancedAllocationScore: ScorePlugin = {
  name: BALANCED_ALLOCATION,
  weight: 1,
  preScore(ctx) {
    const cpu = ctx.pod.requests.milliCPU;
    const mem = ctx.pod.requests.memory;
    if (ctx.features.balancedSkipsBestEffort && cpu === 0 && mem === 0) return 'skip';
    return {
      scoreAll(nodes, out) {
        const change = ctx.features.balancedScoresChange;
        for (let i = 0; i < nodes.length; i++) out[i] = score(nodes[i]!);
        function score(node: NodeInfo): number {
          const withPod = balance(node, node.requested.milliCPU + cpu, node.requested.memory + mem);
          if (!change) return withPod;
          // 1.36 (kubernetes#135573): both scores lie in [50, 100], so their difference in
          // [-50, 50]; the score is the improvement mapped back into [50, 100] (integer division)
          const withoutPod = balance(node, node.requested.milliCPU, node.requested.memory);
          return MAX_NODE_SCORE / 2 + Math.trunc((MAX_NODE_SCORE / 2 + withPod - withoutPod) / 2);
        }
      },
    };
  },
};
