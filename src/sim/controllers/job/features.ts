/**
 * How the Job controller's behaviour changes across the emulated versions (1.29–1.35).
 *
 * - Terminal conditions are delayed (delayTerminalCondition: JobManagedBy || JobPodReplacementPolicy)
 *   from 1.31 (kubernetes#125510; docs "In Kubernetes v1.31 and later the Job controller delays the
 *   addition of the terminal conditions until all pods are terminated"): the controller first adds
 *   SuccessCriteriaMet / FailureTarget, removes the pod finalizers, and adds Complete / Failed only
 *   once no pod is terminating. Before 1.31 Complete and Failed come at once.
 * - JobSuccessPolicy (alpha 1.30, beta and on 1.31, GA 1.33; kubernetes#126067) gives the success
 *   conditions reason CompletionsReached and message "Reached expected number of succeeded pods";
 *   before, the Complete condition has neither.
 * - JobPodReplacementPolicy (beta and on from 1.29) makes status.terminating reported and counted
 *   (trackTerminatingPods), and podReplacementPolicy: Failed honoured: on in every emulated version.
 * - PodIndexLabel (on from 1.28): indexed pods get the completion index as a label too, and the
 *   JOB_COMPLETION_INDEX variable reads it from the label.
 * - JobManagedBy (beta and on from 1.32, GA 1.35): a Job whose spec.managedBy names another
 *   controller is left alone.
 * - JobBackoffLimitPerIndex (beta and on from 1.29, GA 1.33, gate gone in 1.36): on in every
 *   emulated version, so per-index.ts has no version switch.
 * - MutableSchedulingDirectivesForSuspendedJobs (beta and on from 1.36, kubernetes#135965):
 *   suspending a Job clears status.startTime.
 */
import { atLeast, type KubeVersion } from '../../../kube/version';
import { gateEnabled } from '../../../kube/defaults/feature-gates';

export function delaysTerminalCondition(v: KubeVersion): boolean {
  return atLeast(v, '1.31');
}

export function hasCompletionsReachedReason(v: KubeVersion): boolean {
  return atLeast(v, '1.31');
}

export function tracksTerminatingPods(v: KubeVersion): boolean {
  return gateEnabled('JobPodReplacementPolicy', v);
}

export function labelsCompletionIndex(v: KubeVersion): boolean {
  return gateEnabled('PodIndexLabel', v);
}

/** MutableSchedulingDirectivesForSuspendedJobs (KEP-5440, on from 1.36, kubernetes#135965). */
export function clearsStartTimeOnSuspend(v: KubeVersion): boolean {
  return gateEnabled('MutableSchedulingDirectivesForSuspendedJobs', v);
}

/** JobManagedBy (before 1.32 the API server drops spec.managedBy on create, disabled-fields.ts). */
export function honoursManagedBy(v: KubeVersion): boolean {
  return gateEnabled('JobManagedBy', v);
}

/** batch.JobControllerName: the value of spec.managedBy that means this controller. */
export const JOB_CONTROLLER_NAME = 'kubernetes.io/job-controller';

/**
 * managedByExternalController: the Job names another controller in spec.managedBy; the Job
 * controller neither syncs it nor takes the tracking finalizer off its pods.
 */
export function managedByExternalController(job: { spec: { managedBy?: string } }, v: KubeVersion): boolean {
  const by = job.spec.managedBy;
  return honoursManagedBy(v) && by !== undefined && by !== null && by !== JOB_CONTROLLER_NAME;
}
