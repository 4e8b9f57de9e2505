/**
 * One reconcile of one Job (job_controller.go syncJob): count its pods, decide whether it has
 * failed or succeeded, create or delete pods (manage.ts), then account for finished pods and
 * write the status (tracking.ts). Every write goes through the API server; nothing here sleeps:
 * back-off and activeDeadlineSeconds become delayed requeues.
 */
import type { JobStatus } from 'kubernetes-types/batch/v1';
import { labelSelectorMatches } from '../../../kube/labels';
import { clone, controllerRef } from '../../../kube/object';
import type { KubeVersion } from '../../../kube/version';
import type { ApiServer } from '../../apiserver/store';
import type { EventRecorder } from '../../events';
import { claimObjects } from '../shared/controller-ref-manager';
import type { UidTrackingExpectations } from '../shared/uid-tracking-expectations';
import { controlledBy, orphansIn } from '../shared/owner-lookup';
import type { OrphanIndex } from '../shared/orphan-index';
import { nextBackoffRecord, type BackoffRecord, type BackoffStore } from './backoff';
import { ensureCondition, findCondition, isJobFinished, newCondition, successCriteriaMet } from './conditions';
import { clearsStartTimeOnSuspend, delaysTerminalCondition, hasCompletionsReachedReason, managedByExternalController, tracksTerminatingPods } from './features';
import { completionIndex, parseIntervals, total, withIndexes, type Interval } from './indexed';
import { deleteActivePods, manageJob } from './manage';
import { failJobMessage, matchPodFailurePolicy } from './pod-failure-policy';
import type { JobPodControl } from './pod-control';
import { isPodActive } from '../../../kube/pod-state';
import { countReady, countTerminating, hasTrackingFinalizer, isPodFailed, pastBackoffLimitOnFailure } from './pod-state';
import { matchSuccessPolicy, SUCCESS_POLICY_REASON, type SuccessPolicy } from './success-policy';
import { failedIndexesOf, podsAwaitingReplacement } from './per-index';
import { trackStatus } from './tracking';
import {
  BACKOFF_LIMIT_EXCEEDED, COMPLETE, COMPLETIONS_REACHED, COMPONENT, DEADLINE_EXCEEDED, FAILED, FAILED_INDEXES, FAILURE_TARGET, JOB_GVK,
  MAX_FAILED_INDEXES_EXCEEDED, POD_FAILURE_POLICY_REASON, hasBackoffLimitPerIndex, SUCCESS_CRITERIA_MET, SUSPENDED, TRACKING_FINALIZER, completionsOf, isIndexed, isSuspended, type Condition, type JobObj, type PodObj,
} from './types';
import { splitQueueKey } from '../shared/queue-key';

/** What a sync needs from the controller. */
export interface JobDeps {
  readonly api: ApiServer;
  readonly events: EventRecorder;
  readonly version: KubeVersion;
  readonly podControl: JobPodControl;
  readonly expectations: UidTrackingExpectations;
  readonly backoff: BackoffStore;
  readonly orphans: OrphanIndex;
  /** the delaying queue's AddAfter for this Job's key */
  requeue(key: string, delayMs: number): void;
  nowMs(): number;
}

/** syncJobCtx: the working state of one sync. `job` is a mutable copy. */
export interface JobCtx {
  key: string;
  job: JobObj;
  pods: PodObj[];
  active: PodObj[];
  activeCount: number;
  ready: number;
  terminating: number;
  succeeded: number;
  failed: number;
  /** UIDs in status.uncountedTerminatedPods when the sync started */
  uncounted: { succeeded: Set<string>; failed: Set<string> };
  prevSucceededIndexes: Interval[];
  succeededIndexes: Interval[];
  newBackoff: BackoffRecord;
  /** backoffLimitPerIndex: status.failedIndexes plus the indexes failed since (else undefined) */
  failedIndexes?: Interval[];
  /** backoffLimitPerIndex: per index, the failed pod whose finalizer waits for its replacement */
  awaitingReplacement: Map<number, PodObj>;
  /** the condition the Job is about to get (interim or terminal), if it is finishing */
  finished?: Condition;
}

