/**
 * Workload printers (pkg/printers/internalversion/printers.go): StatefulSet READY ready/desired;
 * Deployment READY ready/desired, UP-TO-DATE, AVAILABLE; ReplicaSet and ReplicationController
 * DESIRED CURRENT READY; DaemonSet DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR; Job
 * STATUS (from 1.30) COMPLETIONS DURATION; CronJob SCHEDULE TIMEZONE (from 1.30) SUSPEND ACTIVE
 * LAST SCHEDULE; ControllerRevision CONTROLLER REVISION; PodTemplate; HorizontalPodAutoscaler.
 * The wide columns add CONTAINERS, IMAGES and SELECTOR.
 */
import type { CronJob, Job } from 'kubernetes-types/batch/v1';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { KObject } from '../../kube/object';
import { atLeast } from '../../kube/version';
import { humanDuration } from './duration';
import {
  AGE, age, boolPtr, col, CONTAINERS, containerCells, field, formatLabels, formatLabelSelector, IMAGES, NAME, num, SELECTOR, selectorString, since,
  type Cell, type Column, type Printer, type PrintContext,
} from './types';

type Containers = Array<{ name?: string; image?: string }>;

function templateContainers(obj: KObject, ...path: string[]): Containers {
  return field<Containers>(obj, ...path, 'spec', 'containers') ?? [];
}

function wideCells(obj: KObject, selector: string, ...templatePath: string[]): Cell[] {
  const [names, images] = containerCells(templateContainers(obj, ...templatePath));
  return [names, images, selector];
}

export const statefulSetPrinter: Printer = {
  columns: () => [NAME, col('Ready', 'Number of the pod with ready state'), AGE, CONTAINERS, IMAGES],
  cells: (o, ctx) => {
    const [names, images] = containerCells(templateContainers(o, 'spec', 'template'));
    return [o.metadata.name, `${num(field(o, 'status', 'readyReplicas'))}/${num(field(o, 'spec', 'replicas'))}`, age(o, ctx), names, images];
  },
};

