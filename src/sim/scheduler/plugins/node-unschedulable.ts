/**
 * NodeUnschedulable (plugins/nodeunschedulable): a cordoned node (spec.unschedulable) takes only
 * pods tolerating node.kubernetes.io/unschedulable:NoSchedule.
 */
import { TAINT_UNSCHEDULABLE } from '../constants';
import { status, type CycleContext, type FilterPlugin, type PreFilterOutcome } from '../framework';
import { tolerationsTolerate } from '../taints';

export const NODE_UNSCHEDULABLE = 'NodeUnschedulable';
const REJECTED = status(NODE_UNSCHEDULABLE, 'UnschedulableAndUnresolvable', 'node(s) were unschedulable');

export const nodeUnschedulable: FilterPlugin = {
  name: NODE_UNSCHEDULABLE,
  preFilter(ctx: CycleContext): PreFilterOutcome {
    const tolerates = tolerationsTolerate(ctx.pod.pod.spec?.tolerations, { key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' });
    if (tolerates) return 'skip';
    return { filter: (node) => (node.unschedulable ? REJECTED : undefined) };
  },
};