export function syncJob(deps: JobDeps, key: string): void {
  const [namespace, name] = splitQueueKey(key);
  const stored = deps.api.get<JobObj>('Job', namespace, name);
  if (!stored) {
    deps.expectations.forget(key);
    deps.backoff.remove(key);
    return;
  }
  if (managedByExternalController(stored, deps.version)) return;
  if (isJobFinished(stored)) {
    deps.backoff.remove(key);
    return;
  }
  const job = clone(stored);
  job.status = { ...(job.status ?? {}), uncountedTerminatedPods: job.status?.uncountedTerminatedPods ?? {} };
  const satisfied = deps.expectations.satisfied(key);
  const ctx = newContext(deps, key, job, podsForJob(deps, job));
  decideFailure(deps, ctx);
  if (isIndexed(job)) {
    countIndexes(ctx);
    if (hasBackoffLimitPerIndex(job)) decideByFailedIndexes(deps, ctx);
    if (!ctx.finished) decideSuccessByPolicy(deps, ctx);
  }
  let manageError: unknown;
  let suspendChanged = false;
  if (ctx.finished) {
    manageError = finishActivePods(deps, ctx, satisfied);
  } else {
    const outcome = manageAndCheckCompletion(deps, ctx, satisfied);
    manageError = outcome.error;
    suspendChanged = outcome.suspendChanged;
  }
  const status = ctx.job.status!;
  const terminating = tracksTerminatingPods(deps.version) ? ctx.terminating : undefined;
  const needsUpdate = suspendChanged || ctx.activeCount !== (status.active ?? 0) || ctx.ready !== status.ready || terminating !== status.terminating;
  status.active = ctx.activeCount;
  status.ready = ctx.ready;
  if (terminating === undefined) delete status.terminating;
  else status.terminating = terminating;
  trackStatus(deps, ctx, needsUpdate);
  if (manageError !== undefined) throw manageError;
}

/**
 * getPodsForJob: the pods it owns plus orphans its selector matches, claimed (adopted /
 * released) through the ControllerRefManager. unverified: upstream's adoption patch also adds the
 * tracking finalizer to an adopted pod; here the adopted pod is only treated as having it.
 */
function podsForJob(deps: JobDeps, job: JobObj): PodObj[] {
  const candidates = [
    ...controlledBy<PodObj>(deps.api, job.metadata.uid, 'Pod'),
    ...orphansIn<PodObj>(deps.api, deps.orphans, job.metadata.namespace ?? 'default'),
  ];
  const claimed = claimObjects(deps.api, {
    owner: job, ownerGvk: JOB_GVK, candidates, match: (p) => labelSelectorMatches(job.spec.selector, p.metadata.labels),
  });
  return claimed.map((p) => (controllerRef(p)?.uid === job.metadata.uid || hasTrackingFinalizer(p) ? p : withTrackingFinalizer(p)))
    .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
}

function withTrackingFinalizer(p: PodObj): PodObj {
  const copy = clone(p);
  copy.metadata.finalizers = [...(p.metadata.finalizers ?? []), TRACKING_FINALIZER];
  return copy;
}

function newContext(deps: JobDeps, key: string, job: JobObj, pods: PodObj[]): JobCtx {
  const status = job.status!;
  const u = status.uncountedTerminatedPods ?? {};
  const active = pods.filter(isPodActive);
  const ctx: JobCtx = {
    key, job, pods, active,
    activeCount: active.length,
    ready: countReady(active),
    terminating: countTerminating(pods),
    succeeded: 0,
    failed: 0,
    uncounted: { succeeded: new Set(u.succeeded ?? []), failed: new Set(u.failed ?? []) },
    prevSucceededIndexes: [],
    succeededIndexes: [],
    newBackoff: { failuresAfterLastSuccess: 0 },
    awaitingReplacement: new Map(),
  };
  const newSucceeded = newFinishedPods(ctx, ctx.uncounted.succeeded, (p) => p.status?.phase === 'Succeeded');
  const newFailed = newFinishedPods(ctx, ctx.uncounted.failed, (p) => isPodFailed(p, job));
  const counted = job.spec.podFailurePolicy ? newFailed.filter((p) => matchPodFailurePolicy(job, p).countFailed) : newFailed;
  ctx.succeeded = (status.succeeded ?? 0) + newSucceeded.length + ctx.uncounted.succeeded.size;
  ctx.failed = (status.failed ?? 0) + counted.length + ctx.uncounted.failed.size;
  // Job first start: startTime, unless the Job is suspended.
  if (!status.startTime && !isSuspended(job)) status.startTime = deps.api.timestamp();
  ctx.newBackoff = nextBackoffRecord(deps.backoff.get(key), newSucceeded, newFailed, (t) => deps.api.parseTime(t));
  return ctx;
}

/**
 * getValidPodsWithFilter: finished pods not yet counted: they still carry the finalizer, are not
 * in the uncounted list and (Indexed) have a valid index.
 */
