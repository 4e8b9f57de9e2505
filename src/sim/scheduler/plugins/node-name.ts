/**
 * NodeName (plugins/nodename): a pod naming a node in spec.nodeName fits only that node. Such pods
 * normally bypass the scheduler; the filter matters for preemption's what-if and completeness.
 */
import { status, type FilterPlugin } from '../framework';

export const NODE_NAME = 'NodeName';
const REJECTED = status(NODE_NAME, 'UnschedulableAndUnresolvable', "node(s) didn't match the requested node name");

export const nodeName: FilterPlugin = {
  name: NODE_NAME,
  preFilter(ctx) {
    const wanted = ctx.pod.pod.spec?.nodeName;
    if (!wanted) return 'skip';
    return { filter: (node) => (node.name === wanted ? undefined : REJECTED) };
  },
};
