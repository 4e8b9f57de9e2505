/**
 * The Job controller (pkg/controller/job/job_controller.go): watch handlers that only enqueue,
 * the sync of a Job (sync.ts), and the orphan-pod worker that takes the tracking finalizer off
 * pods whose Job is gone or finished.
 *
 * Queueing as upstream: a new Job, a deleted Job and a spec change (new generation) sync at
 * once; pod events and the Job's own status writes sync after the 1s batch period
 * (syncJobBatchPeriod), so a burst of pod changes makes one sync.
 */
import { ApiError } from '../../../errors';
import { deepEqual } from '../../../kube/equal';
import { labelSelectorMatches } from '../../../kube/labels';
import { controllerRef, keyOf as storeKeyOf } from '../../../kube/object';
import type { ApiServer, WatchEvent } from '../../apiserver/store';
import type { Component, SimContext } from '../../context';
import { WorkQueue } from '../../workqueue';
import { UidTrackingExpectations } from '../shared/uid-tracking-expectations';
import { OrphanIndex } from '../shared/orphan-index';
import { BackoffStore } from './backoff';
import { isJobFinished } from './conditions';
import { managedByExternalController } from './features';
import { SYNC_BATCH_PERIOD_MS } from './manage';
import { JobPodControl } from './pod-control';
import { hasTrackingFinalizer } from './pod-state';
import { syncJob, type JobDeps } from './sync';
import type { JobObj, PodObj } from './types';
import { queueKey, splitQueueKey } from '../shared/queue-key';
import { resolveControllerRef } from '../shared/owner-lookup';

export class JobController implements Component {
  private api!: ApiServer;
  private queue!: WorkQueue;
  private orphanQueue!: WorkQueue;
  private deps!: JobDeps;
  private readonly expectations = new UidTrackingExpectations(() => this.deps.nowMs());
  private readonly orphans = new OrphanIndex('Pod');

  start(ctx: SimContext): void {
    this.api = ctx.api;
    this.queue = new WorkQueue(ctx.clock, (key) => syncJob(this.deps, key));
    this.orphanQueue = new WorkQueue(ctx.clock, (key) => this.syncOrphanPod(key));
    this.deps = {
      api: ctx.api,
      events: ctx.events,
      version: ctx.config.version,
      podControl: new JobPodControl(ctx.api, ctx.events),
      expectations: this.expectations,
      backoff: new BackoffStore(),
      orphans: this.orphans,
      requeue: (key, ms) => this.queue.add(key, ms),
      nowMs: () => ctx.clock.now(),
    };
    ctx.api.watch((ev) => this.onEvent(ev), ['Pod', 'Job']);
  }

  private onEvent(ev: WatchEvent): void {
    if (ev.object.kind === 'Pod') {
      this.orphans.observe(ev.type, ev.object);
      if (ev.type === 'ADDED') this.addPod(ev.object as PodObj);
      else if (ev.type === 'MODIFIED') this.updatePod(ev.old as PodObj, ev.object as PodObj);
      else this.deletePod(ev.object as PodObj, true);
    } else if (ev.object.kind === 'Job') {
      const job = ev.object as JobObj;
      if (ev.type === 'MODIFIED') this.updateJob(ev.old as JobObj, job);
      else this.queue.add(queueKey(job));
      if (ev.type === 'DELETED') this.cleanupPodFinalizers(job);
    }
  }

  // ---- pods -----------------------------------------------------------------------------------

  private addPod(pod: PodObj): void {
    if (pod.metadata.deletionTimestamp) return this.deletePod(pod, false);
    const ref = controllerRef(pod);
    if (ref) {
      const job = this.resolve(pod.metadata.namespace, ref);
      if (!job) return;
      this.expectations.creationObserved(queueKey(job));
      this.queue.add(queueKey(job), SYNC_BATCH_PERIOD_MS);
      return;
    }
    if (hasTrackingFinalizer(pod)) this.orphanQueue.add(queueKey(pod));
    for (const job of this.jobsSelecting(pod)) this.queue.add(queueKey(job), SYNC_BATCH_PERIOD_MS);
  }

