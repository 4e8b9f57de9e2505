/**
 * NodeAffinity (plugins/nodeaffinity): Filter requires spec.nodeSelector and the required node
 * affinity; PreFilter narrows the search to nodes named by matchFields metadata.name; Score sums
 * the weights of matching preferred terms (normalised by the best node).
 */
import type { NodeInfo } from '../node-info';
import { status, type FilterPlugin, type ScorePlugin } from '../framework';
import { affinityNodeNames, preferredNodeTerms, requiredNodeAffinity } from '../node-selector';
import { defaultNormalize } from './normalize';

export const NODE_AFFINITY = 'NodeAffinity';
const REJECTED = status(NODE_AFFINITY, 'UnschedulableAndUnresolvable', "node(s) didn't match Pod's node affinity/selector");
const CONFLICT = status(NODE_AFFINITY, 'UnschedulableAndUnresolvable', 'pod affinity terms conflict');

export const nodeAffinityFilter: FilterPlugin = {
  name: NODE_AFFINITY,
  preFilter(ctx) {
    const matcher = requiredNodeAffinity(ctx.pod.pod);
    if (!matcher) return 'skip';
    const names = affinityNodeNames(ctx.pod.pod);
    if (names && names.size === 0) return CONFLICT;
    return {
      filter: (node) => (matcher(node.name, node.labels) ? undefined : REJECTED),
      ...(names ? { nodeNames: names } : {}),
    };
  },
};

export const nodeAffinityScore: ScorePlugin = {
  name: NODE_AFFINITY,
  weight: 2,
  preScore(ctx) {
    const terms = preferredNodeTerms(ctx.pod.pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution);
    if (!ctx.pod.pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution) return 'skip';
    return {
      scoreAll(nodes, out) {
        for (let i = 0; i < nodes.length; i++) out[i] = score(nodes[i]!);
        function score(node: NodeInfo): number {
          let sum = 0;
          for (const t of terms) if (t.matches(node.name, node.labels)) sum += t.weight;
          return sum;
        }
      },
      normalize: (scores: number[]) => defaultNormalize(scores, false),
    };
  },
};
