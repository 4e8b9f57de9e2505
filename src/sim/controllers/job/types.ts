/**
 * Shapes the Job controller reads and writes (kubernetes-types batch/v1 on store objects) and the
 * names upstream uses for them (k8s.io/api/batch/v1 types.go constants).
 */
import type { JobCondition, JobSpec, JobStatus } from 'kubernetes-types/batch/v1';
import type { Gvk, KObject } from '../../../kube/object';
import type { PodObj } from '../../../kube/pod-state';

export type { PodObj };
export type JobObj = KObject & { spec: JobSpec; status?: JobStatus };
export type Condition = JobCondition;

export const JOB_GVK: Gvk = { apiVersion: 'batch/v1', kind: 'Job' };

/** The event source of upstream's recorders (job_controller.go newControllerWithClock). */
export const COMPONENT = 'job-controller';

/** batch.JobTrackingFinalizer: keeps a finished pod until the controller has counted it. */
export const TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';
/** batch.JobCompletionIndexAnnotation (also the label key with PodIndexLabel). */
export const COMPLETION_INDEX_KEY = 'batch.kubernetes.io/job-completion-index';
/**
 * batch.JobIndexFailureCountAnnotation / JobIndexIgnoredFailureCountAnnotation: with
 * backoffLimitPerIndex, how many earlier pods of the index failed (counted / ignored by an
 * Ignore rule of the pod failure policy); the controller writes them on each replacement pod.
 */
export const INDEX_FAILURE_COUNT_KEY = 'batch.kubernetes.io/job-index-failure-count';
export const INDEX_IGNORED_FAILURE_COUNT_KEY = 'batch.kubernetes.io/job-index-ignored-failure-count';
/** completionIndexEnvName (indexed_job_utils.go). */
export const COMPLETION_INDEX_ENV = 'JOB_COMPLETION_INDEX';

/** batch.JobConditionType values. */
export const COMPLETE = 'Complete';
export const FAILED = 'Failed';
export const SUSPENDED = 'Suspended';
export const FAILURE_TARGET = 'FailureTarget';
export const SUCCESS_CRITERIA_MET = 'SuccessCriteriaMet';

/** Reasons and messages of the conditions (job_controller.go syncJob, batch/v1 JobReason*). */
export const BACKOFF_LIMIT_EXCEEDED = { reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' };
export const DEADLINE_EXCEEDED = { reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' };
export const COMPLETIONS_REACHED = { reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' };
export const FAILED_INDEXES = { reason: 'FailedIndexes', message: 'Job has failed indexes' };
export const MAX_FAILED_INDEXES_EXCEEDED = { reason: 'MaxFailedIndexesExceeded', message: 'Job has exceeded the specified maximal number of failed indexes' };
export const POD_FAILURE_POLICY_REASON = 'PodFailurePolicy';

/** spec.completions; undefined is a work-queue Job (any success completes it). */
export function completionsOf(job: JobObj): number | undefined {
  return job.spec.completions ?? undefined;
}

export function isIndexed(job: JobObj): boolean {
  return job.spec.completionMode === 'Indexed';
}

/** hasBackoffLimitPerIndex: failures are counted and limited per completion index. */
export function hasBackoffLimitPerIndex(job: JobObj): boolean {
  return job.spec.backoffLimitPerIndex !== undefined && job.spec.backoffLimitPerIndex !== null;
}

export function isSuspended(job: JobObj): boolean {
  return job.spec.suspend === true;
}
