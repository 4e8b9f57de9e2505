/**
 * The CronJob's Job history (cronjob_controllerv2.go cleanupFinishedJobs, removeOldestJobs,
 * deleteJob; utils.go byJobStartTime, deleteFromActiveList): finished Jobs beyond
 * successfulJobsHistoryLimit (default 3) / failedJobsHistoryLimit (default 1) are deleted oldest
 * first by status.startTime (Jobs without one last, the name breaking ties), in the background,
 * with Normal SuccessfulDelete "Deleted job <name>" (Warning FailedDelete "Deleted job: <err>").
 */
import { ApiError } from '../../../errors';
import type { ApiServer } from '../../apiserver/store';
import type { EventRecorder } from '../../events';
import { finishedType, type JobObj } from '../job';
import { COMPONENT, type CronJobObj } from './types';

/** Returns whether the status changed (a deleted Job left status.active). */
export function cleanupFinishedJobs(api: ApiServer, events: EventRecorder, cj: CronJobObj, jobs: readonly JobObj[]): boolean {
  const { successfulJobsHistoryLimit: keepSucceeded, failedJobsHistoryLimit: keepFailed } = cj.spec;
  if (keepSucceeded == null && keepFailed == null) return false;
  const succeeded = jobs.filter((j) => finishedType(j) === 'Complete');
  const failed = jobs.filter((j) => finishedType(j) === 'Failed');
  let changed = false;
  if (keepSucceeded != null) changed = removeOldest(api, events, cj, succeeded, keepSucceeded) || changed;
  if (keepFailed != null) changed = removeOldest(api, events, cj, failed, keepFailed) || changed;
  return changed;
}

function removeOldest(api: ApiServer, events: EventRecorder, cj: CronJobObj, jobs: readonly JobObj[], keep: number): boolean {
  const surplus = jobs.length - keep;
  if (surplus <= 0) return false;
  let changed = false;
  for (const job of [...jobs].sort((a, b) => byStartTime(api, a, b)).slice(0, surplus)) {
    if (deleteJob(api, events, cj, job)) changed = true;
  }
  return changed;
}

function byStartTime(api: ApiServer, a: JobObj, b: JobObj): number {
  const sa = a.status?.startTime;
  const sb = b.status?.startTime;
  if (!sa || !sb) return sa ? -1 : sb ? 1 : a.metadata.name.localeCompare(b.metadata.name);
  const d = api.parseTime(sa) - api.parseTime(sb);
  return d !== 0 ? d : a.metadata.name.localeCompare(b.metadata.name);
}

/** deleteJob: the Job (background propagation) and its reference in status.active. */
export function deleteJob(api: ApiServer, events: EventRecorder, cj: CronJobObj, job: JobObj): boolean {
  try {
    api.delete('Job', job.metadata.namespace, job.metadata.name, { propagationPolicy: 'Background' });
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    events.record(cj, 'Warning', 'FailedDelete', `Deleted job: ${err.message}`, COMPONENT);
    return false;
  }
  removeFromActive(cj, job.metadata.uid);
  events.record(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${job.metadata.name}`, COMPONENT);
  return true;
}

export function removeFromActive(cj: CronJobObj, uid: string | undefined): void {
  const status = cj.status!;
  status.active = (status.active ?? []).filter((r) => r.uid !== uid);
}
