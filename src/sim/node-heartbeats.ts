/**
 * How the node lifecycle controller learns that a kubelet stopped (or resumed) heartbeating.
 *
 * On a real cluster the kubelet renews its Lease in kube-node-lease every 10 s (renewInterval is
 * a quarter of the 40 s lease duration) and the controller notes the time it saw each renewal
 * (its probeTimestamp). Writing that Lease every 10 s would fill the history with identical
 * updates and make the simulator's cost grow with virtual time, so the kubelets offer this
 * service instead: the time of the last renewal a stopped or cut-off kubelet managed, and a
 * signal whenever that changes. The rule the controller applies is unchanged.
 */
export interface NodeHeartbeats {
  /**
   * Virtual ms of the node's last Lease renewal when its kubelet has stopped renewing (killed,
   * or cut off from the API server); undefined while it keeps renewing. A node the kubelets do
   * not know (removed, or never added) gives undefined too — the controller sees the Node object.
   */
  lastRenewal(node: string): number | undefined;
  /** Called after a node's kubelet stops or resumes renewing. */
  onChange(listener: (node: string) => void): void;
}