export const deploymentPrinter: Printer = {
  columns: () => [
    NAME, col('Ready', 'Number of the pod with ready state'), col('Up-to-date', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
    col('Available', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'), AGE, CONTAINERS, IMAGES, SELECTOR,
  ],
  cells: (o, ctx) => [
    o.metadata.name,
    `${num(field(o, 'status', 'readyReplicas'))}/${num(field(o, 'spec', 'replicas'))}`,
    num(field(o, 'status', 'updatedReplicas')),
    num(field(o, 'status', 'availableReplicas')),
    age(o, ctx),
    ...wideCells(o, selectorString(field<LabelSelector>(o, 'spec', 'selector')), 'spec', 'template'),
  ],
};

const replicaColumns = (): Column[] => [
  NAME, col('Desired', 'Number of desired pods.', { type: 'integer' }), col('Current', 'Number of actual pods.', { type: 'integer' }),
  col('Ready', 'Number of ready pods.', { type: 'integer' }), AGE, CONTAINERS, IMAGES, SELECTOR,
];

export const replicaSetPrinter: Printer = {
  columns: replicaColumns,
  cells: (o, ctx) => [
    o.metadata.name, num(field(o, 'spec', 'replicas')), num(field(o, 'status', 'replicas')), num(field(o, 'status', 'readyReplicas')), age(o, ctx),
    ...wideCells(o, formatLabelSelector(field<LabelSelector>(o, 'spec', 'selector')), 'spec', 'template'),
  ],
};

export const replicationControllerPrinter: Printer = {
  columns: replicaColumns,
  cells: (o, ctx) => [
    o.metadata.name, num(field(o, 'spec', 'replicas')), num(field(o, 'status', 'replicas')), num(field(o, 'status', 'readyReplicas')), age(o, ctx),
    ...wideCells(o, formatLabels(field<Record<string, string>>(o, 'spec', 'selector')), 'spec', 'template'),
  ],
};

export const daemonSetPrinter: Printer = {
  columns: () => [
    NAME, col('Desired', 'The total number of nodes that should be running the daemon pod.', { type: 'integer' }),
    col('Current', 'The number of nodes running at least one daemon pod and supposed to.', { type: 'integer' }),
    col('Ready', 'The number of nodes that should be running the daemon pod and have one or more of it running and ready.', { type: 'integer' }),
    col('Up-to-date', 'The total number of nodes running updated daemon pods.', { type: 'integer' }),
    col('Available', 'The number of nodes running the daemon pod available for at least minReadySeconds.', { type: 'integer' }),
    col('Node Selector', 'The node selector of the pod template.'), AGE, CONTAINERS, IMAGES, SELECTOR,
  ],
  cells: (o, ctx) => [
    o.metadata.name,
    num(field(o, 'status', 'desiredNumberScheduled')), num(field(o, 'status', 'currentNumberScheduled')), num(field(o, 'status', 'numberReady')),
    num(field(o, 'status', 'updatedNumberScheduled')), num(field(o, 'status', 'numberAvailable')),
    formatLabels(field<Record<string, string>>(o, 'spec', 'template', 'spec', 'nodeSelector')), age(o, ctx),
    ...wideCells(o, formatLabelSelector(field<LabelSelector>(o, 'spec', 'selector')), 'spec', 'template'),
  ],
};

function conditionTrue(conditions: Array<{ type: string; status: string }> | undefined, type: string): boolean {
  return conditions?.find((c) => c.type === type)?.status === 'True';
}

/** printJob's STATUS: Complete, Failed, Terminating, Suspended, FailureTarget, else Running. */
function jobStatus(job: Job): string {
  const conditions = job.status?.conditions;
  if (conditionTrue(conditions, 'Complete')) return 'Complete';
  if (conditionTrue(conditions, 'Failed')) return 'Failed';
  if (job.metadata?.deletionTimestamp) return 'Terminating';
  if (conditionTrue(conditions, 'Suspended')) return 'Suspended';
  if (conditionTrue(conditions, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

function jobCompletions(job: Job): string {
  const succeeded = job.status?.succeeded ?? 0;
  if (job.spec?.completions !== undefined && job.spec.completions !== null) return `${succeeded}/${job.spec.completions}`;
  const parallelism = job.spec?.parallelism ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

function jobDuration(job: Job, ctx: PrintContext): string {
  const start = job.status?.startTime;
  if (!start) return '';
  const end = job.status?.completionTime;
  return humanDuration((end ? Date.parse(end) : ctx.nowMs) - Date.parse(start));
}

export const jobPrinter: Printer = {
  columns: (v) => [
    NAME,
    ...(atLeast(v, '1.30') ? [col('Status', 'Status of the job.')] : []),
    col('Completions', 'The number of pods which reached phase Succeeded.'), col('Duration', 'Time required to complete the job.'), AGE, CONTAINERS, IMAGES, SELECTOR,
  ],
  cells: (o, ctx) => {
    const job = o as unknown as Job;
    return [
      o.metadata.name,
      ...(atLeast(ctx.version, '1.30') ? [jobStatus(job)] : []),
      jobCompletions(job), jobDuration(job, ctx), age(o, ctx),
      ...wideCells(o, formatLabelSelector(job.spec?.selector), 'spec', 'template'),
    ];
  },
};

export const cronJobPrinter: Printer = {
  columns: (v) => [
    NAME, col('Schedule', 'The schedule in Cron format.'),
    ...(atLeast(v, '1.30') ? [col('Timezone', 'The time zone name for the given schedule.')] : []),
    col('Suspend', 'Whether the controller suspends subsequent executions.', { type: 'boolean' }),
    col('Active', 'The number of currently running jobs.', { type: 'integer' }), col('Last Schedule', 'When the job was last successfully scheduled.'),
    AGE, CONTAINERS, IMAGES, SELECTOR,
  ],
  cells: (o, ctx) => {
    const cj = o as unknown as CronJob;
    const last = cj.status?.lastScheduleTime ? since(cj.status.lastScheduleTime, ctx) : '<none>';
    return [
      o.metadata.name, cj.spec?.schedule ?? '',
      ...(atLeast(ctx.version, '1.30') ? [cj.spec?.timeZone ?? '<none>'] : []),
      boolPtr(cj.spec?.suspend), (cj.status?.active ?? []).length, last, age(o, ctx),
      ...wideCells(o, formatLabelSelector(cj.spec?.jobTemplate?.spec?.selector), 'spec', 'jobTemplate', 'spec', 'template'),
    ];
  },
};

export const controllerRevisionPrinter: Printer = {
  columns: () => [NAME, col('Controller', 'Controller of the object'), col('Revision', 'The revision this object represents.'), AGE],
  cells: (o, ctx) => {
    const ref = o.metadata.ownerReferences?.find((r) => r.controller);
    let controller = '<none>';
    if (ref) {
      const group = ref.apiVersion.includes('/') ? ref.apiVersion.split('/')[0] : '';
      controller = `${(group ? `${ref.kind}.${group}` : ref.kind).toLowerCase()}/${ref.name}`;
    }
    return [o.metadata.name, controller, num(field(o, 'revision')), age(o, ctx)];
  },
};

export const podTemplatePrinter: Printer = {
  columns: () => [NAME, col('Containers', 'Names of each container in the template.'), col('Images', 'Images referenced by each container in the template.'), col('Pod Labels', 'The labels for the pod template.')],
  cells: (o) => {
    const [names, images] = containerCells(templateContainers(o, 'template'));
    return [o.metadata.name, names, images, formatLabels(field<Record<string, string>>(o, 'template', 'metadata', 'labels'))];
  },
};

export const hpaPrinter: Printer = {
  columns: () => [
    NAME, col('Reference', 'The target of the autoscaler.'), col('Targets', 'The metrics the autoscaler targets.'), col('MinPods', 'The lower replica limit.'),
    col('MaxPods', 'The upper replica limit.'), col('Replicas', 'Current number of replicas.'), AGE,
  ],
  cells: (o, ctx) => {
    const ref = field<{ kind?: string; name?: string }>(o, 'spec', 'scaleTargetRef') ?? {};
    const min = field<number>(o, 'spec', 'minReplicas');
    const metrics = (field<unknown[]>(o, 'spec', 'metrics') ?? []).length ? '<unknown>' : '<none>';
    return [o.metadata.name, `${ref.kind ?? ''}/${ref.name ?? ''}`, metrics, min === undefined ? '<unset>' : String(min),
      num(field(o, 'spec', 'maxReplicas')), num(field(o, 'status', 'currentReplicas')), age(o, ctx)];
  },
};