function newFinishedPods(ctx: JobCtx, uncounted: Set<string>, filter: (p: PodObj) => boolean): PodObj[] {
  const completions = completionsOf(ctx.job) ?? 0;
  return ctx.pods.filter((p) => {
    if (!hasTrackingFinalizer(p) || uncounted.has(p.metadata.uid ?? '')) return false;
    if (isIndexed(ctx.job)) {
      const ix = completionIndex(p);
      if (ix === undefined || ix >= completions) return false;
    }
    return filter(p);
  });
}

/**
 * The failure checks of syncJob, in upstream order: a SuccessCriteriaMet condition already
 * decided; a FailureTarget condition becomes Failed; a FailJob rule of the pod failure policy;
 * then more failures than backoffLimit (or OnFailure restarts), then activeDeadlineSeconds —
 * which otherwise requeues the Job for the moment it would pass.
 */
function decideFailure(deps: JobDeps, ctx: JobCtx): void {
  const { job } = ctx;
  const now = deps.api.timestamp();
  ctx.finished = successCriteriaMet(job);
  if (!ctx.finished) {
    const target = findCondition(job.status?.conditions, FAILURE_TARGET);
    const policyMessage = target?.status === 'True' ? undefined : failJobMessage(job, ctx.pods, (p) => isPodFailed(p, job));
    if (target?.status === 'True') ctx.finished = newCondition(FAILED, target.reason ?? '', target.message ?? '', now);
    else if (policyMessage) ctx.finished = newCondition(FAILURE_TARGET, POD_FAILURE_POLICY_REASON, policyMessage, now);
  }
  if (ctx.finished) return;
  if (ctx.failed > (job.spec.backoffLimit ?? 6) || pastBackoffLimitOnFailure(job, ctx.pods)) {
    ctx.finished = failureCondition(deps, BACKOFF_LIMIT_EXCEEDED, now);
  } else if (pastActiveDeadline(deps, job)) {
    ctx.finished = failureCondition(deps, DEADLINE_EXCEEDED, now);
  } else if (job.spec.activeDeadlineSeconds != null && !isSuspended(job)) {
    deps.requeue(ctx.key, job.spec.activeDeadlineSeconds * 1000 - sinceStart(deps, job));
  }
}

/** newFailureCondition: FailureTarget first where terminal conditions wait (1.31+), else Failed. */
function failureCondition(deps: JobDeps, what: { reason: string; message: string }, now: string): Condition {
  return newCondition(delaysTerminalCondition(deps.version) ? FAILURE_TARGET : FAILED, what.reason, what.message, now);
}

function sinceStart(deps: JobDeps, job: JobObj): number {
  return deps.nowMs() - deps.api.parseTime(job.status!.startTime!);
}

function pastActiveDeadline(deps: JobDeps, job: JobObj): boolean {
  const ads = job.spec.activeDeadlineSeconds;
  if (ads == null || !job.status?.startTime || isSuspended(job)) return false;
  return sinceStart(deps, job) >= ads * 1000;
}

/**
 * backoffLimitPerIndex, checked after the Job-wide failure checks: more failed indexes than
 * maxFailedIndexes fails the Job at once (MaxFailedIndexesExceeded); otherwise, once every index
 * has succeeded or failed and at least one failed, it fails with FailedIndexes. Either way
 * through FailureTarget first where terminal conditions wait (1.31+).
 */
function decideByFailedIndexes(deps: JobDeps, ctx: JobCtx): void {
  const { job } = ctx;
  const completions = completionsOf(job) ?? 0;
  const failed = failedIndexesOf(job, ctx.pods, completions);
  ctx.failedIndexes = failed;
  if (!ctx.finished) {
    const now = deps.api.timestamp();
    const max = job.spec.maxFailedIndexes;
    if (max != null && total(failed) > max) ctx.finished = failureCondition(deps, MAX_FAILED_INDEXES_EXCEEDED, now);
    else if (total(failed) > 0 && total(failed) + total(ctx.succeededIndexes) >= completions) ctx.finished = failureCondition(deps, FAILED_INDEXES, now);
  }
  ctx.awaitingReplacement = podsAwaitingReplacement({
    job, pods: ctx.pods, active: ctx.active, completions, succeeded: ctx.succeededIndexes, failed, parseTime: (t) => deps.api.parseTime(t),
  });
}

/** The success policy, checked after the failure checks, as upstream evaluates them. */
function decideSuccessByPolicy(deps: JobDeps, ctx: JobCtx): void {
  const policy = (ctx.job.spec as { successPolicy?: SuccessPolicy }).successPolicy;
  const message = matchSuccessPolicy(policy, completionsOf(ctx.job) ?? 0, ctx.succeededIndexes);
  if (message) ctx.finished = newCondition(SUCCESS_CRITERIA_MET, SUCCESS_POLICY_REASON, message, deps.api.timestamp());
}

