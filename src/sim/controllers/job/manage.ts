/**
 * manageJob (job_controller.go): keep as many pods active as the Job wants now. A suspended Job
 * wants none. Otherwise a Job with completions wants min(parallelism, completions - succeeded)
 * and a work-queue Job (no completions) wants parallelism until a pod succeeds, after which it
 * lets what runs finish. Too many active pods: the surplus is deleted (first in ActivePods
 * order; for Indexed Jobs duplicated and out-of-range indexes first) and nothing is created in
 * that sync. Too few: pods are created in slow-start batches (1, 2, 4...), at most 500 per sync,
 * unless the failure back-off (backoff.ts; per index with backoffLimitPerIndex, per-index.ts)
 * still runs, which requeues the Job for when it ends.
 * With podReplacementPolicy Failed, terminating pods still count as taking a place.
 */
import { ApiError } from '../../../errors';
import { keyOf } from '../../../kube/object';
import { isNamespaceTerminating } from '../shared/pod-control';
import { remainingBackoffMs } from './backoff';
import { labelsCompletionIndex } from './features';
import { duplicatedIndexPods, firstPendingIndexes } from './indexed';
import { podForJob } from './pod-template';
import { isPodReady, isPodTerminating } from '../../../kube/pod-state';
import { failureCountAnnotations, indexesDueNow } from './per-index';
import { compareActivePods, onlyReplacesFailedPods } from './pod-state';
import type { JobCtx, JobDeps } from './sync';
import { completionsOf, hasBackoffLimitPerIndex, isIndexed, isSuspended, type JobObj, type PodObj } from './types';

/** MaxPodCreateDeletePerSync. */
export const MAX_POD_CREATE_DELETE_PER_SYNC = 500;
/** syncJobBatchPeriod: the shortest delay of a requeue. */
export const SYNC_BATCH_PERIOD_MS = 1000;
/** controller.SlowStartInitialBatchSize */
const SLOW_START_INITIAL_BATCH_SIZE = 1;

export interface DeleteResult {
  deleted: number;
  deletedReady: number;
  error?: unknown;
}

/** Runs manageJob; updates ctx.activeCount / ready / terminating; returns the first error. */
export function manageJob(deps: JobDeps, ctx: JobCtx): unknown {
  const { job } = ctx;
  if (isSuspended(job)) return removePods(deps, ctx, activePodsForRemoval(deps, job, ctx.active, ctx.active.length));
  const want = wantedActive(ctx);
  const surplus = Math.max(0, ctx.activeCount - want);
  const victims = activePodsForRemoval(deps, job, ctx.active, surplus).slice(0, MAX_POD_CREATE_DELETE_PER_SYNC);
  if (victims.length) return removePods(deps, ctx, victims);
  const placeholders = onlyReplacesFailedPods(job) ? ctx.terminating : 0;
  const missing = want - placeholders - ctx.activeCount;
  if (missing <= 0) return undefined;
  // With backoffLimitPerIndex the back-off is per index (indexesToCreate), not Job-wide.
  const waitMs = hasBackoffLimitPerIndex(job) ? 0 : remainingBackoffMs(ctx.newBackoff, deps.nowMs());
  if (waitMs > 0) return waitForBackoff(deps, ctx, waitMs);
  const count = Math.min(missing, MAX_POD_CREATE_DELETE_PER_SYNC);
  if (!isIndexed(job)) return createPods(deps, ctx, count, undefined);
  const { indexes, waitMs: indexWaitMs } = indexesToCreate(deps, ctx, count);
  if (indexWaitMs > 0) return waitForBackoff(deps, ctx, indexWaitMs);
  return createPods(deps, ctx, indexes.length, indexes);
}

/**
 * Upstream returned active=0 here until kubernetes#139457 (1.35 patch release); the real count
 * is reported, which is also what the API server's ready<=active rule needs.
 */
function waitForBackoff(deps: JobDeps, ctx: JobCtx, waitMs: number): undefined {
  deps.requeue(ctx.key, Math.max(waitMs, SYNC_BATCH_PERIOD_MS));
  return undefined;
}

/**
 * The lowest pending indexes: not succeeded, failed (backoffLimitPerIndex) or held by an active
 * pod — nor by a terminating one when only failed pods are replaced. With backoffLimitPerIndex,
 * only those whose own back-off has passed, else the shortest wait.
 */
function indexesToCreate(deps: JobDeps, ctx: JobCtx, count: number): { indexes: number[]; waitMs: number } {
  const { job } = ctx;
  const busy = onlyReplacesFailedPods(job) ? [...ctx.active, ...ctx.pods.filter(isPodTerminating)] : ctx.active;
  const pending = firstPendingIndexes(busy, ctx.succeededIndexes, count, completionsOf(job) ?? 0, ctx.failedIndexes ?? []);
  if (!hasBackoffLimitPerIndex(job)) return { indexes: pending, waitMs: 0 };
  const { due, waitMs } = indexesDueNow(pending, ctx.awaitingReplacement, deps.nowMs(), (t) => deps.api.parseTime(t));
  return { indexes: due, waitMs };
}

