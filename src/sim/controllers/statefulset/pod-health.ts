/**
 * What the controller reads from a pod's status (stateful_set_utils.go and
 * pkg/api/v1/pod/util.go IsPodReady / IsPodAvailable). "Ready" is the pod's Ready condition, which
 * the kubelet writes together with its lastTransitionTime.
 */
import { isPodAvailable, isPodReady } from '../../../kube/pod-state';
import type { PodObj } from './types';

/** isCreated: the API server gave it a phase, so it exists (a pod not yet created has none). */
export function isCreated(pod: PodObj): boolean {
  return !!pod.status?.phase;
}

export function isPending(pod: PodObj): boolean {
  return pod.status?.phase === 'Pending';
}

export function isFailed(pod: PodObj): boolean {
  return pod.status?.phase === 'Failed';
}

export function isSucceeded(pod: PodObj): boolean {
  return pod.status?.phase === 'Succeeded';
}

export function isTerminating(pod: PodObj): boolean {
  return !!pod.metadata.deletionTimestamp;
}

/** isRunningAndReady */
export function isRunningAndReady(pod: PodObj): boolean {
  return pod.status?.phase === 'Running' && isPodReady(pod);
}

/**
 * Availability at one instant of a sync (upstream takes `now` once per sync).
 * isRunningAndAvailable = podutil.IsPodAvailable (isPodAvailable, which says why equality counts).
 * Despite its name upstream's helper does not look at the phase.
 */
export class Availability {
  constructor(
    readonly minReadySeconds: number,
    readonly nowMs: number,
    /** RFC 3339 time to virtual ms (ApiServer.parseTime) */
    private readonly parseTime: (t: string) => number,
  ) {}

  isAvailable(pod: PodObj): boolean {
    return isPodAvailable(pod, this.minReadySeconds, this.nowMs, this.parseTime);
  }

  /** isUnavailable: not available, or terminating. */
  isUnavailable(pod: PodObj): boolean {
    return !this.isAvailable(pod) || isTerminating(pod);
  }
}
