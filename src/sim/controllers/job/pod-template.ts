/**
 * The pod a Job creates (job_controller.go manageJob, controller_utils.go GetPodFromTemplate):
 * the template's labels (which the Job strategy gave controller-uid and job-name), annotations
 * and spec, the tracking finalizer, the Job as controller owner, and generateName `<job>-`.
 * Indexed Jobs add the completion index: annotation (and label, PodIndexLabel), the
 * JOB_COMPLETION_INDEX variable in every container, hostname `<job>-<index>` and generateName
 * `<job>-<index>-` (indexed_job_utils.go), and with backoffLimitPerIndex the index's failure counts
 * (addIndexFailureCountAnnotation).
 */
import type { Container, EnvVar } from 'kubernetes-types/core/v1';
import { clone, newControllerRef } from '../../../kube/object';
import { generateNameWithIndex } from './indexed';
import { COMPLETION_INDEX_ENV, COMPLETION_INDEX_KEY, JOB_GVK, TRACKING_FINALIZER, type JobObj, type PodObj } from './types';

export interface PodOptions {
  /** the completion index of an Indexed Job's pod */
  index?: number;
  /** PodIndexLabel: the index is a label too, and the variable reads the label */
  indexLabel: boolean;
  /** backoffLimitPerIndex: the index failure-count annotations (per-index.ts) */
  failureCounts?: Record<string, string>;
}

export function podForJob(job: JobObj, opts: PodOptions): PodObj {
  const template = job.spec.template;
  const meta = template.metadata ?? {};
  const spec = clone(template.spec ?? { containers: [] }) as NonNullable<PodObj['spec']>;
  const pod: PodObj = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: '',
      generateName: `${job.metadata.name}-`,
      namespace: job.metadata.namespace,
      labels: { ...(meta.labels ?? {}) },
      ownerReferences: [newControllerRef(job, JOB_GVK)],
      finalizers: withTrackingFinalizer(meta.finalizers ?? []),
    },
    spec,
  };
  if (meta.annotations) pod.metadata.annotations = { ...meta.annotations };
  if (opts.index !== undefined) addCompletionIndex(pod, job.metadata.name, opts.index, opts.indexLabel);
  if (opts.failureCounts) pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), ...opts.failureCounts };
  return pod;
}

function withTrackingFinalizer(finalizers: readonly string[]): string[] {
  return finalizers.includes(TRACKING_FINALIZER) ? [...finalizers] : [...finalizers, TRACKING_FINALIZER];
}

function addCompletionIndex(pod: PodObj, jobName: string, index: number, indexLabel: boolean): void {
  const value = String(index);
  pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), [COMPLETION_INDEX_KEY]: value };
  if (indexLabel) pod.metadata.labels = { ...(pod.metadata.labels ?? {}), [COMPLETION_INDEX_KEY]: value };
  pod.metadata.generateName = generateNameWithIndex(jobName, index);
  const spec = pod.spec!;
  spec.hostname = `${jobName}-${index}`;
  const fieldPath = indexLabel ? `metadata.labels['${COMPLETION_INDEX_KEY}']` : `metadata.annotations['${COMPLETION_INDEX_KEY}']`;
  for (const c of [...(spec.initContainers ?? []), ...spec.containers]) addIndexVariable(c as Container & { env?: EnvVar[] }, fieldPath);
}

/** addCompletionIndexEnvVariable: unless the container already sets the variable. */
function addIndexVariable(c: Container & { env?: EnvVar[] }, fieldPath: string): void {
  if (c.env?.some((e) => e.name === COMPLETION_INDEX_ENV)) return;
  c.env = [...(c.env ?? []), { name: COMPLETION_INDEX_ENV, valueFrom: { fieldRef: { fieldPath } } }];
}