/** calculateSucceededIndexes: status.completedIndexes plus succeeded pods not yet counted. */
function countIndexes(ctx: JobCtx): void {
  const completions = completionsOf(ctx.job) ?? 0;
  ctx.prevSucceededIndexes = parseIntervals(ctx.job.status?.completedIndexes, completions);
  const fresh = new Set<number>();
  for (const p of ctx.pods) {
    const ix = completionIndex(p);
    if (p.status?.phase === 'Succeeded' && ix !== undefined && ix < completions && hasTrackingFinalizer(p)) fresh.add(ix);
  }
  ctx.succeededIndexes = withIndexes(ctx.prevSucceededIndexes, [...fresh].sort((a, b) => a - b));
  ctx.succeeded = total(ctx.succeededIndexes);
}

/**
 * A finishing Job deletes its active pods (keeping their finalizers, so they are counted as
 * failed). It is not declared finished while a deletion failed or creations/deletions are
 * still expected.
 */
function finishActivePods(deps: JobDeps, ctx: JobCtx, satisfied: boolean): unknown {
  const result = deleteActivePods(deps, ctx.job, ctx.active);
  if (result.deleted !== ctx.activeCount || !satisfied) ctx.finished = undefined;
  ctx.activeCount -= result.deleted;
  ctx.terminating += result.deleted;
  ctx.ready -= result.deletedReady;
  return result.error;
}

/**
 * manageJob when expectations allow it, then the success check: completions reached (or, for a
 * work-queue Job, any success) with no pod left active. Suspension conditions are updated only
 * when manageJob ran.
 */
function manageAndCheckCompletion(deps: JobDeps, ctx: JobCtx, satisfied: boolean): { error?: unknown; suspendChanged: boolean } {
  const { job } = ctx;
  let error: unknown;
  let managed = false;
  if (satisfied && !job.metadata.deletionTimestamp) {
    error = manageJob(deps, ctx);
    managed = true;
  }
  const completions = completionsOf(job);
  const complete = completions === undefined ? ctx.succeeded > 0 && ctx.activeCount === 0 : ctx.succeeded >= completions && ctx.activeCount === 0;
  if (complete) {
    ctx.finished = successCondition(deps);
    return { error, suspendChanged: false };
  }
  return { error, suspendChanged: managed && updateSuspension(deps, job) };
}

/** newSuccessCondition. */
function successCondition(deps: JobDeps): Condition {
  const now = deps.api.timestamp();
  const delayed = delaysTerminalCondition(deps.version);
  const reason = reasonsForCompletion(deps.version);
  return newCondition(delayed ? SUCCESS_CRITERIA_MET : COMPLETE, reason.reason, reason.message, now);
}

function reasonsForCompletion(v: KubeVersion): { reason: string; message: string } {
  return hasCompletionsReachedReason(v) ? COMPLETIONS_REACHED : { reason: '', message: '' };
}

/**
 * The Suspended condition: True "JobSuspended"/"Job suspended" with event Suspended; back to
 * False "JobResumed"/"Job resumed" with event Resumed, which also restarts startTime (the
 * deadline counts continuous activity).
 */
function updateSuspension(deps: JobDeps, job: JobObj): boolean {
  const status = job.status as JobStatus;
  const now = deps.api.timestamp();
  const suspended = isSuspended(job);
  const wanted = suspended
    ? newCondition(SUSPENDED, 'JobSuspended', 'Job suspended', now)
    : newCondition(SUSPENDED, 'JobResumed', 'Job resumed', now, 'False');
  const { list, changed } = ensureCondition(status.conditions ?? [], wanted);
  if (!changed) return false;
  status.conditions = list;
  if (suspended) {
    deps.events.record(job, 'Normal', 'Suspended', 'Job suspended', COMPONENT);
    // KEP-5440 with MutableSchedulingDirectivesForSuspendedJobs (on from 1.36, kubernetes#135965):
    // suspending clears startTime, so a suspended Job counts as not started again; at once, in
    // the sync that sets Suspended=True (v1.36.3/v1.37.2 job_controller.go syncJob).
    if (clearsStartTimeOnSuspend(deps.version)) delete status.startTime;
  } else {
    deps.events.record(job, 'Normal', 'Resumed', 'Job resumed', COMPONENT);
    status.startTime = now;
  }
  return true;
}
