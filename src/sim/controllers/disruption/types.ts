/**
 * Shapes the disruption controller and the eviction subresource read and write: store objects
 * (KObject metadata) with the typed spec/status of kubernetes-types, plus upstream's constants.
 */
import type { PodDisruptionBudgetSpec, PodDisruptionBudgetStatus } from 'kubernetes-types/policy/v1';
import type { Condition } from 'kubernetes-types/meta/v1';
import type { KObject, Mutable } from '../../../kube/object';

export type PdbCondition = Mutable<Condition>;
export type PdbStatus = Mutable<Omit<PodDisruptionBudgetStatus, 'conditions'>> & { conditions?: PdbCondition[] };
export type PdbObj = KObject & { spec?: PodDisruptionBudgetSpec; status?: PdbStatus };

/** The event source of upstream's recorder (disruption.go NewDisruptionControllerInternal). */
export const COMPONENT = 'controllermanager';

/**
 * DeletionTimeout (disruption.go): how long an entry of status.disruptedPods keeps a pod out of
 * currentHealthy while the controller waits to see the evicted pod marked for deletion.
 */
export const DELETION_TIMEOUT_MS = 2 * 60_000;

/**
 * stalePodDisruptionTimeout (disruption.go): a DisruptionTarget=True condition on a pod that is
 * still not being deleted this long after it was set is reset to False.
 */
export const STALE_POD_DISRUPTION_TIMEOUT_MS = 2 * 60_000;

/** policy/v1 condition type and reasons (k8s.io/api/policy/v1 types.go). */
export const DISRUPTION_ALLOWED = 'DisruptionAllowed';
export const SUFFICIENT_PODS = 'SufficientPods';
export const INSUFFICIENT_PODS = 'InsufficientPods';
export const SYNC_FAILED = 'SyncFailed';

/** policy/v1 UnhealthyPodEvictionPolicyType values. */
export const ALWAYS_ALLOW = 'AlwaysAllow';
