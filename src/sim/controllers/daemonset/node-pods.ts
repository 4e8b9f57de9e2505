/**
 * A DaemonSet's claimed pods grouped by the node they were made for (getNodesToDaemonPods), and
 * the order the controller ranks the pods of one node in (podByCreationTimestampAndPhase).
 */
import { targetNodeName } from './placement';
import type { PodObj } from './types';

export type NodePods = Map<string, PodObj[]>;

function isTerminal(pod: PodObj): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/**
 * getNodesToDaemonPods: pods by target node. A finished pod already being deleted is left out
 * unless `includeDeletedTerminal` (history cleanup still counts its hash as live); a pod with no
 * target node is skipped.
 */
export function groupByNode(pods: readonly PodObj[], includeDeletedTerminal: boolean): NodePods {
  const byNode: NodePods = new Map();
  for (const pod of pods) {
    if (!includeDeletedTerminal && isTerminal(pod) && pod.metadata.deletionTimestamp) continue;
    const node = targetNodeName(pod);
    if (node === undefined) continue;
    const list = byNode.get(node);
    if (list) list.push(pod);
    else byNode.set(node, [pod]);
  }
  return byNode;
}

/** podByCreationTimestampAndPhase: bound pods first, then oldest first, then by name. */
export function compareDaemonPods(a: PodObj, b: PodObj): number {
  const aBound = !!a.spec?.nodeName;
  const bBound = !!b.spec?.nodeName;
  if (aBound !== bBound) return aBound ? -1 : 1;
  const ta = a.metadata.creationTimestamp ?? '';
  const tb = b.metadata.creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

/**
 * getUnscheduledPodsWithoutNode: pods never bound whose target node does not exist. The pod
 * garbage collector only removes pods bound to a vanished node, so these are the controller's.
 */
export function unscheduledPodsWithoutNode(byNode: NodePods, nodeNames: ReadonlySet<string>): PodObj[] {
  const out: PodObj[] = [];
  for (const [node, pods] of [...byNode].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (nodeNames.has(node)) continue;
    out.push(...pods.filter((p) => !p.spec?.nodeName));
  }
  return out;
}
