/**
 * The Job a CronJob creates for one scheduled time (cronjob/utils.go getJobFromTemplate2,
 * getJobName, getTimeHashInMinutes): named `<cronjob>-<scheduled time in minutes since the Unix
 * epoch>` — the same name for the same time, so a time is never run twice — with the template's
 * labels and annotations plus batch.kubernetes.io/cronjob-scheduled-timestamp (the scheduled
 * time in RFC 3339, in spec.timeZone), the template's spec, and the CronJob as controller.
 */
import type { JobObj } from '../job';
import { clone, newControllerRef } from '../../../kube/object';
import { wallClock } from './schedule';
import { CRONJOB_GVK, SCHEDULED_TIMESTAMP_ANNOTATION, type CronJobObj } from './types';

export function jobName(cj: CronJobObj, scheduledMs: number): string {
  return `${cj.metadata.name}-${Math.floor(scheduledMs / 60_000)}`;
}

export function jobFromTemplate(cj: CronJobObj, scheduledMs: number): JobObj {
  const template = cj.spec.jobTemplate;
  const meta = template.metadata ?? {};
  const annotations = { ...(meta.annotations ?? {}), [SCHEDULED_TIMESTAMP_ANNOTATION]: rfc3339In(scheduledMs, cj.spec.timeZone) };
  const job: JobObj = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: jobName(cj, scheduledMs),
      namespace: cj.metadata.namespace,
      annotations,
      ownerReferences: [newControllerRef(cj, CRONJOB_GVK)],
    },
    spec: clone(template.spec ?? {}) as JobObj['spec'],
  };
  if (meta.labels && Object.keys(meta.labels).length) job.metadata.labels = { ...meta.labels };
  return job;
}

/** time.Format(time.RFC3339) of the time in the zone: `Z` for UTC, else the offset. */
export function rfc3339In(ms: number, timeZone?: string): string {
  const offsetMin = timeZone ? zoneOffsetMinutes(ms, timeZone) : 0;
  const local = new Date(ms + offsetMin * 60_000).toISOString().replace(/\.\d{3}Z$/, '');
  if (offsetMin === 0) return `${local}Z`;
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

function zoneOffsetMinutes(ms: number, timeZone: string): number {
  return Math.round((wallClock(ms, timeZone) - ms) / 60_000);
}

/** time.RFC1123Z of the UTC time, e.g. "Wed, 01 Jan 2025 00:01:00 +0000" (MissSchedule's message). */
export function rfc1123z(ms: number): string {
  const d = new Date(ms);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const two = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]}, ${two(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
}
