/** Shapes the CronJob controller reads and writes (kubernetes-types batch/v1 on store objects). */
import type { CronJobSpec, CronJobStatus } from 'kubernetes-types/batch/v1';
import type { Gvk, KObject } from '../../../kube/object';

export type CronJobObj = KObject & { spec: CronJobSpec & { timeZone?: string }; status?: CronJobStatus };

export const CRONJOB_GVK: Gvk = { apiVersion: 'batch/v1', kind: 'CronJob' };

/** The event source of upstream's recorder (cronjob_controllerv2.go NewControllerV2). */
export const COMPONENT = 'cronjob-controller';

/** batch.CronJobScheduledTimestampAnnotation (gate CronJobsScheduledAnnotation: beta 1.28, GA 1.32). */
export const SCHEDULED_TIMESTAMP_ANNOTATION = 'batch.kubernetes.io/cronjob-scheduled-timestamp';
