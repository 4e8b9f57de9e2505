/**
 * What the controller reads from a pod's status (stateful_set_utils.go and
 * pkg/api/v1/pod/util.go IsPodReady / IsPodAvailable). "Ready" is the pod's Ready condition, which
 * the kubelet writes together with its lastTransitionTime.
 */
import { isPodReady, readySince } from '../../../kube/pod-state';
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
 * isRunningAndAvailable = podutil.IsPodAvailable: Ready, and either minReadySeconds is 0 or the
 * Ready condition's lastTransitionTime + minReadySeconds is strictly before now. (Despite its name
 * upstream's helper does not look at the phase.)
 *
 * "Strictly before" is applied to a sync that runs an instant AFTER the event or timer that woke
 * it, as a real controller always does (informer and queue latency), so equality counts as
 * available. Otherwise the simulator's whole-second instants (a pod Ready at exactly 2.000s,
 * re-synced at exactly 12.000s) would fail a check that real clusters pass by milliseconds, and
 * every minReadySeconds wait would take one extra round.
 */
export class Availability {
  constructor(
    readonly minReadySeconds: number,
    readonly nowMs: number,
    /** RFC 3339 time to virtual ms (ApiServer.parseTime) */
    private readonly parseTime: (t: string) => number,
  ) {}

  isAvailable(pod: PodObj): boolean {
    if (!isPodReady(pod)) return false;
    if (this.minReadySeconds === 0) return true;
    const since = readySince(pod, this.parseTime);
    return since !== undefined && since + this.minReadySeconds * 1000 <= this.nowMs;
  }

  /** isUnavailable: not available, or terminating. */
  isUnavailable(pod: PodObj): boolean {
    return !this.isAvailable(pod) || isTerminating(pod);
  }
}
