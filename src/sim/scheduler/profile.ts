/**
 * The default profile (apis/config/v1/default_plugins.go): plugin order decides which filter a
 * node fails first (and so the reason shown); score weights are TaintToleration 3, NodeAffinity 2,
 * PodTopologySpread 2, InterPodAffinity 2, NodeResourcesFit 1, BalancedAllocation 1,
 * ImageLocality 1.
 */
import type { FilterPlugin, ScorePlugin } from './framework';
import { imageLocalityScore } from './plugins/image-locality';
import { interPodAffinityFilter, interPodAffinityScore } from './plugins/inter-pod-affinity';
import { nodeAffinityFilter, nodeAffinityScore } from './plugins/node-affinity';
import { nodeName } from './plugins/node-name';
import { nodePorts } from './plugins/node-ports';
import { balancedAllocationScore, leastAllocatedScore, nodeResourcesFit } from './plugins/node-resources';
import { nodeUnschedulable } from './plugins/node-unschedulable';
import { podTopologySpreadFilter, podTopologySpreadScore } from './plugins/pod-topology-spread';
import { taintTolerationFilter, taintTolerationScore } from './plugins/taint-toleration';
import { volumeBindingFilter } from './plugins/volume-binding';
import { volumeRestrictions } from './plugins/volume-restrictions';

export const FILTER_PLUGINS: readonly FilterPlugin[] = [
  nodeUnschedulable,
  nodeName,
  taintTolerationFilter,
  nodeAffinityFilter,
  nodePorts,
  nodeResourcesFit,
  volumeRestrictions,
  volumeBindingFilter,
  podTopologySpreadFilter,
  interPodAffinityFilter,
];

export const SCORE_PLUGINS: readonly ScorePlugin[] = [
  taintTolerationScore,
  nodeAffinityScore,
  leastAllocatedScore,
  podTopologySpreadScore,
  interPodAffinityScore,
  balancedAllocationScore,
  imageLocalityScore,
];
