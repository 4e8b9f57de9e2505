/**
 * Job conditions (job_controller.go newCondition / ensureJobConditionStatus / findConditionByType
 * and pkg/controller/job/util IsJobFinished / FinishedCondition / IsJobSucceeded).
 */
import { COMPLETE, FAILED, SUCCESS_CRITERIA_MET, type Condition, type JobObj } from './types';

/** A condition of `type` with both times set to `now` (RFC 3339). */
export function newCondition(type: string, reason: string, message: string, now: string, status = 'True'): Condition {
  const c: Condition = { type, status, lastProbeTime: now, lastTransitionTime: now };
  if (reason) c.reason = reason;
  if (message) c.message = message;
  return c;
}

export function findCondition(list: readonly Condition[] | undefined, type: string): Condition | undefined {
  return list?.find((c) => c.type === type);
}

/**
 * ensureJobConditionStatus: replaces the condition of that type when status, reason or message
 * differ; appends it when absent unless the status is False (nothing to False says nothing).
 * Returns the new list and whether it changed.
 */
export function ensureCondition(list: Condition[], wanted: Condition): { list: Condition[]; changed: boolean } {
  const i = list.findIndex((c) => c.type === wanted.type);
  if (i >= 0) {
    const cur = list[i]!;
    if (cur.status === wanted.status && (cur.reason ?? '') === (wanted.reason ?? '') && (cur.message ?? '') === (wanted.message ?? '')) {
      return { list, changed: false };
    }
    const next = list.slice();
    next[i] = wanted;
    return { list: next, changed: true };
  }
  if (wanted.status === 'False') return { list, changed: false };
  return { list: [...list, wanted], changed: true };
}

/** FinishedCondition: the type of the True Complete or Failed condition, if any. */
export function finishedType(job: JobObj): 'Complete' | 'Failed' | undefined {
  const c = job.status?.conditions?.find((x) => (x.type === COMPLETE || x.type === FAILED) && x.status === 'True');
  return c?.type as 'Complete' | 'Failed' | undefined;
}

export function isJobFinished(job: JobObj): boolean {
  return finishedType(job) !== undefined;
}

/** The True condition that finished the Job (its lastTransitionTime is the finish time). */
export function finishingCondition(job: JobObj): Condition | undefined {
  return job.status?.conditions?.find((x) => (x.type === COMPLETE || x.type === FAILED) && x.status === 'True');
}

/** hasSuccessCriteriaMetCondition: the True SuccessCriteriaMet condition, if any. */
export function successCriteriaMet(job: JobObj): Condition | undefined {
  const c = findCondition(job.status?.conditions, SUCCESS_CRITERIA_MET);
  return c?.status === 'True' ? c : undefined;
}
