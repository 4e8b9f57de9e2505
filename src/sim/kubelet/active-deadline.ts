/**
 * The kubelet's active deadline (pkg/kubelet/active_deadline.go activeDeadlineHandler): a pod
 * with spec.activeDeadlineSeconds that has been active on the node that long since its
 * status.startTime is failed by the kubelet. The handler is both a PodSyncLoopHandler (ShouldSync:
 * the once-a-second sync ticker syncs a pod past its deadline, kubelet.go getPodsToSync) and a
 * PodSyncHandler (ShouldEvict: generateAPIPodStatus turns the phase to Failed with this reason and
 * message, and records an event each time it is consulted).
 */
import type { Pod } from 'kubernetes-types/core/v1';

/** reason and message of active_deadline.go; the event it records is of type Normal. */
export const DEADLINE_EXCEEDED = {
  reason: 'DeadlineExceeded',
  message: 'Pod was active on the node longer than the specified deadline',
} as const;

export type Eviction = { readonly reason: string; readonly message: string };

/**
 * When the pod's deadline passes (virtual ms), or undefined without a deadline or a start time.
 * `startMs` is the start time the status manager holds (in memory, to the nanosecond upstream),
 * else the API's (whole seconds): GetPodStatus falls back to pod.Status.
 */
export function activeDeadlineAt(pod: Pod, startMs: number | undefined): number | undefined {
  const ads = pod.spec?.activeDeadlineSeconds;
  if (ads == null || startMs === undefined) return undefined;
  return startMs + ads * 1000;
}

/** pastActiveDeadline: `clock.Since(start) >= activeDeadlineSeconds`. */
export function pastActiveDeadline(pod: Pod, startMs: number | undefined, now: number): boolean {
  const at = activeDeadlineAt(pod, startMs);
  return at !== undefined && now >= at;
}
