/**
 * Workload defaults: apps/v1 (pkg/apis/apps/v1/defaults.go) and batch/v1
 * (pkg/apis/batch/v1/defaults.go), plus the pod template and claim template defaults the
 * generated defaulters apply inside them.
 */
import type { KubeVersion } from '../version';
import { isObj, type Obj } from '../validation/access';
import { gateEnabled } from './feature-gates';
import { defaultTemplate } from './pod';
import { defaultPVCSpec } from './storage';

type Mutable = Record<string, unknown>;

const setIfAbsent = (o: Mutable, key: string, value: unknown): void => {
  if (o[key] === undefined || o[key] === null) o[key] = value;
};

function specOf(o: Obj): Mutable {
  if (!isObj(o.spec)) o.spec = {};
  return o.spec as Mutable;
}

export function defaultDeployment(o: Obj): void {
  const spec = specOf(o);
  setIfAbsent(spec, 'replicas', 1);
  if (!isObj(spec.strategy)) spec.strategy = {};
  const strategy = spec.strategy as Mutable;
  if (!strategy.type) strategy.type = 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    if (!isObj(strategy.rollingUpdate)) strategy.rollingUpdate = {};
    setIfAbsent(strategy.rollingUpdate as Mutable, 'maxUnavailable', '25%');
    setIfAbsent(strategy.rollingUpdate as Mutable, 'maxSurge', '25%');
  }
  setIfAbsent(spec, 'revisionHistoryLimit', 10);
  setIfAbsent(spec, 'progressDeadlineSeconds', 600);
  defaultTemplate(spec.template);
}

export function defaultReplicaSet(o: Obj): void {
  const spec = specOf(o);
  setIfAbsent(spec, 'replicas', 1);
  defaultTemplate(spec.template);
}

export function defaultDaemonSet(o: Obj): void {
  const spec = specOf(o);
  if (!isObj(spec.updateStrategy)) spec.updateStrategy = {};
  const strategy = spec.updateStrategy as Mutable;
  if (!strategy.type) strategy.type = 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    if (!isObj(strategy.rollingUpdate)) strategy.rollingUpdate = {};
    setIfAbsent(strategy.rollingUpdate as Mutable, 'maxUnavailable', 1);
    setIfAbsent(strategy.rollingUpdate as Mutable, 'maxSurge', 0);
  }
  setIfAbsent(spec, 'revisionHistoryLimit', 10);
  defaultTemplate(spec.template);
}

/**
 * SetDefaults_StatefulSet. A strategy type set explicitly to RollingUpdate without a
 * rollingUpdate block gets none (only the defaulted type creates it); partition defaults to 0
 * and, with MaxUnavailableStatefulSet on, maxUnavailable to 1.
 */
export function defaultStatefulSet(o: Obj, v: KubeVersion): void {
  const spec = specOf(o);
  if (!spec.podManagementPolicy) spec.podManagementPolicy = 'OrderedReady';
  if (!isObj(spec.updateStrategy)) spec.updateStrategy = {};
  const strategy = spec.updateStrategy as Mutable;
  if (!strategy.type) {
    strategy.type = 'RollingUpdate';
    if (!isObj(strategy.rollingUpdate)) strategy.rollingUpdate = {};
  }
  if (strategy.type === 'RollingUpdate' && isObj(strategy.rollingUpdate)) {
    setIfAbsent(strategy.rollingUpdate, 'partition', 0);
    if (gateEnabled('MaxUnavailableStatefulSet', v)) setIfAbsent(strategy.rollingUpdate, 'maxUnavailable', 1);
  }
  if (gateEnabled('StatefulSetAutoDeletePVC', v)) {
    if (!isObj(spec.persistentVolumeClaimRetentionPolicy)) spec.persistentVolumeClaimRetentionPolicy = {};
    const policy = spec.persistentVolumeClaimRetentionPolicy as Mutable;
    if (!policy.whenDeleted) policy.whenDeleted = 'Retain';
    if (!policy.whenScaled) policy.whenScaled = 'Retain';
  }
  setIfAbsent(spec, 'replicas', 1);
  setIfAbsent(spec, 'revisionHistoryLimit', 10);
  defaultTemplate(spec.template);
  // Claim templates are PersistentVolumeClaims: they get volumeMode and status.phase Pending.
  if (Array.isArray(spec.volumeClaimTemplates)) {
    for (const vct of spec.volumeClaimTemplates) {
      if (!isObj(vct)) continue;
      if (!isObj(vct.spec)) vct.spec = {};
      defaultPVCSpec(vct.spec as Obj);
      if (!isObj(vct.status)) vct.status = {};
      setIfAbsent(vct.status as Mutable, 'phase', 'Pending');
    }
  }
}

