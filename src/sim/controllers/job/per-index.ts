/**
 * Back-off limit per index (spec.backoffLimitPerIndex, JobBackoffLimitPerIndex: beta and on from
 * 1.29, GA 1.33, so on in every emulated version). Indexed Jobs only. Upstream's rules
 * (indexed_job_utils.go, backoff_utils.go, job_controller.go in v1.37.2):
 *
 * - Each pod carries the failures of the earlier pods of its index in the annotations
 *   batch.kubernetes.io/job-index-failure-count (counted failures) and
 *   job-index-ignored-failure-count (failures an Ignore rule matched; written only when not 0).
 *   A replacement pod gets the replaced pod's counts plus that pod's own failure.
 * - An index fails when a failed pod of it matched a FailIndex rule, or when a counted failure
 *   happens with failure-count >= backoffLimitPerIndex (isIndexFailed). Failed indexes go to
 *   status.failedIndexes (same text format as completedIndexes) and are never run again.
 * - So that the replacement can read the count, the finalizer of the latest failed pod of an
 *   index that is neither finished nor running again is kept until its replacement exists
 *   (getPodsWithDelayedDeletionPerIndex).
 * - The back-off before a replacement is per index: 10 s doubling per failure of the index
 *   (counted and ignored), from the replaced pod's finish time (getRemainingTimePerIndex); the
 *   Job-wide back-off is not used.
 */
import { remainingForFailuresMs } from './backoff';
import { completionIndex, has, parseIntervals, withIndexes, type Interval, type Intervals } from './indexed';
import { matchPodFailurePolicy } from './pod-failure-policy';
import { finishedTime, hasTrackingFinalizer, isPodFailed } from './pod-state';
import { INDEX_FAILURE_COUNT_KEY, INDEX_IGNORED_FAILURE_COUNT_KEY, type JobObj, type PodObj } from './types';

const MAX_INT32 = 2 ** 31 - 1;

/**
 * parseInt32 of an annotation: strconv.Atoi's syntax; anything unparsable, negative or beyond
 * int32 reads as 0 (upstream logs and ignores it, e.g. a value set by hand).
 */
function annotationCount(pod: PodObj, key: string): number {
  const v = pod.metadata.annotations?.[key];
  if (v === undefined || !/^[+-]?\d+$/.test(v)) return 0;
  const n = Number(v);
  return n < 0 || n > MAX_INT32 ? 0 : n;
}

/** getIndexFailureCount. */
export function indexFailureCount(pod: PodObj): number {
  return annotationCount(pod, INDEX_FAILURE_COUNT_KEY);
}

/** getIndexAbsoluteFailureCount: counted plus ignored failures. */
export function absoluteIndexFailureCount(pod: PodObj): number {
  return indexFailureCount(pod) + annotationCount(pod, INDEX_IGNORED_FAILURE_COUNT_KEY);
}

/** isIndexFailed: the pod's failure fails its index. */
export function isIndexFailed(job: JobObj, pod: PodObj): boolean {
  if (!isPodFailed(pod, job)) return false;
  let counted = true;
  if (job.spec.podFailurePolicy) {
    const match = matchPodFailurePolicy(job, pod);
    if (match.action === 'FailIndex') return true;
    counted = match.countFailed;
  }
  return counted && indexFailureCount(pod) >= (job.spec.backoffLimitPerIndex ?? 0);
}

/**
 * calculateFailedIndexes: status.failedIndexes plus the indexes of pods not yet counted (still
 * holding the finalizer) whose failure fails their index.
 */
export function failedIndexesOf(job: JobObj, pods: readonly PodObj[], completions: number): Interval[] {
  const previous = job.status?.failedIndexes !== undefined ? parseIntervals(job.status.failedIndexes, completions) : [];
  const fresh = new Set<number>();
  for (const p of pods) {
    const ix = completionIndex(p);
    if (ix !== undefined && ix < completions && hasTrackingFinalizer(p) && isIndexFailed(job, p)) fresh.add(ix);
  }
  return withIndexes(previous, [...fresh].sort((a, b) => a - b));
}

export interface IndexState {
  job: JobObj;
  pods: readonly PodObj[];
  active: readonly PodObj[];
  completions: number;
  succeeded: Intervals;
  failed: Intervals;
  parseTime: (t: string) => number;
}

/**
 * getPodsWithDelayedDeletionPerIndex: per index that is not succeeded, failed or running, the
 * failed pod (still holding its finalizer) whose counts the replacement inherits: the one with
 * the highest absolute failure count, the later finish winning a tie.
 */
export function podsAwaitingReplacement(s: IndexState): Map<number, PodObj> {
  const running = new Set(s.active.map(completionIndex));
  const out = new Map<number, PodObj>();
  for (const p of s.pods) {
    if (!hasTrackingFinalizer(p) || !isPodFailed(p, s.job)) continue;
    const ix = completionIndex(p);
    if (ix === undefined || ix >= s.completions) continue;
    if (has(s.succeeded, ix) || has(s.failed, ix) || running.has(ix)) continue;
    const last = out.get(ix);
    if (!last || (absoluteIndexFailureCount(last) <= absoluteIndexFailureCount(p)
      && finishedTime(p, s.parseTime) >= finishedTime(last, s.parseTime))) out.set(ix, p);
  }
  return out;
}

/**
 * getNewIndexFailureCounts: the annotations of a new pod of the index: 0 for a first pod, else
 * the replaced pod's counts plus its own failure, counted or (Ignore rule) ignored.
 */
export function failureCountAnnotations(job: JobObj, replaced: PodObj | undefined): Record<string, string> {
  let counted = 0;
  let ignored = 0;
  if (replaced) {
    counted = indexFailureCount(replaced);
    ignored = annotationCount(replaced, INDEX_IGNORED_FAILURE_COUNT_KEY);
    if (!job.spec.podFailurePolicy || matchPodFailurePolicy(job, replaced).countFailed) counted++;
    else ignored++;
  }
  const out: Record<string, string> = { [INDEX_FAILURE_COUNT_KEY]: String(counted) };
  if (ignored > 0) out[INDEX_IGNORED_FAILURE_COUNT_KEY] = String(ignored);
  return out;
}

/**
 * getPodCreationInfoForIndependentIndexes: of the pending indexes, those whose back-off has
 * passed; when none has, the shortest wait among them.
 */
export function indexesDueNow(
  indexes: readonly number[], replaced: ReadonlyMap<number, PodObj>, nowMs: number, parseTime: (t: string) => number,
): { due: number[]; waitMs: number } {
  const due: number[] = [];
  let waitMs: number | undefined;
  for (const ix of indexes) {
    const last = replaced.get(ix);
    const left = last ? remainingForFailuresMs(absoluteIndexFailureCount(last) + 1, finishedTime(last, parseTime), nowMs) : 0;
    if (left === 0) due.push(ix);
    else if (waitMs === undefined || left < waitMs) waitMs = left;
  }
  return { due, waitMs: due.length ? 0 : waitMs ?? 0 };
}
