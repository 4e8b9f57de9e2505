/**
 * What controllers read from a pod, in one place for all of them: readiness and availability
 * (pkg/api/v1/pod/util.go IsPodReady / IsPodAvailable / podReadyTime) and the workload
 * controllers' predicates and orderings (pkg/controller/controller_utils.go IsPodActive /
 * IsPodTerminating / compareMaxContainerRestarts). Pure: times are ms, and `parseTime` turns the
 * API's RFC 3339 text into them.
 */
import type { PodSpec, PodStatus } from 'kubernetes-types/core/v1';
import type { KObject } from './object';

/** A stored pod as controllers read it: object metadata plus the core/v1 spec and status. */
export type PodObj = KObject & { spec?: PodSpec; status?: PodStatus };

/** What the readiness helpers need: a status (so kubernetes-types' Pod fits too). */
type WithStatus = { status?: PodStatus };

function readyCondition(pod: WithStatus) {
  return pod.status?.conditions?.find((c) => c.type === 'Ready');
}

/** podutil.IsPodReady: the Ready condition is True. */
export function isPodReady(pod: WithStatus): boolean {
  return readyCondition(pod)?.status === 'True';
}

/** controller.IsPodActive: not Succeeded, not Failed, and not being deleted. */
export function isPodActive(pod: PodObj): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp;
}

/** controller.IsPodTerminating: being deleted but not yet in a terminal phase. */
export function isPodTerminating(pod: PodObj): boolean {
  const phase = pod.status?.phase;
  return !!pod.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed';
}

/** lastTransitionTime of a True Ready condition (podReadyTime), or undefined (Go's zero time). */
export function readySince(pod: WithStatus, parseTime: (t: string) => number): number | undefined {
  const c = readyCondition(pod);
  return c?.status === 'True' && c.lastTransitionTime ? parseTime(c.lastTransitionTime) : undefined;
}

/**
 * podutil.IsPodAvailable: Ready, and minReadySeconds is 0 or the Ready condition's
 * lastTransitionTime + minReadySeconds is at or before now. Upstream compares with `<=` since
 * kubernetes#132122 (1.34, "LastTransitionTime + minReadySeconds <= current time"); before it the
 * comparison was strict, which a real controller never notices: it runs milliseconds after the
 * instant it was woken for (informer and queue latency, the sub-second part that the
 * second-truncated lastTransitionTime drops). The simulator wakes controllers exactly on that
 * instant, so equality counts as available on every version: that is how the simulator stands in
 * for the latency real clocks add (no random jitter, see docs/requeues.md).
 */
export function isPodAvailable(pod: PodObj, minReadySeconds: number, nowMs: number, parseTime: (t: string) => number): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds === 0) return true;
  const since = readySince(pod, parseTime);
  return since !== undefined && since + minReadySeconds * 1000 <= nowMs;
}

/**
 * controller.FindMinNextPodAvailabilityCheck (controller_utils.go, kubernetes#132121 for the
 * ReplicaSet, #135428 for the StatefulSet): milliseconds until the soonest Ready pod that is not
 * yet available becomes available, or undefined when none is waiting. Terminating pods are not
 * left out, as upstream's nextPodAvailabilityCheck does not. Upstream re-reads its clock after
 * computing the status; virtual time does not move during a sync, so one `nowMs` serves both.
 */
export function nextAvailabilityCheckMs(pods: readonly PodObj[], minReadySeconds: number, nowMs: number, parseTime: (t: string) => number): number | undefined {
  if (minReadySeconds <= 0) return undefined;
  let next: number | undefined;
  for (const pod of pods) {
    if (!isPodReady(pod)) continue;
    const since = readySince(pod, parseTime);
    if (since === undefined) continue;
    const wait = since + minReadySeconds * 1000 - nowMs;
    if (wait > 0 && (next === undefined || wait < next)) next = wait;
  }
  return next;
}

/** The highest restartCount of the pod's containers (maxContainerRestarts, regular containers). */
export function maxContainerRestarts(pod: PodObj): number {
  return Math.max(0, ...(pod.status?.containerStatuses ?? []).map((c) => c.restartCount ?? 0));
}

/** The highest restartCount of its sidecars: init containers with restartPolicy Always (maxContainerRestarts). */
export function maxSidecarRestarts(pod: PodObj): number {
  const sidecars = new Set((pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always').map((c) => c.name));
  return Math.max(0, ...(pod.status?.initContainerStatuses ?? []).filter((c) => sidecars.has(c.name)).map((c) => c.restartCount ?? 0));
}

/** The annotation the kubelet puts on the mirror pod of a static pod (api.MirrorPodAnnotationKey). */
export const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';

export function isMirrorPod(pod: { metadata?: { annotations?: Record<string, string> } }): boolean {
  return pod.metadata?.annotations?.[MIRROR_ANNOTATION] !== undefined;
}