function wantedActive(ctx: JobCtx): number {
  const parallelism = ctx.job.spec.parallelism ?? 1;
  const completions = completionsOf(ctx.job);
  if (completions === undefined) return ctx.succeeded > 0 ? ctx.activeCount : parallelism;
  return Math.max(0, Math.min(parallelism, completions - ctx.succeeded));
}

/** activePodsForRemoval. */
function activePodsForRemoval(deps: JobDeps, job: JobObj, pods: readonly PodObj[], atLeast: number): PodObj[] {
  const order = (a: PodObj, b: PodObj) => compareActivePods(a, b, (t) => deps.api.parseTime(t));
  let remove: PodObj[] = [];
  let left: PodObj[] = [...pods];
  if (isIndexed(job)) ({ remove, keep: left } = duplicatedIndexPods(pods, completionsOf(job) ?? 0, order));
  if (remove.length < atLeast) remove = [...remove, ...left.sort(order).slice(0, atLeast - remove.length)];
  return remove;
}

/** deleteJobPods with expectations: each pod loses its tracking finalizer, then is deleted. */
function removePods(deps: JobDeps, ctx: JobCtx, pods: readonly PodObj[]): unknown {
  deps.expectations.expectDeletions(ctx.key, pods.map(keyOf));
  const result = deleteJobPods(deps, ctx, pods);
  ctx.activeCount -= result.deleted;
  ctx.terminating += result.deleted;
  ctx.ready -= result.deletedReady;
  return result.error;
}

function deleteJobPods(deps: JobDeps, ctx: JobCtx, pods: readonly PodObj[]): DeleteResult {
  const result: DeleteResult = { deleted: pods.length, deletedReady: 0 };
  for (const pod of pods) {
    try {
      deps.podControl.removeFinalizer(pod);
      deps.podControl.deletePod(ctx.job, pod);
    } catch (err) {
      // The informer will not observe this deletion.
      deps.expectations.deletionObserved(ctx.key, keyOf(pod));
      if (!isNotFound(err)) {
        result.deleted--;
        result.error ??= err;
      }
    }
    if (isPodReady(pod)) result.deletedReady++;
  }
  return result;
}

/**
 * deleteActivePods: a finishing Job deletes its active pods but keeps their finalizers, which
 * the status tracking removes once it has counted them.
 */
export function deleteActivePods(deps: JobDeps, job: JobObj, pods: readonly PodObj[]): DeleteResult {
  const result: DeleteResult = { deleted: pods.length, deletedReady: 0 };
  for (const pod of pods) {
    try {
      deps.podControl.deletePod(job, pod);
    } catch (err) {
      if (!isNotFound(err)) {
        result.deleted--;
        result.error ??= err;
      }
    }
    if (isPodReady(pod)) result.deletedReady++;
  }
  return result;
}

/** The create half of manageJob, in slow-start batches; a failing batch ends it. */
function createPods(deps: JobDeps, ctx: JobCtx, count: number, indexes: number[] | undefined): unknown {
  const { job } = ctx;
  let remaining = count;
  deps.expectations.expectCreations(ctx.key, remaining);
  ctx.activeCount += remaining;
  const indexLabel = labelsCompletionIndex(deps.version);
  let firstError: unknown;
  for (let batch = Math.min(remaining, SLOW_START_INITIAL_BATCH_SIZE); remaining > 0; batch = Math.min(2 * batch, remaining)) {
    let failed = false;
    for (let i = 0; i < batch; i++) {
      const index = indexes?.shift();
      try {
        const failureCounts = index !== undefined && hasBackoffLimitPerIndex(job) ? failureCountAnnotations(job, ctx.awaitingReplacement.get(index)) : undefined;
        deps.podControl.createPod(job, podForJob(job, { index, indexLabel, failureCounts }));
      } catch (err) {
        // A terminating namespace fails every create: upstream drops it without an error.
        if (isNamespaceTerminating(err)) continue;
        deps.expectations.creationObserved(ctx.key);
        ctx.activeCount--;
        firstError ??= err;
        failed = true;
      }
    }
    remaining -= batch;
    if (failed && remaining > 0) {
      // Pods never attempted will not be observed.
      ctx.activeCount -= remaining;
      for (let i = 0; i < remaining; i++) deps.expectations.creationObserved(ctx.key);
      break;
    }
  }
  return firstError;
}

function isNotFound(err: unknown): boolean {
  return err instanceof ApiError && err.reason === 'NotFound';
}
