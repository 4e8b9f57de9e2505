/** The node lanes: each Node's readiness, cordon and taints over time, from its recorded versions. */
import type { ObjectChange } from '../../history/entry';
import type { KObject } from '../../kube/object';
import { toIntervals, type Sample } from './intervals';
import type { Ms, NodeLane, NodeState } from './model';

interface NodeObject extends KObject {
  spec?: { unschedulable?: boolean; taints?: Array<{ key: string; value?: string; effect: string }> };
  status?: { conditions?: Array<{ type: string; status: string }> };
}

export function nodeState(node: NodeObject): NodeState {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready')?.status ?? 'Unknown';
  const taints = (node.spec?.taints ?? []).map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`);
  return { ready, cordoned: node.spec?.unschedulable === true, taints };
}

/** One lane per Node name, in the order the nodes appeared. */
export function nodeLanes(changes: readonly ObjectChange[], end: Ms): NodeLane[] {
  const samples = new Map<string, Sample<NodeState>[]>();
  const deleted = new Map<string, Ms>();
  for (const c of changes) {
    if (c.kind !== 'Node') continue;
    if (!samples.has(c.name)) samples.set(c.name, []);
    if (c.type === 'DELETED') deleted.set(c.name, c.t);
    else {
      deleted.delete(c.name); // a node added again under the same name
      samples.get(c.name)!.push({ t: c.t, state: nodeState(c.object as NodeObject) });
    }
  }
  return [...samples].map(([name, s]) => {
    const deletedAt = deleted.get(name);
    const lane: NodeLane = { name, states: toIntervals(s, deletedAt ?? end) };
    if (deletedAt !== undefined) lane.deletedAt = deletedAt;
    return lane;
  });
}
