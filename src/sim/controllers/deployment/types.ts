/**
 * Shapes and names the Deployment controller uses (k8s.io/api/apps/v1 types.go,
 * pkg/controller/deployment/util/deployment_util.go).
 */
import type { DeploymentCondition, DeploymentSpec, DeploymentStatus } from 'kubernetes-types/apps/v1';
import type { KObject } from '../../../kube/object';
import type { Gvk } from '../replicaset/types';

export type { PodObj, ReplicaSetObj, RsStatus } from '../replicaset/types';

/** kubernetes-types predates status.terminatingReplicas (added in 1.33). */
export type DeploymentStatusT = DeploymentStatus & { terminatingReplicas?: number };
export type DeploymentObj = KObject & { spec: DeploymentSpec; status?: DeploymentStatusT };
export type Condition = DeploymentCondition;

export const DEPLOYMENT_GVK: Gvk = { apiVersion: 'apps/v1', kind: 'Deployment' };
export const COMPONENT = 'deployment-controller';

/** The label and annotation names are Kubernetes knowledge kubectl shares (kube/workload-revisions). */
export {
  POD_TEMPLATE_HASH_LABEL as HASH_LABEL, REVISION_ANNOTATION, REVISION_HISTORY_ANNOTATION, DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION, ROLLBACK_TO_ANNOTATION, LAST_APPLIED_ANNOTATION,
} from '../../../kube/workload-revisions';

/** maxRevHistoryLengthInChars (deployment_controller.go) */
export const MAX_REV_HISTORY_LENGTH_IN_CHARS = 2000;

/** Condition reasons (deployment_util.go). */
export const Reason = {
  ReplicaSetUpdated: 'ReplicaSetUpdated',
  FailedRSCreate: 'ReplicaSetCreateError',
  NewReplicaSet: 'NewReplicaSetCreated',
  FoundNewRS: 'FoundNewReplicaSet',
  NewRSAvailable: 'NewReplicaSetAvailable',
  TimedOut: 'ProgressDeadlineExceeded',
  Paused: 'DeploymentPaused',
  Resumed: 'DeploymentResumed',
  MinimumReplicasAvailable: 'MinimumReplicasAvailable',
  MinimumReplicasUnavailable: 'MinimumReplicasUnavailable',
} as const;

export const MAX_INT32 = 2147483647;

export function replicasOf(o: { spec?: { replicas?: number } }): number {
  return o.spec?.replicas ?? 1;
}

/** HasProgressDeadline: set and not MaxInt32. */
export function hasProgressDeadline(d: DeploymentObj): boolean {
  const s = d.spec.progressDeadlineSeconds;
  return s !== undefined && s !== null && s !== MAX_INT32;
}

/** HasRevisionHistoryLimit: set and not MaxInt32. */
export function hasRevisionHistoryLimit(d: DeploymentObj): boolean {
  const l = d.spec.revisionHistoryLimit;
  return l !== undefined && l !== null && l !== MAX_INT32;
}
