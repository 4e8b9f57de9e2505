/**
 * The CronJob controller (pkg/controller/cronjob/cronjob_controllerv2.go). A sync prunes the
 * finished Jobs beyond the history limits, takes finished and vanished Jobs out of status.active,
 * and — unless suspended — creates the Job owed for the most recent unmet schedule time, then
 * requeues itself for 100ms after the next one: the controller follows the virtual clock and
 * never polls. Job and CronJob changes requeue at once.
 */
import { ApiError } from '../../../errors';
import { deepEqual } from '../../../kube/equal';
import { clone, controllerRef, type KObject } from '../../../kube/object';
import { EPOCH_MS, type ApiServer, type WatchEvent } from '../../apiserver/store';
import { CronParseError } from '../../../kube/validation/cron';
import type { Component, SimContext } from '../../context';
import type { EventRecorder } from '../../events';
import { WorkQueue } from '../../workqueue';
import { finishedType, type JobObj } from '../job';
import { cleanupFinishedJobs, deleteJob, removeFromActive } from './history';
import { jobFromTemplate, jobName, rfc1123z } from './job-template';
import { compileSchedule, isKnownTimeZone, type Schedule } from './schedule';
import { mostRecentScheduleTime, nextScheduleDelay, type CronJobTimes } from './timing';
import { COMPONENT, type CronJobObj } from './types';
import { queueKey, splitQueueKey } from '../shared/queue-key';
import { atLeast, type KubeVersion } from '../../../kube/version';

interface SyncOutcome {
  /** ms until the next sync; undefined: none planned */
  requeueMs?: number;
  statusChanged: boolean;
  error?: unknown;
}

export class CronJobController implements Component {
  private api!: ApiServer;
  private events!: EventRecorder;
  private queue!: WorkQueue;
  private nowMs!: () => number;
  private version!: KubeVersion;

  start(ctx: SimContext): void {
    this.api = ctx.api;
    this.events = ctx.events;
    this.version = ctx.config.version;
    this.nowMs = () => EPOCH_MS + ctx.clock.now();
    this.queue = new WorkQueue(ctx.clock, (key) => this.sync(key));
    ctx.api.watch((ev) => this.onEvent(ev), ['Job', 'CronJob']);
  }

  // ---- watch handlers (enqueue only) ----------------------------------------------------------

  private onEvent(ev: WatchEvent): void {
    if (ev.object.kind === 'Job') this.onJob(ev);
    else if (ev.object.kind === 'CronJob') {
      if (ev.type === 'MODIFIED') this.updateCronJob(ev.old as CronJobObj, ev.object as CronJobObj);
      else this.queue.add(queueKey(ev.object));
    }
  }

  /** addJob / updateJob / deleteJob: the owning CronJob (and a former owner) syncs. */
  private onJob(ev: WatchEvent): void {
    const cur = ev.object;
    if (ev.type === 'MODIFIED' && ev.old?.metadata.resourceVersion === cur.metadata.resourceVersion) return;
    const oldRef = ev.old ? controllerRef(ev.old) : undefined;
    if (ev.type === 'MODIFIED' && oldRef && !deepEqual(oldRef, controllerRef(cur))) this.enqueueOwner(cur.metadata.namespace, oldRef);
    const ref = controllerRef(cur);
    if (ref) this.enqueueOwner(cur.metadata.namespace, ref);
  }

  private enqueueOwner(namespace: string | undefined, ref: { kind: string; name: string; uid: string }): void {
    if (ref.kind !== 'CronJob') return;
    const cj = this.api.get<CronJobObj>('CronJob', namespace, ref.name);
    if (cj && cj.metadata.uid === ref.uid) this.queue.add(queueKey(cj));
  }

