/**
 * The backend contract's node faults on KWOK nodes. A fault is offered where KWOK can do what a
 * machine does as the API server sees it; the rest is refused, and the refusal is known before a
 * scenario runs (NODE_FAULT_SUPPORT), so that a backend can refuse the scenario up front.
 *
 * Each node has a KWOK process of its own (its "kubelet"):
 *
 *   killNode        KWOK is killed: no Lease renewal, no status, nothing acts on the node's pods
 *                   (deleted pods stay Terminating). The node-lifecycle controller marks the node
 *                   Unknown after its grace period, taints it and evicts as upstream does.
 *   disconnectNode  KWOK is frozen (SIGSTOP): nothing sent or received; the API server sees what it
 *                   sees of a partitioned kubelet.
 *   reconnectNode   KWOK continues (SIGCONT): watches resume or relist, the Lease is renewed, the
 *                   node Ready again, pods marked not ready get Ready back (as the kubelet's status
 *                   manager restores them), pods deleted meanwhile are removed.
 *   addNode         the Node object is created as a kubelet registers it, and a KWOK started.
 *   removeNode      KWOK stopped and the Node deleted; its pods wait for the pod GC controller.
 *   restartNode     refused: a rebooted node restarts its containers (restart counts, lastState,
 *                   exit code 255 on kind), which is kubelet behaviour KWOK does not have.
 */
import type { NodeFaults, NodeRequest } from '../backend/contract';
import { KscenarioError } from '../errors';
import type { ControlPlane } from './control-plane';

export type NodeFaultVerb = keyof NodeFaults;

export type Support = { supported: true } | { supported: false; reason: string };

export const NODE_FAULT_SUPPORT: Readonly<Record<NodeFaultVerb, Support>> = {
  killNode: { supported: true },
  disconnectNode: { supported: true },
  reconnectNode: { supported: true },
  addNode: { supported: true },
  removeNode: { supported: true },
  restartNode: {
    supported: false,
    reason: 'a rebooted node restarts its containers (restart counts, lastState, exit codes), which KWOK does not emulate',
  },
};

/** The refusal of a node fault on KWOK nodes, or undefined when it is supported. */
export function nodeFaultRefusal(verb: string): string | undefined {
  const s = NODE_FAULT_SUPPORT[verb as NodeFaultVerb];
  return s && !s.supported ? s.reason : undefined;
}

export function kwokNodeFaults(cp: ControlPlane): NodeFaults {
  return {
    killNode: (node: string) => cp.killNode(node),
    restartNode: async () => {
      throw new KscenarioError('UNSUPPORTED', `restartNode on KWOK nodes: ${nodeFaultRefusal('restartNode')}`, undefined,
        'run the scenario on the simulator');
    },
    disconnectNode: (node: string) => cp.disconnectNode(node),
    reconnectNode: (node: string) => cp.reconnectNode(node),
    addNode: (node: NodeRequest) => cp.addNode(node),
    removeNode: (node: string) => cp.removeNode(node),
  };
}
