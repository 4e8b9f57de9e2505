/**
 * Counting finished pods with finalizers (job_controller.go trackJobStatusAndRemoveFinalizers,
 * flushUncountedAndRemoveFinalizers, enactJobFinished, recordJobFinished):
 *  1. finished pods (and, once the Job is finishing, every pod) whose finalizer may go are put
 *     in status.uncountedTerminatedPods (Indexed: their index in completedIndexes); the interim
 *     FailureTarget / SuccessCriteriaMet condition is added; the status is written;
 *  2. their tracking finalizers are removed;
 *  3. pods no longer holding a finalizer move from the uncounted lists to succeeded / failed;
 *  4. the terminal condition (Complete with completionTime, or Failed) is added once nothing is
 *     uncounted and — from 1.31 — no pod is terminating; events Completed "Job completed" or
 *     Warning <reason> <message>.
 * At most 500 pods are taken per sync (MaxUncountedPods).
 */
import type { JobStatus } from 'kubernetes-types/batch/v1';
import { ApiError } from '../../../errors';
import { uidOf } from '../../../kube/object';
import { ensureCondition, newCondition, successCriteriaMet } from './conditions';
import { delaysTerminalCondition } from './features';
import { completionIndex, formatIntervals, has, total, withIndexes } from './indexed';
import { matchPodFailurePolicy } from './pod-failure-policy';
import { hasTrackingFinalizer, isPodFailed } from './pod-state';
import { serialiseStatus } from './status';
import type { JobCtx, JobDeps } from './sync';
import { COMPLETE, COMPONENT, FAILED, FAILURE_TARGET, SUCCESS_CRITERIA_MET, completionsOf, isIndexed, type JobObj, type PodObj } from './types';

export const MAX_UNCOUNTED_PODS = 500;

export function trackStatus(deps: JobDeps, ctx: JobCtx, needsUpdate: boolean): void {
  const status = ctx.job.status!;
  const withFinalizer = new Set(ctx.pods.filter(hasTrackingFinalizer).map(uidOf));
  let flush = countRemovedFinalizers(status, withFinalizer) || needsUpdate;
  const taken = takeFinishedPods(ctx);
  flush = taken.changed || flush;
  flush = addInterimCondition(deps, ctx) || flush;
  if (flush) writeStatus(deps, ctx);
  if (flush) deps.backoff.set(ctx.key, ctx.newBackoff);
  flush = false;
  const removalError = removeFinalizers(deps, taken.pods, withFinalizer);
  flush = countRemovedFinalizers(status, withFinalizer);
  if (removalError !== undefined) {
    if (flush) writeStatus(deps, ctx);
    throw removalError;
  }
  const finishedNow = !taken.reachedMax && enactFinished(deps, ctx);
  if (finishedNow || flush) writeStatus(deps, ctx);
  if (finishedNow) recordFinished(deps, ctx);
}

/**
 * canRemoveFinalizer: the Job is being deleted or finishing, or the pod succeeded or failed —
 * except, with backoffLimitPerIndex, the failed pod whose replacement is still to be created
 * (it carries the index's failure count over).
 */
function canRemoveFinalizer(ctx: JobCtx, pod: PodObj, failed: boolean): boolean {
  if (ctx.job.metadata.deletionTimestamp || ctx.finished || pod.status?.phase === 'Succeeded') return true;
  if (!failed) return false;
  const ix = completionIndex(pod);
  return ix === undefined || ctx.awaitingReplacement.get(ix)?.metadata.uid !== pod.metadata.uid;
}

/** Step 1: the pods whose finalizer goes this sync, recorded as uncounted. */
function takeFinishedPods(ctx: JobCtx): { pods: PodObj[]; changed: boolean; reachedMax: boolean } {
  const { job } = ctx;
  const status = job.status!;
  const uncounted = status.uncountedTerminatedPods!;
  const indexed = isIndexed(job);
  const completions = completionsOf(job) ?? 0;
  const pods = indexed ? [...ctx.pods].sort((a, b) => (completionIndex(a) ?? -1) - (completionIndex(b) ?? -1)) : ctx.pods;
  const taken: PodObj[] = [];
  const newIndexes: number[] = [];
  let changed = false;
  let reachedMax = false;
  for (const pod of pods) {
    if (!hasTrackingFinalizer(pod)) continue;
    const failed = isPodFailed(pod, job);
    if (!canRemoveFinalizer(ctx, pod, failed)) continue;
    taken.push(pod);
    const uid = uidOf(pod);
    const ix = completionIndex(pod);
    if (pod.status?.phase === 'Succeeded' && !ctx.uncounted.failed.has(uid)) {
      if (indexed) {
        if (ix !== undefined && ix < completions && !has(ctx.prevSucceededIndexes, ix)) {
          newIndexes.push(ix);
          changed = true;
        }
      } else if (!ctx.uncounted.succeeded.has(uid)) {
        uncounted.succeeded = [...(uncounted.succeeded ?? []), uid];
        changed = true;
      }
    } else if (failed || (ctx.finished && ctx.finished.type !== SUCCESS_CRITERIA_MET)) {
      // When the Job is finishing, every pod that did not succeed counts as failed.
      const validIndex = !indexed || (ix !== undefined && ix < completions);
      if (!ctx.uncounted.failed.has(uid) && validIndex && (!job.spec.podFailurePolicy || matchPodFailurePolicy(job, pod).countFailed)) {
        uncounted.failed = [...(uncounted.failed ?? []), uid];
        changed = true;
      }
    }
    if (newIndexes.length + (uncounted.succeeded?.length ?? 0) + (uncounted.failed?.length ?? 0) >= MAX_UNCOUNTED_PODS) {
      reachedMax = true;
      break;
    }
  }
  if (indexed) changed = recordIndexes(ctx, newIndexes) || changed;
  return { pods: taken, changed, reachedMax };
}