  /** updateCronJob: a new schedule or zone waits for its next time; any other change syncs now. */
  private updateCronJob(old: CronJobObj, cur: CronJobObj): void {
    if (old.spec.schedule === cur.spec.schedule && old.spec.timeZone === cur.spec.timeZone) return this.queue.add(queueKey(cur));
    let schedule: Schedule;
    try {
      schedule = this.scheduleOf(cur);
    } catch (err) {
      if (!(err instanceof CronParseError)) throw err;
      this.event(cur, 'Warning', 'UnParseableCronJobSchedule', `unparseable schedule for cronjob: ${cur.spec.schedule}`);
      return;
    }
    const delay = nextScheduleDelay(times(this.api, cur), this.nowMs(), schedule);
    if (delay !== undefined) this.queue.add(queueKey(cur), delay);
  }

  // ---- sync -----------------------------------------------------------------------------------

  private sync(key: string): void {
    const [namespace, name] = splitQueueKey(key);
    const stored = this.api.get<CronJobObj>('CronJob', namespace, name);
    if (!stored) return;
    const jobs = this.jobsOf(stored);
    const cj = clone(stored);
    cj.status = { ...(cj.status ?? {}) };
    const pruned = cleanupFinishedJobs(this.api, this.events, cj, jobs);
    const outcome = this.syncCronJob(cj, jobs);
    if (pruned || outcome.statusChanged) this.api.updateStatus({ ...cj, status: serialiseStatus(cj.status) });
    if (outcome.requeueMs !== undefined) this.queue.add(key, outcome.requeueMs);
    else if (outcome.error !== undefined) throw asApiError(outcome.error);
  }

  /**
   * The CronJob's Jobs. Up to 1.36 (getJobsToBeReconciled): Jobs of the namespace whose controller
   * reference carries this CronJob's name, whatever its kind and uid. From 1.37 (kubernetes#133313,
   * "checking the owner reference of the job correctly"; v1.37.2 getCronJobJobsByIndexer): Jobs
   * whose controller reference carries this CronJob's uid, so a Job controlled by another object
   * of the same name is no longer reported as UnexpectedJob, nor counted, nor cleaned up.
   */
  private jobsOf(cj: CronJobObj): JobObj[] {
    const byUid = atLeast(this.version, '1.37');
    return this.api.list<JobObj>('Job', cj.metadata.namespace).filter((j) => {
      const ref = controllerRef(j);
      if (ref === undefined) return false;
      return byUid ? ref.uid === cj.metadata.uid : ref.name === cj.metadata.name;
    });
  }

  /** syncCronJob. */
  private syncCronJob(cj: CronJobObj, jobs: readonly JobObj[]): SyncOutcome {
    let statusChanged = this.reconcileActive(cj, jobs);
    if (cj.metadata.deletionTimestamp) return { statusChanged };
    if (cj.spec.timeZone && !isKnownTimeZone(cj.spec.timeZone)) {
      this.event(cj, 'Warning', 'UnknownTimeZone', `invalid timeZone: "${cj.spec.timeZone}": unknown time zone ${cj.spec.timeZone}`);
      return { statusChanged };
    }
    if (cj.spec.suspend) return { statusChanged };
    let schedule: Schedule;
    try {
      schedule = this.scheduleOf(cj);
    } catch (err) {
      if (!(err instanceof CronParseError)) throw err;
      this.event(cj, 'Warning', 'UnparseableSchedule', `unparseable schedule: "${cj.spec.schedule}" : ${err.message}`);
      return { statusChanged };
    }
    const now = this.nowMs();
    const owed = this.owedScheduleTime(cj, now, schedule);
    if (owed.invalid) return { statusChanged };
    const requeue = () => nextScheduleDelay(times(this.api, cj), now, schedule);
    if (owed.time === undefined) return { requeueMs: requeue(), statusChanged };
    const blocked = this.startBlocked(cj, owed.time, now);
    if (blocked) return { requeueMs: requeue(), statusChanged };
    const replaced = this.replaceActive(cj);
    if (replaced.error !== undefined) return { statusChanged: statusChanged || replaced.changed, error: replaced.error };
    statusChanged ||= replaced.changed;
    const started = this.startJob(cj, owed.time);
    if (started.error !== undefined || !started.recorded) return { statusChanged, error: started.error };
    return { requeueMs: requeue(), statusChanged: true };
  }