  private updatePod(old: PodObj, cur: PodObj): void {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
    // A graceful deletion: replace the pod as soon as it is marked, not when it is gone.
    if (cur.metadata.deletionTimestamp) return this.deletePod(cur, false);
    const curRef = controllerRef(cur);
    const oldRef = controllerRef(old);
    const refChanged = !deepEqual(curRef, oldRef);
    if (refChanged && oldRef) {
      const job = this.resolve(old.metadata.namespace, oldRef);
      if (job) this.queue.add(queueKey(job), SYNC_BATCH_PERIOD_MS);
    }
    if (curRef) {
      const job = this.resolve(cur.metadata.namespace, curRef);
      if (job) this.queue.add(queueKey(job), SYNC_BATCH_PERIOD_MS);
      return;
    }
    if (hasTrackingFinalizer(cur)) this.orphanQueue.add(queueKey(cur));
    if (refChanged || !deepEqual(cur.metadata.labels ?? {}, old.metadata.labels ?? {})) {
      for (const job of this.jobsSelecting(cur)) this.queue.add(queueKey(job), SYNC_BATCH_PERIOD_MS);
    }
  }

  /**
   * Also called for the update that sets deletionTimestamp (final = false). unverified detail:
   * upstream then counts the finalizer as removed only on the final delete (finalizer
   * expectations); writes here are synchronous, so those expectations are not needed.
   */
  private deletePod(pod: PodObj, _final: boolean): void {
    const ref = controllerRef(pod);
    const finalizer = hasTrackingFinalizer(pod);
    const job = ref ? this.resolve(pod.metadata.namespace, ref) : undefined;
    if (!job || isJobFinished(job)) {
      // syncJob will not remove this finalizer.
      if (finalizer) this.orphanQueue.add(queueKey(pod));
      return;
    }
    this.expectations.deletionObserved(queueKey(job), storeKeyOf(pod));
    this.queue.add(queueKey(job), SYNC_BATCH_PERIOD_MS);
  }

  /** resolveControllerRef: the Job of that name, only if it is the same incarnation. */
  private resolve(namespace: string | undefined, ref: { kind: string; name: string; uid: string }): JobObj | undefined {
    return resolveControllerRef<JobObj>(this.api, 'Job', namespace, ref);
  }

  /** GetPodJobs: Jobs of the pod's namespace whose selector selects it (orphan adoption). */
  private jobsSelecting(pod: PodObj): JobObj[] {
    return this.api.list<JobObj>('Job', pod.metadata.namespace).filter((j) => j.spec.selector && labelSelectorMatches(j.spec.selector, pod.metadata.labels));
  }

  // ---- jobs -----------------------------------------------------------------------------------

  private updateJob(old: JobObj, cur: JobObj): void {
    const key = queueKey(cur);
    // A spec change syncs at once; a status write (pod-driven) waits for the batch period.
    if (cur.metadata.generation === old.metadata.generation) this.queue.add(key, SYNC_BATCH_PERIOD_MS);
    else this.queue.add(key);
    // The Job should not be finished before its pods' finalizers are gone: a safety net.
    if (isJobFinished(cur)) this.cleanupPodFinalizers(cur);
    const ads = cur.spec.activeDeadlineSeconds;
    if (cur.status?.startTime && ads != null && ads !== old.spec.activeDeadlineSeconds) {
      const passed = this.deps.nowMs() - this.api.parseTime(cur.status.startTime);
      this.queue.add(key, ads * 1000 - passed);
    }
  }

  /** cleanupPodFinalizers: every pod of the Job still holding the finalizer goes to the orphan worker. */
  private cleanupPodFinalizers(job: JobObj): void {
    for (const pod of this.api.dependents(job.metadata.uid ?? '')) {
      if (pod.kind === 'Pod' && controllerRef(pod)?.uid === job.metadata.uid && hasTrackingFinalizer(pod as PodObj)) {
        this.orphanQueue.add(queueKey(pod));
      }
    }
  }

  /**
   * syncOrphanPod: removes the tracking finalizer from a pod whose controller is not a live,
   * unfinished Job (pods of other owners are left alone).
   */
  private syncOrphanPod(key: string): void {
    const [namespace, name] = splitQueueKey(key);
    const pod = this.api.get<PodObj>('Pod', namespace, name);
    if (!pod) return;
    const ref = controllerRef(pod);
    if (ref) {
      if (ref.kind !== 'Job' || ref.apiVersion !== 'batch/v1') return;
      const job = this.resolve(pod.metadata.namespace, ref);
      if (job && managedByExternalController(job, this.deps.version)) return;
      if (job && !isJobFinished(job)) return;
    }
    try {
      this.deps.podControl.removeFinalizer(pod);
    } catch (err) {
      if (!(err instanceof ApiError && err.reason === 'NotFound')) throw err;
    }
  }
}