/**
 * completedIndexes and, for Indexed Jobs, succeeded = the number of succeeded indexes; with
 * backoffLimitPerIndex also failedIndexes (written even when empty: a pointer upstream).
 */
function recordIndexes(ctx: JobCtx, newIndexes: number[]): boolean {
  const status = ctx.job.status!;
  ctx.succeededIndexes = withIndexes(ctx.succeededIndexes, newIndexes.sort((a, b) => a - b));
  const text = formatIntervals(ctx.succeededIndexes);
  let changed = text !== (status.completedIndexes ?? '');
  status.succeeded = total(ctx.succeededIndexes);
  status.completedIndexes = text;
  const failedText = ctx.failedIndexes && formatIntervals(ctx.failedIndexes);
  if (failedText !== status.failedIndexes) {
    changed = true;
    if (failedText === undefined) delete status.failedIndexes;
    else status.failedIndexes = failedText;
  }
  return changed;
}

/**
 * The interim condition goes into the status before the finalizers are removed; the terminal
 * one it announces (Failed / Complete with the same reason and message) is what enactFinished
 * adds later.
 */
function addInterimCondition(deps: JobDeps, ctx: JobCtx): boolean {
  const f = ctx.finished;
  const status = ctx.job.status!;
  if (!f) return false;
  const now = deps.api.timestamp();
  if (f.type === FAILURE_TARGET) {
    status.conditions = [...(status.conditions ?? []), f];
    ctx.finished = newCondition(FAILED, f.reason ?? '', f.message ?? '', now);
    return true;
  }
  if (f.type !== SUCCESS_CRITERIA_MET) return false;
  let changed = false;
  if (!successCriteriaMet(ctx.job)) {
    status.conditions = [...(status.conditions ?? []), f];
    changed = true;
  }
  ctx.finished = newCondition(COMPLETE, f.reason ?? '', f.message ?? '', now);
  return changed;
}

/** Step 2; a pod that is gone counts as done. Returns the first other error. */
function removeFinalizers(deps: JobDeps, pods: readonly PodObj[], withFinalizer: Set<string>): unknown {
  let firstError: unknown;
  for (const pod of pods) {
    try {
      deps.podControl.removeFinalizer(pod);
      withFinalizer.delete(uidOf(pod));
    } catch (err) {
      if (err instanceof ApiError && err.reason === 'NotFound') withFinalizer.delete(uidOf(pod));
      else firstError ??= err;
    }
  }
  return firstError;
}

/** cleanUncountedPodsWithoutFinalizers: step 3. True when a counter moved. */
function countRemovedFinalizers(status: JobStatus, withFinalizer: Set<string>): boolean {
  const u = status.uncountedTerminatedPods!;
  let changed = false;
  const keptSucceeded = (u.succeeded ?? []).filter((uid) => withFinalizer.has(uid));
  if (keptSucceeded.length !== (u.succeeded ?? []).length) {
    status.succeeded = (status.succeeded ?? 0) + (u.succeeded!.length - keptSucceeded.length);
    u.succeeded = keptSucceeded;
    changed = true;
  }
  const keptFailed = (u.failed ?? []).filter((uid) => withFinalizer.has(uid));
  if (keptFailed.length !== (u.failed ?? []).length) {
    status.failed = (status.failed ?? 0) + (u.failed!.length - keptFailed.length);
    u.failed = keptFailed;
    changed = true;
  }
  return changed;
}

/** enactJobFinished: step 4. */
function enactFinished(deps: JobDeps, ctx: JobCtx): boolean {
  const f = ctx.finished;
  const status = ctx.job.status!;
  if (!f) return false;
  const u = status.uncountedTerminatedPods!;
  if ((u.succeeded?.length ?? 0) + (u.failed?.length ?? 0) > 0) return false;
  if (delaysTerminalCondition(deps.version) && ctx.terminating > 0) return false;
  const wanted = newCondition(f.type, f.reason ?? '', f.message ?? '', f.lastTransitionTime!);
  status.conditions = ensureCondition(status.conditions ?? [], wanted).list;
  if (f.type === COMPLETE) status.completionTime = f.lastTransitionTime;
  return true;
}

/** recordJobFinished: the events of a finished Job. */
function recordFinished(deps: JobDeps, ctx: JobCtx): void {
  const { job } = ctx;
  const f = ctx.finished!;
  if (f.type === COMPLETE) {
    const completions = completionsOf(job);
    if (completions !== undefined && (job.status?.succeeded ?? 0) > completions) {
      deps.events.record(job, 'Warning', 'TooManySucceededPods', 'Too many succeeded pods running after completion count reached', COMPONENT);
    }
    deps.events.record(job, 'Normal', 'Completed', 'Job completed', COMPONENT);
    return;
  }
  deps.events.record(job, 'Warning', f.reason ?? '', f.message ?? '', COMPONENT);
}

/** updateJobStatus: writes the working status; the sync continues from what was stored. */
function writeStatus(deps: JobDeps, ctx: JobCtx): void {
  const status = ctx.job.status!;
  const stored = deps.api.updateStatus<JobObj>({ ...ctx.job, status: serialiseStatus(status) });
  ctx.job = { ...stored, spec: stored.spec, status } as JobObj;
  ctx.job.metadata = { ...stored.metadata };
}