  /**
   * The first half of syncCronJob: finished Jobs leave status.active (SawCompletedJob) and
   * advance lastSuccessfulTime; unfinished Jobs it does not list are reported (UnexpectedJob);
   * listed Jobs that no longer exist leave it (MissingJob).
   */
  private reconcileActive(cj: CronJobObj, jobs: readonly JobObj[]): boolean {
    let changed = false;
    const status = cj.status!;
    const uids = new Set(jobs.map((j) => j.metadata.uid));
    for (const j of jobs) {
      const listed = (status.active ?? []).some((r) => r.uid === j.metadata.uid);
      const finished = finishedType(j);
      if (!listed && !finished) {
        this.event(cj, 'Warning', 'UnexpectedJob', `Saw a job that the controller did not create or forgot: ${j.metadata.name}`);
        continue;
      }
      if (!finished) continue;
      if (listed) {
        removeFromActive(cj, j.metadata.uid);
        this.event(cj, 'Normal', 'SawCompletedJob', `Saw completed job: ${j.metadata.name}, condition: ${finished}`);
        changed = true;
      }
      const completed = j.status?.completionTime;
      if (finished === 'Complete' && completed && (!status.lastSuccessfulTime || this.api.parseTime(completed) > this.api.parseTime(status.lastSuccessfulTime))) {
        status.lastSuccessfulTime = completed;
        changed = true;
      }
    }
    for (const ref of [...(status.active ?? [])]) {
      if (uids.has(ref.uid) || this.api.get('Job', ref.namespace, ref.name ?? '')) continue;
      this.event(cj, 'Normal', 'MissingJob', `Active job went missing: ${ref.name}`);
      removeFromActive(cj, ref.uid);
      changed = true;
    }
    return changed;
  }

  /** nextScheduleTime: the most recent unmet time; warns about many missed ones or an invalid schedule. */
  private owedScheduleTime(cj: CronJobObj, now: number, schedule: Schedule): { time?: number; invalid?: boolean } {
    const w = mostRecentScheduleTime(times(this.api, cj), now, schedule, true);
    if (w.error !== undefined && (w.mostRecent === undefined || w.mostRecent > now)) {
      this.event(cj, 'Warning', 'InvalidSchedule', `invalid schedule: ${cj.spec.schedule} : ${w.error}`);
      return { invalid: true };
    }
    if (w.mostRecent === undefined || w.mostRecent > now) return {};
    if (w.missed === 'many') {
      this.event(cj, 'Warning', 'TooManyMissedTimes', 'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew');
    }
    return { time: w.mostRecent };
  }

  /**
   * Reasons not to start the Job now: past startingDeadlineSeconds (MissSchedule), this time
   * already handled, or a Job still active under concurrencyPolicy Forbid (JobAlreadyActive).
   */
  private startBlocked(cj: CronJobObj, scheduled: number, now: number): boolean {
    const deadline = cj.spec.startingDeadlineSeconds;
    if (deadline != null && scheduled + deadline * 1000 < now) {
      this.event(cj, 'Warning', 'MissSchedule', `Missed scheduled time to start a job: ${rfc1123z(scheduled)}`);
      return true;
    }
    const status = cj.status!;
    const name = jobName(cj, scheduled);
    const handled = (status.active ?? []).some((r) => r.name === name && r.namespace === cj.metadata.namespace);
    if (handled || (status.lastScheduleTime && this.api.parseTime(status.lastScheduleTime) + EPOCH_MS === scheduled)) return true;
    if (cj.spec.concurrencyPolicy === 'Forbid' && (status.active ?? []).length > 0) {
      this.event(cj, 'Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid');
      return true;
    }
    return false;
  }

