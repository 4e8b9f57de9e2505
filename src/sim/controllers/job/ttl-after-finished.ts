/**
 * The TTL-after-finished controller (pkg/controller/ttlafterfinished/ttlafterfinished_controller.go):
 * a finished Job (Complete or Failed condition True) with spec.ttlSecondsAfterFinished is deleted
 * that many seconds after the condition's lastTransitionTime, in the foreground and only if it is
 * still the same incarnation (uid precondition). Jobs not yet expired are requeued for the
 * moment they expire; nothing polls. No events (upstream records none).
 */
import { ApiError } from '../../../errors';
import type { ApiServer, WatchEvent } from '../../apiserver/store';
import type { Component, SimContext } from '../../context';
import { WorkQueue } from '../../workqueue';
import { finishingCondition } from './conditions';
import type { JobObj } from './types';
import { queueKey, splitQueueKey } from '../shared/queue-key';

export class TtlAfterFinishedController implements Component {
  private api!: ApiServer;
  private queue!: WorkQueue;
  private now!: () => number;

  start(ctx: SimContext): void {
    this.api = ctx.api;
    this.now = () => ctx.clock.now();
    this.queue = new WorkQueue(ctx.clock, (key) => this.sync(key));
    ctx.api.watch((ev) => this.onEvent(ev), ['Job']);
  }

  /** addJob / updateJob: only Jobs being kept and due for clean-up are queued. */
  private onEvent(ev: WatchEvent): void {
    if (ev.object.kind !== 'Job' || ev.type === 'DELETED') return;
    const job = ev.object as JobObj;
    if (!job.metadata.deletionTimestamp && needsCleanup(job)) this.queue.add(queueKey(job));
  }

  /** processJob: a fresh read decides; an expired Job is deleted, others wait for their expiry. */
  private sync(key: string): void {
    const [namespace, name] = splitQueueKey(key);
    const job = this.api.get<JobObj>('Job', namespace, name);
    if (!job || job.metadata.deletionTimestamp || !needsCleanup(job)) return;
    const left = this.expiresAt(job) - this.now();
    if (left > 0) {
      this.queue.add(key, left);
      return;
    }
    try {
      this.api.delete('Job', job.metadata.namespace, job.metadata.name, { propagationPolicy: 'Foreground', uid: job.metadata.uid });
    } catch (err) {
      if (!(err instanceof ApiError && err.reason === 'NotFound')) throw err;
    }
  }

  private expiresAt(job: JobObj): number {
    const finished = this.api.parseTime(finishingCondition(job)!.lastTransitionTime!);
    return finished + (job.spec.ttlSecondsAfterFinished ?? 0) * 1000;
  }
}

/** needsCleanup: a TTL is set and the Job has finished. */
function needsCleanup(job: JobObj): boolean {
  return job.spec.ttlSecondsAfterFinished != null && !!finishingCondition(job);
}
