/**
 * The pod bars: each pod (by uid, so a StatefulSet pod made again under its name is a new bar) on
 * the node it was bound to, with its phase, readiness and termination over time.
 */
import type { ObjectChange } from '../../history/entry';
import type { KObject } from '../../kube/object';
import { toIntervals, type Sample } from './intervals';
import type { Ms, PodBar, PodState } from './model';

interface PodObject extends KObject {
  spec?: { nodeName?: string };
  status?: { phase?: string; conditions?: Array<{ type: string; status: string }> };
}

export function podState(pod: PodObject): PodState {
  return {
    phase: pod.status?.phase ?? 'Pending',
    ready: pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false,
    terminating: pod.metadata.deletionTimestamp !== undefined,
  };
}

interface Tracked {
  namespace: string;
  name: string;
  uid: string;
  /** per node the pod was on ('' for none yet), its states there */
  byNode: Map<string, Sample<PodState>[]>;
  order: string[];
  deletedAt?: Ms;
}

/** The bars, in the order the pods appeared: one per pod and node (unbound, then bound). */
export function podBars(changes: readonly ObjectChange[], end: Ms): PodBar[] {
  const pods = new Map<string, Tracked>();
  for (const c of changes) {
    if (c.kind !== 'Pod') continue;
    const pod = c.object as PodObject;
    const uid = pod.metadata.uid ?? `${c.namespace}/${c.name}`;
    let tracked = pods.get(uid);
    if (!tracked) pods.set(uid, (tracked = { namespace: c.namespace ?? '', name: c.name, uid, byNode: new Map(), order: [] }));
    if (c.type === 'DELETED') {
      tracked.deletedAt = c.t;
      continue;
    }
    const node = pod.spec?.nodeName ?? '';
    if (!tracked.byNode.has(node)) {
      tracked.byNode.set(node, []);
      tracked.order.push(node);
    }
    tracked.byNode.get(node)!.push({ t: c.t, state: podState(pod) });
  }
  return [...pods.values()].flatMap((p) => barsOf(p, end));
}

/** A pod's bars: on each node until it moved on (binding is once, so: unbound until bound). */
function barsOf(p: Tracked, end: Ms): PodBar[] {
  const podEnd = p.deletedAt ?? end;
  return p.order.flatMap((node, i) => {
    const next = p.order[i + 1];
    const samples = p.byNode.get(node)!;
    const until = next === undefined ? podEnd : p.byNode.get(next)![0]!.t;
    // created already bound (or bound at once): no time spent unscheduled to draw
    if (next !== undefined && until <= samples[0]!.t) return [];
    const bar: PodBar = { namespace: p.namespace, name: p.name, uid: p.uid, states: toIntervals(samples, until) };
    if (node) bar.node = node;
    if (next === undefined && p.deletedAt !== undefined) bar.deletedAt = p.deletedAt;
    return [bar];
  });
}
