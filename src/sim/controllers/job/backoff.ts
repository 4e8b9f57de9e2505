/**
 * The back-off before a Job replaces failed pods (backoff_utils.go): per Job, the number of
 * failures since the last success and the time of the latest one. The delay is 10s doubling per
 * consecutive failure, capped at 10 minutes (DefaultJobPodFailureBackOff /
 * MaxJobPodFailureBackOff in job_controller.go since the back-off store of kubernetes#114516;
 * the Job docs still say "capped at six minutes", the value of the earlier workqueue back-off).
 */
import { finishedTime } from './pod-state';
import type { PodObj } from './types';

export const POD_FAILURE_BACKOFF_MS = 10_000;
export const MAX_POD_FAILURE_BACKOFF_MS = 10 * 60_000;

export interface BackoffRecord {
  failuresAfterLastSuccess: number;
  /** virtual ms */
  lastFailureTime?: number;
}

const EMPTY: BackoffRecord = { failuresAfterLastSuccess: 0 };

export class BackoffStore {
  private readonly records = new Map<string, BackoffRecord>();

  get(key: string): BackoffRecord {
    return this.records.get(key) ?? EMPTY;
  }

  set(key: string, record: BackoffRecord): void {
    this.records.set(key, record);
  }

  remove(key: string): void {
    this.records.delete(key);
  }
}

/**
 * newBackoffRecord: the record after this sync's newly finished pods. Failures add up; a success
 * resets the count to the failures that finished after the latest success.
 */
export function nextBackoffRecord(
  prev: BackoffRecord, succeeded: readonly PodObj[], failed: readonly PodObj[], parseTime: (t: string) => number,
): BackoffRecord {
  const failedTimes = failed.map((p) => finishedTime(p, parseTime)).sort((a, b) => a - b);
  if (!succeeded.length) {
    if (!failedTimes.length) return prev;
    return { failuresAfterLastSuccess: prev.failuresAfterLastSuccess + failedTimes.length, lastFailureTime: failedTimes[failedTimes.length - 1] };
  }
  const lastSuccess = Math.max(...succeeded.map((p) => finishedTime(p, parseTime)));
  const after = failedTimes.filter((t) => t > lastSuccess);
  return after.length ? { failuresAfterLastSuccess: after.length, lastFailureTime: after[after.length - 1] } : { failuresAfterLastSuccess: 0 };
}

/** backoffRecord.getRemainingTime: ms left before new pods may be created (0 = now). */
export function remainingBackoffMs(record: BackoffRecord, nowMs: number): number {
  if (record.lastFailureTime === undefined) return 0;
  return remainingForFailuresMs(record.failuresAfterLastSuccess, record.lastFailureTime, nowMs);
}

/**
 * getRemainingTimeForFailuresCount: after `failures` consecutive failures, the latest at
 * `lastFailureTime`, the ms left of the back-off (10 s doubling per failure, capped).
 */
export function remainingForFailuresMs(failures: number, lastFailureTime: number, nowMs: number): number {
  if (failures === 0) return 0;
  let delay = POD_FAILURE_BACKOFF_MS;
  for (let i = 1; i < failures; i++) {
    delay *= 2;
    if (delay >= MAX_POD_FAILURE_BACKOFF_MS) {
      delay = MAX_POD_FAILURE_BACKOFF_MS;
      break;
    }
  }
  const elapsed = nowMs - lastFailureTime;
  return delay < elapsed ? 0 : delay - elapsed;
}
