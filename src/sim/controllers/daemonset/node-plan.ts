/**
 * What the controller does on one node each sync (daemon_controller.go podsShouldBeOnNode): create
 * a pod where one should run and none exists; where pods may stay, drop finished ones and the
 * extras (one pod per node, or — while surging — the oldest current-revision pod beside the
 * oldest older one until the new one is available); where none may stay, delete them all. Pure:
 * failed pods are returned for the caller to delete under its back-off.
 */
import { isPodAvailable, isPodReady } from '../../../kube/pod-state';
import { compareDaemonPods } from './node-pods';
import type { Placement } from './placement';
import { allowsSurge } from './strategy';
import { REVISION_HASH_LABEL, type DaemonSetObj, type PodObj } from './types';

export interface NodePlan {
  /** create a daemon pod on this node */
  needsPod: boolean;
  /** pods to delete now */
  toDelete: PodObj[];
  /** Failed pods: deleted unless the failed-pod back-off holds them (FailedDaemonPod event) */
  failed: PodObj[];
  /** Succeeded pods, already in toDelete (SucceededDaemonPod event) */
  succeeded: PodObj[];
}

export interface NodePlanInput {
  ds: DaemonSetObj;
  placement: Placement;
  /** the DaemonSet's pods for this node, undefined when it has none */
  pods: readonly PodObj[] | undefined;
  hash: string;
  nowMs: number;
  parseTime: (t: string) => number;
}

export function planNode(input: NodePlanInput): NodePlan {
  const { placement, pods } = input;
  const plan: NodePlan = { needsPod: false, toDelete: [], failed: [], succeeded: [] };
  if (placement.shouldRun && !pods) {
    plan.needsPod = true;
  } else if (placement.shouldContinueRunning) {
    keepOnePod(input, plan);
  } else if (pods) {
    plan.toDelete.push(...pods.filter((p) => !p.metadata.deletionTimestamp));
  }
  return plan;
}

function keepOnePod(input: NodePlanInput, plan: NodePlan): void {
  const running: PodObj[] = [];
  for (const pod of input.pods ?? []) {
    if (pod.metadata.deletionTimestamp) continue;
    const phase = pod.status?.phase;
    if (phase === 'Failed') plan.failed.push(pod);
    else if (phase === 'Succeeded') {
      plan.succeeded.push(pod);
      plan.toDelete.push(pod);
    } else running.push(pod);
  }
  running.sort(compareDaemonPods);
  if (!allowsSurge(input.ds)) {
    // Without surge every pod but the oldest goes; a node left with none gets one next sync.
    plan.toDelete.push(...running.slice(1));
    return;
  }
  if (running.length <= 1) {
    // Surging: a node must keep at least one pod that is not being deleted.
    if (!running.length && input.placement.shouldRun) plan.needsPod = true;
    return;
  }
  keepSurgePair(input, running, plan);
}

/**
 * With surge, the oldest current-revision pod and the oldest other pod may both stay, until the
 * old one is not ready or the new one is available; every further pod goes.
 */
function keepSurgePair(input: NodePlanInput, running: PodObj[], plan: NodePlan): void {
  let oldestNew: PodObj | undefined;
  let oldestOld: PodObj | undefined;
  for (const pod of running) {
    const current = pod.metadata.labels?.[REVISION_HASH_LABEL] === input.hash;
    if (current && !oldestNew) oldestNew = pod;
    else if (!current && !oldestOld) oldestOld = pod;
    else plan.toDelete.push(pod);
  }
  if (!oldestNew || !oldestOld) return;
  const minReady = input.ds.spec.minReadySeconds ?? 0;
  if (!isPodReady(oldestOld) || isPodAvailable(oldestNew, minReady, input.nowMs, input.parseTime)) plan.toDelete.push(oldestOld);
}
