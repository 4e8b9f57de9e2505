/**
 * How the node lifecycle controller learns that a kubelet stopped (or resumed) heartbeating.
 *
 * On a real cluster the kubelet renews its Lease in kube-node-lease every 10 s (renewInterval is
 * a quarter of the 40 s lease duration, pkg/kubelet/nodelease and kubelet.go) and the controller
 * notes the time it saw each renewal (its probeTimestamp, tryUpdateNodeHealth). Writing that Lease
 * every 10 s would fill the history with identical updates and make the simulator's cost grow with
 * virtual time, so the kubelets offer this service instead: whether a node's kubelet renews, the
 * time of the last renewal a stopped or cut-off kubelet managed, or that the node has no kubelet
 * at all, and a signal whenever that changes. The rule the controller applies is unchanged.
 */

/** The state of a node's Lease, as its renewals would show it. */
export type NodeLease =
  /** a running kubelet that reaches the API server: a renewal every 10 s, the latest within 10 s */
  | { state: 'renewing' }
  /** its kubelet stopped renewing (killed, or cut off from the API server) after this renewal */
  | { state: 'stopped'; lastRenewalMs: number }
  /**
   * no kubelet has ever renewed it: a Node object nobody runs (written through the API), or one
   * whose kubelet has not started; the controller has only the Node's own status heartbeats
   */
  | { state: 'absent' };

export interface NodeHeartbeats {
  lease(node: string): NodeLease;
  /** Called after a node's kubelet stops or resumes renewing. */
  onChange(listener: (node: string) => void): void;
}