  /** concurrencyPolicy Replace: every still active Job is deleted first. */
  private replaceActive(cj: CronJobObj): { changed: boolean; error?: unknown } {
    if (cj.spec.concurrencyPolicy !== 'Replace') return { changed: false };
    let changed = false;
    for (const ref of [...(cj.status!.active ?? [])]) {
      const job = this.api.get<JobObj>('Job', ref.namespace, ref.name ?? '');
      if (!job) {
        const err = new ApiError(404, 'NotFound', `jobs.batch "${ref.name}" not found`);
        this.event(cj, 'Warning', 'FailedGet', `Get job: ${err.message}`);
        return { changed, error: err };
      }
      if (!deleteJob(this.api, this.events, cj, job)) return { changed, error: new Error(`could not replace job ${job.metadata.namespace}/${job.metadata.name}`) };
      changed = true;
    }
    return { changed };
  }

  /**
   * Creates the Job for `scheduled` and records it in status.active and lastScheduleTime. A Job
   * of that name that this CronJob already owns (created before a failed status write) is
   * recorded instead; one owned by someone else is left alone.
   */
  private startJob(cj: CronJobObj, scheduled: number): { recorded: boolean; error?: unknown } {
    const request = jobFromTemplate(cj, scheduled);
    let job: JobObj;
    try {
      job = this.api.create<JobObj>(request);
      this.event(cj, 'Normal', 'SuccessfulCreate', `Created job ${job.metadata.name}`);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err.causes.some((c) => c.reason === 'NamespaceTerminating')) return { recorded: false, error: err };
      if (err.reason !== 'AlreadyExists') {
        this.event(cj, 'Warning', 'FailedCreate', `Error creating job: ${err.message}`);
        return { recorded: false, error: err };
      }
      const existing = this.api.get<JobObj>('Job', request.metadata.namespace, request.metadata.name)!;
      if (controllerRef(existing)?.uid !== cj.metadata.uid) return { recorded: false };
      if ((cj.status!.active ?? []).some((r) => r.uid === existing.metadata.uid)) return { recorded: false };
      job = existing;
    }
    const status = cj.status!;
    status.active = [...(status.active ?? []), objectReference(job)];
    status.lastScheduleTime = this.api.timestamp(scheduled - EPOCH_MS);
    return { recorded: true };
  }

  private scheduleOf(cj: CronJobObj): Schedule {
    return compileSchedule(cj.spec.schedule, cj.spec.timeZone);
  }

  private event(cj: KObject, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.events.record(cj, type, reason, message, COMPONENT);
  }
}

/** The CronJob's times as epoch ms. */
function times(api: ApiServer, cj: CronJobObj): CronJobTimes {
  const t: CronJobTimes = { creation: api.parseTime(cj.metadata.creationTimestamp ?? api.timestamp()) + EPOCH_MS };
  if (cj.status?.lastScheduleTime) t.lastSchedule = api.parseTime(cj.status.lastScheduleTime) + EPOCH_MS;
  if (cj.spec.startingDeadlineSeconds != null) t.startingDeadlineSeconds = cj.spec.startingDeadlineSeconds;
  return t;
}

/** ref.GetReference of the created Job, as status.active lists it. */
function objectReference(job: JobObj) {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    name: job.metadata.name,
    namespace: job.metadata.namespace,
    resourceVersion: job.metadata.resourceVersion,
    uid: job.metadata.uid,
  };
}

/** CronJobStatus: an empty active list is omitted (omitempty). */
function serialiseStatus(status: NonNullable<CronJobObj['status']>): NonNullable<CronJobObj['status']> {
  const out = { ...status };
  if (!out.active?.length) delete out.active;
  return out;
}

function asApiError(err: unknown): ApiError {
  return err instanceof ApiError ? err : new ApiError(500, 'InternalError', err instanceof Error ? err.message : String(err));
}
