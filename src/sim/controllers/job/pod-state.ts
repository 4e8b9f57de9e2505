/**
 * What the Job controller reads from its pods (job_controller.go isPodFailed /
 * pastBackoffLimitOnFailure / countReadyPods, controller_utils.go CountTerminatingPods and the
 * ActivePods order, backoff_utils.go getFinishedTime). Times are virtual ms.
 */
import { isPodReady, isPodTerminating, maxContainerRestarts, readySince } from '../../../kube/pod-state';
import { TRACKING_FINALIZER, type JobObj, type PodObj } from './types';

export function hasTrackingFinalizer(pod: PodObj): boolean {
  return (pod.metadata.finalizers ?? []).includes(TRACKING_FINALIZER);
}

/**
 * onlyReplaceFailedPods: podReplacementPolicy Failed, or any pod failure policy, makes the Job
 * wait for a terminating pod to reach a terminal phase before counting or replacing it.
 */
export function onlyReplacesFailedPods(job: JobObj): boolean {
  return job.spec.podReplacementPolicy === 'Failed' || !!job.spec.podFailurePolicy;
}

/**
 * isPodFailed: phase Failed; or, unless only failed pods are replaced, being deleted without
 * having succeeded (an orphan deleted by PodGC never gets to a terminal phase).
 */
export function isPodFailed(pod: PodObj, job: JobObj): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Failed') return true;
  if (onlyReplacesFailedPods(job)) return false;
  return !!pod.metadata.deletionTimestamp && phase !== 'Succeeded';
}

/** controller.CountTerminatingPods. */
export function countTerminating(pods: readonly PodObj[]): number {
  return pods.filter(isPodTerminating).length;
}

export function countReady(pods: readonly PodObj[]): number {
  return pods.filter(isPodReady).length;
}

/**
 * pastBackoffLimitOnFailure: with restartPolicy OnFailure the restarts of the containers of
 * pending and running pods count as failures: at least backoffLimit of them (any, for 0).
 */
export function pastBackoffLimitOnFailure(job: JobObj, pods: readonly PodObj[]): boolean {
  if (job.spec.template.spec?.restartPolicy !== 'OnFailure') return false;
  let restarts = 0;
  for (const p of pods) {
    if (p.status?.phase !== 'Running' && p.status?.phase !== 'Pending') continue;
    for (const s of [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])]) restarts += s.restartCount ?? 0;
  }
  const limit = job.spec.backoffLimit ?? 6;
  return limit === 0 ? restarts > 0 : restarts >= limit;
}

/**
 * getFinishedTime: the latest finishedAt of the containers when all (and the sidecars) have
 * terminated; else the Ready=False transition; else deletionTimestamp - grace; else creation.
 */
export function finishedTime(pod: PodObj, parseTime: (t: string) => number): number {
  const fromContainers = containersFinishedAt(pod, parseTime);
  if (fromContainers !== undefined) return fromContainers;
  const ready = pod.status?.conditions?.find((c) => c.type === 'Ready');
  if (ready?.status === 'False' && ready.lastTransitionTime) return parseTime(ready.lastTransitionTime);
  if (pod.metadata.deletionTimestamp) return parseTime(pod.metadata.deletionTimestamp) - (pod.metadata.deletionGracePeriodSeconds ?? 0) * 1000;
  return parseTime(pod.metadata.creationTimestamp ?? '');
}

function containersFinishedAt(pod: PodObj, parseTime: (t: string) => number): number | undefined {
  const sidecars = new Set((pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always').map((c) => c.name));
  const statuses = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? []).filter((s) => sidecars.has(s.name))];
  let latest: number | undefined;
  for (const s of statuses) {
    const at = s.state?.terminated?.finishedAt;
    if (!at) return undefined;
    latest = Math.max(latest ?? -Infinity, parseTime(at));
  }
  return latest;
}

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/**
 * controller.ActivePods order, earlier = removed first: unassigned, then Pending < Unknown <
 * Running, not ready, ready more recently, more restarts, created more recently. Upstream's sort
 * leaves full ties unordered; the name decides here so the simulation stays deterministic.
 */
export function compareActivePods(a: PodObj, b: PodObj, parseTime: (t: string) => number): number {
  const na = a.spec?.nodeName ?? '';
  const nb = b.spec?.nodeName ?? '';
  if (na !== nb && (!na || !nb)) return na ? 1 : -1;
  const pa = PHASE_ORDINAL[a.status?.phase ?? ''] ?? 0;
  const pb = PHASE_ORDINAL[b.status?.phase ?? ''] ?? 0;
  if (pa !== pb) return pa - pb;
  const ra = isPodReady(a);
  if (ra !== isPodReady(b)) return ra ? 1 : -1;
  if (ra) {
    const c = newerFirst(readySince(a, parseTime), readySince(b, parseTime));
    if (c) return c;
  }
  const restarts = maxContainerRestarts(b) - maxContainerRestarts(a);
  if (restarts) return restarts;
  const created = (p: PodObj) => (p.metadata.creationTimestamp ? parseTime(p.metadata.creationTimestamp) : undefined);
  return newerFirst(created(a), created(b)) || a.metadata.name.localeCompare(b.metadata.name);
}

/** afterOrZero: a missing time first, then the later one. */
function newerFirst(ta: number | undefined, tb: number | undefined): number {
  if (ta === tb) return 0;
  if (ta === undefined) return -1;
  if (tb === undefined) return 1;
  return tb - ta;
}
