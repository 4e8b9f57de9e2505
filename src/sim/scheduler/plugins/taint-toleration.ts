/**
 * TaintToleration (plugins/tainttoleration): Filter rejects a node with a NoSchedule or NoExecute
 * taint the pod does not tolerate; Score counts untolerated PreferNoSchedule taints (fewer is
 * better, normalised reversed).
 */
import type { Taint, Toleration } from 'kubernetes-types/core/v1';
import type { NodeInfo } from '../node-info';
import { status, type FilterPlugin, type ScorePlugin, type Status } from '../framework';
import { firstUntoleratedTaint, tolerationsTolerate } from '../taints';
import { defaultNormalize } from './normalize';

export const TAINT_TOLERATION = 'TaintToleration';

/**
 * The reason names the first untolerated taint until kubernetes#134740 (1.35, and 1.34 patch
 * releases), which replaced it with a generic text so that taint values do not leak.
 */
function rejection(taint: Taint, generic: boolean): Status {
  const reason = generic ? 'node(s) had untolerated taint(s)' : `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`;
  return status(TAINT_TOLERATION, 'UnschedulableAndUnresolvable', reason);
}

export const taintTolerationFilter: FilterPlugin = {
  name: TAINT_TOLERATION,
  preFilter(ctx) {
    const tolerations = ctx.pod.pod.spec?.tolerations;
    const generic = ctx.features.genericTaintMessage;
    const cache = new Map<string, Status>();
    return {
      filter(node) {
        if (!node.taints.length) return undefined;
        const taint = firstUntoleratedTaint(node.taints, tolerations);
        if (!taint) return undefined;
        const key = `${taint.key}\u0000${taint.value ?? ''}`;
        let s = cache.get(key);
        if (!s) cache.set(key, (s = rejection(taint, generic)));
        return s;
      },
    };
  },
};

/** getAllTolerationPreferNoSchedule: tolerations with no effect or PreferNoSchedule. */
function preferNoScheduleTolerations(tolerations: readonly Toleration[] | undefined): Toleration[] {
  return (tolerations ?? []).filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
}

export const taintTolerationScore: ScorePlugin = {
  name: TAINT_TOLERATION,
  weight: 3,
  preScore(ctx) {
    // Without PreferNoSchedule taints every node normalises to 100; skipping changes no ranking.
    if (!ctx.cache.preferNoScheduleNodes.size) return 'skip';
    const tolerations = preferNoScheduleTolerations(ctx.pod.pod.spec?.tolerations);
    return {
      scoreAll(nodes, out) {
        for (let i = 0; i < nodes.length; i++) out[i] = score(nodes[i]!);
        function score(node: NodeInfo): number {
          let n = 0;
          for (const t of node.taints) if (t.effect === 'PreferNoSchedule' && !tolerationsTolerate(tolerations, t)) n++;
          return n;
        }
      },
      normalize: (scores: number[]) => defaultNormalize(scores, true),
    };
  },
};
