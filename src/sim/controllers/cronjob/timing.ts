/**
 * Which scheduled time a CronJob owes a Job for, and when to look again (cronjob/utils.go
 * mostRecentScheduleTime, nextScheduleTime, nextScheduleTimeDuration). Times are epoch ms.
 *
 * The search starts at status.lastScheduleTime (else the CronJob's creation), or — for starting
 * Jobs — at now - startingDeadlineSeconds when that is later. More than 100 missed times (an
 * estimate from the interval between the next two firings) is "many": the controller warns
 * TooManyMissedTimes and still starts the most recent one.
 */
import type { Schedule } from './schedule';

/** nextScheduleDelta: the requeue lands 100ms after the scheduled time, against clock skew. */
export const NEXT_SCHEDULE_DELTA_MS = 100;

export type Missed = 'none' | 'few' | 'many';

export interface ScheduleWindow {
  /** lastScheduleTime, creation, or the starting deadline */
  earliest: number;
  /** the latest firing in (earliest, now], if any */
  mostRecent?: number;
  missed: Missed;
  /** a schedule that cannot fire (e.g. 31 February): "time difference between two schedules is less than 1 second" */
  error?: string;
}

export interface CronJobTimes {
  creation: number;
  lastSchedule?: number;
  startingDeadlineSeconds?: number;
}

export function mostRecentScheduleTime(cj: CronJobTimes, now: number, schedule: Schedule, includeDeadline: boolean): ScheduleWindow {
  let earliest = cj.lastSchedule ?? cj.creation;
  if (includeDeadline && cj.startingDeadlineSeconds != null) earliest = Math.max(earliest, now - cj.startingDeadlineSeconds * 1000);
  const t1 = schedule.next(earliest);
  const t2 = t1 === undefined ? undefined : schedule.next(t1);
  if (t1 !== undefined && now < t1) return { earliest, missed: 'none' };
  if (t1 !== undefined && t2 !== undefined && now < t2) return { earliest, mostRecent: t1, missed: 'none' };
  const between = t1 === undefined || t2 === undefined ? 0 : Math.round((t2 - t1) / 1000);
  if (between < 1) return { earliest, missed: 'none', error: 'time difference between two schedules is less than 1 second' };
  const missedCount = Math.trunc((now - t1!) / 1000 / between) + 1;
  // Start two intervals before the estimate and let the schedule find the exact times.
  let mostRecent: number | undefined;
  for (let t = schedule.next(t1! + (missedCount - 2) * between * 1000); t !== undefined && t <= now; t = schedule.next(t)) mostRecent = t;
  const missed: Missed = missedCount > 100 ? 'many' : missedCount > 0 ? 'few' : 'none';
  return mostRecent === undefined ? { earliest, missed } : { earliest, mostRecent, missed };
}

/** nextScheduleTimeDuration: ms until 100ms after the next firing; undefined if it never fires. */
export function nextScheduleDelay(cj: CronJobTimes, now: number, schedule: Schedule): number | undefined {
  const w = mostRecentScheduleTime(cj, now, schedule, false);
  const from = w.error ? now : (w.mostRecent ?? (w.missed === 'none' ? w.earliest : now));
  const next = schedule.next(from);
  return next === undefined ? undefined : next + NEXT_SCHEDULE_DELTA_MS - now;
}
