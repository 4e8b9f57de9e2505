/**
 * A DaemonSet's status (daemon_controller.go updateDaemonSetStatus, storeDaemonSetStatus). Per
 * node that should run the daemon: desired; scheduled if it has a pod; ready / available / updated
 * judged on its oldest pod. Nodes that should not run it but have a pod are misscheduled.
 * numberUnavailable = desired - available. The four counts without omitempty always show; the
 * others are left out when 0, as the API's JSON does. collisionCount and conditions are kept.
 */
import type { DaemonSetStatus } from 'kubernetes-types/apps/v1';
import { isPodAvailable, isPodReady } from '../../../kube/pod-state';
import { compareDaemonPods, type NodePods } from './node-pods';
import type { Placement } from './placement';
import { isPodUpdated } from './pod-template';
import type { DaemonSetObj } from './types';

export interface StatusCounts {
  desiredNumberScheduled: number;
  currentNumberScheduled: number;
  numberMisscheduled: number;
  numberReady: number;
  updatedNumberScheduled: number;
  numberAvailable: number;
  numberUnavailable: number;
}

export interface StatusInput {
  ds: DaemonSetObj;
  /** placement per existing node */
  placements: ReadonlyMap<string, Placement>;
  byNode: NodePods;
  hash: string;
  generation: number | undefined;
  nowMs: number;
  parseTime: (t: string) => number;
}

export function countStatus(input: StatusInput): StatusCounts {
  const c: StatusCounts = {
    desiredNumberScheduled: 0, currentNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0,
    updatedNumberScheduled: 0, numberAvailable: 0, numberUnavailable: 0,
  };
  const minReady = input.ds.spec.minReadySeconds ?? 0;
  for (const [node, placement] of input.placements) {
    const pods = input.byNode.get(node) ?? [];
    if (!placement.shouldRun) {
      if (pods.length) c.numberMisscheduled++;
      continue;
    }
    c.desiredNumberScheduled++;
    if (!pods.length) continue;
    c.currentNumberScheduled++;
    const oldest = [...pods].sort(compareDaemonPods)[0]!;
    if (isPodReady(oldest)) {
      c.numberReady++;
      if (isPodAvailable(oldest, minReady, input.nowMs, input.parseTime)) c.numberAvailable++;
    }
    if (isPodUpdated(oldest, input.hash, input.generation)) c.updatedNumberScheduled++;
  }
  c.numberUnavailable = c.desiredNumberScheduled - c.numberAvailable;
  return c;
}

const COUNT_FIELDS = [
  'desiredNumberScheduled', 'currentNumberScheduled', 'numberMisscheduled', 'numberReady',
  'updatedNumberScheduled', 'numberAvailable', 'numberUnavailable',
] as const;

const OMIT_WHEN_ZERO = new Set<string>(['updatedNumberScheduled', 'numberAvailable', 'numberUnavailable', 'observedGeneration']);

/**
 * storeDaemonSetStatus: nothing to write when every count is unchanged and the status has seen
 * this generation; else the counts, with observedGeneration raised only when this sync acted on
 * the current spec (expectations were satisfied).
 */
export function statusToWrite(ds: DaemonSetObj, counts: StatusCounts, updateObservedGeneration: boolean): DaemonSetStatus | undefined {
  const cur = ds.status ?? ({} as DaemonSetStatus);
  const generation = ds.metadata.generation ?? 0;
  const same = COUNT_FIELDS.every((k) => (cur[k] ?? 0) === counts[k]);
  if (same && (cur.observedGeneration ?? 0) >= generation) return undefined;
  const next: Record<string, unknown> = { ...cur, ...counts };
  if (updateObservedGeneration) next.observedGeneration = generation;
  for (const k of OMIT_WHEN_ZERO) if (!next[k]) delete next[k];
  return next as unknown as DaemonSetStatus;
}
