/**
 * NodePorts (plugins/nodeports): a pod asking for host ports fits only where none of them is
 * taken (0.0.0.0 conflicts with every address).
 */
import { status, type FilterPlugin } from '../framework';

export const NODE_PORTS = 'NodePorts';
const REJECTED = status(NODE_PORTS, 'Unschedulable', "node(s) didn't have free ports for the requested pod ports");

export const nodePorts: FilterPlugin = {
  name: NODE_PORTS,
  preFilter(ctx) {
    const wanted = ctx.pod.hostPorts;
    if (!wanted.length) return 'skip';
    return {
      filter(node) {
        if (!node.ports.size) return undefined;
        return wanted.some((p) => node.ports.conflicts(p)) ? REJECTED : undefined;
      },
    };
  },
};