/** SetDefaults_Job (batch/v1). */
export function defaultJob(o: Obj, v: KubeVersion): void {
  const spec = specOf(o);
  defaultJobSpec(spec, v);
  const templateLabels = isObj(spec.template) && isObj(spec.template.metadata) ? spec.template.metadata.labels : undefined;
  const meta = o.metadata as Mutable;
  if (isObj(templateLabels) && (!isObj(meta.labels) || Object.keys(meta.labels).length === 0)) {
    meta.labels = { ...templateLabels };
  }
}

function defaultJobSpec(spec: Mutable, v: KubeVersion): void {
  // Neither set: a non-parallel job, both 1. Parallelism alone defaults to 1.
  if ((spec.completions === undefined || spec.completions === null) && (spec.parallelism === undefined || spec.parallelism === null)) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  setIfAbsent(spec, 'parallelism', 1);
  setIfAbsent(spec, 'backoffLimit', spec.backoffLimitPerIndex !== undefined && spec.backoffLimitPerIndex !== null ? 2147483647 : 6);
  if (!spec.completionMode) spec.completionMode = 'NonIndexed';
  setIfAbsent(spec, 'suspend', false);
  if (gateEnabled('JobPodReplacementPolicy', v)) {
    setIfAbsent(spec, 'podReplacementPolicy', isObj(spec.podFailurePolicy) ? 'Failed' : 'TerminatingOrFailed');
  }
  if (isObj(spec.podFailurePolicy) && Array.isArray(spec.podFailurePolicy.rules)) {
    for (const rule of spec.podFailurePolicy.rules) {
      if (isObj(rule) && Array.isArray(rule.onPodConditions)) {
        for (const c of rule.onPodConditions) if (isObj(c)) setIfAbsent(c, 'status', 'True');
      }
    }
  }
  defaultTemplate(spec.template);
}

/** SetDefaults_CronJob: Allow, not suspended, keep 3 successful and 1 failed job. */
export function defaultCronJob(o: Obj, v: KubeVersion): void {
  const spec = specOf(o);
  if (!spec.concurrencyPolicy) spec.concurrencyPolicy = 'Allow';
  setIfAbsent(spec, 'suspend', false);
  setIfAbsent(spec, 'successfulJobsHistoryLimit', 3);
  setIfAbsent(spec, 'failedJobsHistoryLimit', 1);
  if (!isObj(spec.jobTemplate)) spec.jobTemplate = {};
  const jt = spec.jobTemplate as Mutable;
  if (!isObj(jt.spec)) jt.spec = {};
  defaultJobSpec(jt.spec as Mutable, v);
}

/**
 * The selector and labels the Job strategy generates on create (pkg/registry/batch/job
 * strategy.go generateSelector), keyed on the Job's uid: call after the uid is assigned.
 * Untouched when spec.manualSelector is true.
 */
export function generateJobSelector<T extends Obj>(input: T): T {
  if (isObj(input.spec) && input.spec.manualSelector === true) return input;
  const job = structuredClone(input);
  const spec = specOf(job);
  const meta = job.metadata as Mutable;
  const uid = String(meta.uid ?? '');
  const name = String(meta.name ?? '');
  if (!isObj(spec.template)) spec.template = {};
  const template = spec.template as Mutable;
  if (!isObj(template.metadata)) template.metadata = {};
  const tmeta = template.metadata as Mutable;
  tmeta.labels = {
    ...(isObj(tmeta.labels) ? tmeta.labels : {}),
    'batch.kubernetes.io/controller-uid': uid,
    'batch.kubernetes.io/job-name': name,
    'controller-uid': uid,
    'job-name': name,
  };
  if (!isObj(spec.selector)) spec.selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
  return job;
}
