/**
 * A DisruptionTarget=True condition left on a pod that is not being deleted (an eviction whose
 * delete failed after the condition was written) is reset to False by the disruption controller
 * after stalePodDisruptionTimeout (disruption.go nonTerminatingPodHasStaleDisruptionCondition,
 * syncStalePodDisruption). Conditions the kubelet set, and pods in a terminal phase, are left alone.
 */
import type { PodObj } from '../../../kube/pod-state';
import { STALE_POD_DISRUPTION_TIMEOUT_MS } from './types';

export const DISRUPTION_TARGET = 'DisruptionTarget';
/** v1.PodReasonTerminationByKubelet */
const TERMINATION_BY_KUBELET = 'TerminationByKubelet';

/** Milliseconds until the pod's DisruptionTarget condition is stale (0: now), or undefined when it never will be. */
export function staleDisruptionIn(pod: PodObj, now: number, parseTime: (t: string) => number): number | undefined {
  if (pod.metadata.deletionTimestamp) return undefined;
  const cond = pod.status?.conditions?.find((c) => c.type === DISRUPTION_TARGET);
  const phase = pod.status?.phase;
  if (!cond || cond.status !== 'True' || cond.reason === TERMINATION_BY_KUBELET || phase === 'Succeeded' || phase === 'Failed') {
    return undefined;
  }
  const since = cond.lastTransitionTime ? parseTime(cond.lastTransitionTime) : 0;
  return Math.max(0, STALE_POD_DISRUPTION_TIMEOUT_MS - (now - since));
}
