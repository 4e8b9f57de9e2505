/** Reading a Node's conditions (pkg/controller/util/node GetNodeCondition, pkg/util/node IsNodeReady). */
import type { Node, NodeCondition } from 'kubernetes-types/core/v1';

export type Condition = NodeCondition;

export function nodeCondition(node: Node, type: string): Condition | undefined {
  return node.status?.conditions?.find((c) => c.type === type);
}

/** IsNodeReady: the Ready condition exists and is True. */
export function isNodeReady(node: Node): boolean {
  return nodeCondition(node, 'Ready')?.status === 'True';
}
