/**
 * POST pods/<name>/eviction (pkg/registry/core/pod/storage/eviction.go EvictionREST.Create): a
 * delete that honours the pod's PodDisruptionBudget.
 * - A pod that is Pending, Succeeded, Failed or already being deleted is deleted without looking
 *   at budgets (canIgnorePDB).
 * - More than one budget selecting the pod: 500 "This pod has more than one PodDisruptionBudget,
 *   which the eviction subresource does not support."
 * - A pod that is not Ready is deleted without spending the budget when the budget's
 *   unhealthyPodEvictionPolicy is AlwaysAllow, or (IfHealthyBudget, the default) when
 *   currentHealthy >= desiredHealthy > 0; otherwise it is checked like a healthy pod.
 * - checkAndDecrement: a budget whose status lags its generation answers 429 ("still being
 *   processed"); disruptionsAllowed 0 answers 429 "Cannot evict pod as it would violate the pod's
 *   disruption budget." with a DisruptionBudget cause; else disruptionsAllowed is decremented and
 *   the pod recorded in status.disruptedPods (with the DisruptionAllowed condition updated when
 *   it reaches 0) before the pod is deleted.
 * - The delete first adds the pod condition DisruptionTarget=True (reason EvictionByEvictionAPI;
 *   feature PodDisruptionConditions, on by default since 1.26 and GA in 1.31, so in every
 *   supported version), then deletes with the request's grace period (default: the pod's own).
 * Dry run, resourceVersion/uid preconditions and the conflict retries are not modelled: the
 * simulator serves one request at a time, so nothing can race the eviction.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { ApiError } from '../../errors';
import { withCondition } from '../../kube/pod-condition';
import {
  ALWAYS_ALLOW, DISRUPTION_TARGET, evictionPdbsForPod, pdbStatusFields, withDisruptionAllowedCondition, type PdbObj, type PdbStatus,
} from '../controllers/disruption';
import { isPodReady, type PodObj } from '../../kube/pod-state';
import { typeForKind } from '../../kube/registry';
import { DetailedApiError, notFound } from '../../kube/status-errors';
import type { ApiServer } from './store';

export interface EvictionRequest {
  namespace: string;
  name: string;
  /** DeleteOptions.gracePeriodSeconds of the Eviction; default: the pod's terminationGracePeriodSeconds */
  gracePeriodSeconds?: number;
}

/** MaxDisruptedPodSize: budgets with more unconfirmed evictions than this refuse further ones. */
export const MAX_DISRUPTED_POD_SIZE = 2000;

export const EVICTION_REFUSED = "Cannot evict pod as it would violate the pod's disruption budget.";
export const MULTIPLE_BUDGETS = 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.';

/** Evicts the pod, or throws the ApiError the API server answers with. */
export function evictPod(api: ApiServer, req: EvictionRequest): void {
  const pod = api.get<PodObj>('Pod', req.namespace, req.name);
  if (!pod) throw notFound(typeForKind('Pod'), req.name);
  if (!canIgnorePdb(pod)) guardWithBudget(api, pod);
  addConditionAndDelete(api, pod, req.gracePeriodSeconds);
}

/** canIgnorePDB: the pod is already disrupted (terminal), not running yet, or on its way out. */
function canIgnorePdb(pod: PodObj): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || !!pod.metadata.deletionTimestamp;
}

/** Returns when the pod may be deleted; throws when its budget refuses. */
function guardWithBudget(api: ApiServer, pod: PodObj): void {
  const pdbs = evictionPdbsForPod(api, pod);
  // Upstream returns this as a Status object with code 500 and no reason.
  if (pdbs.length > 1) throw new ApiError(500, '', MULTIPLE_BUDGETS);
  const pdb = pdbs[0];
  if (!pdb) return;
  if (!isPodReady(pod) && unhealthyPodMayGo(pdb)) return;
  checkAndDecrement(api, pdb, pod.metadata.name);
}

/** The unhealthy-pod branch: such a pod does not count towards the budget, so deleting it spends nothing. */
function unhealthyPodMayGo(pdb: PdbObj): boolean {
  if (pdb.spec?.unhealthyPodEvictionPolicy === ALWAYS_ALLOW) return true;
  const status = pdb.status;
  return !!status && status.currentHealthy >= status.desiredHealthy && status.desiredHealthy > 0;
}

function checkAndDecrement(api: ApiServer, pdb: PdbObj, podName: string): void {
  const status: PdbStatus = pdb.status ?? { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 };
  if ((status.observedGeneration ?? 0) < (pdb.metadata.generation ?? 0)) {
    throw tooManyRequests(`The disruption budget ${pdb.metadata.name} is still being processed by the server.`);
  }
  if (status.disruptionsAllowed < 0) throw budgetForbidden(pdb, 'pdb disruptions allowed is negative');
  if (Object.keys(status.disruptedPods ?? {}).length > MAX_DISRUPTED_POD_SIZE) {
    throw budgetForbidden(pdb, 'DisruptedPods map too big - too many evictions not confirmed by PDB controller');
  }
  if (status.disruptionsAllowed === 0) {
    throw tooManyRequests(`The disruption budget ${pdb.metadata.name} needs ${status.desiredHealthy} healthy pods and has ${status.currentHealthy} currently`);
  }
  const now = api.timestamp();
  let next: PdbStatus = { ...status, disruptionsAllowed: status.disruptionsAllowed - 1 };
  if (next.disruptionsAllowed === 0) next = withDisruptionAllowedCondition(next, now);
  // Tells the disruption controller not to count the pod as healthy while its deletion is on the way.
  next.disruptedPods = { ...(status.disruptedPods ?? {}), [podName]: now };
  api.updateStatus({ ...pdb, status: pdbStatusFields(next) });
}

/** errors.NewTooManyRequests with a DisruptionBudget cause (Retry-After is not modelled). */
function tooManyRequests(cause: string): ApiError {
  return new ApiError(429, 'TooManyRequests', EVICTION_REFUSED, [{ reason: 'DisruptionBudget', message: cause }]);
}

/** errors.NewForbidden(policy.Resource("poddisruptionbudget"), ...): upstream names the resource in the singular. */
function budgetForbidden(pdb: PdbObj, why: string): ApiError {
  const name = pdb.metadata.name;
  return new DetailedApiError(403, 'Forbidden', `poddisruptionbudget.policy "${name}" is forbidden: ${why}`, { group: 'policy', kind: 'poddisruptionbudget', name });
}

/** addConditionAndDeletePod: DisruptionTarget=True on the status, then the (graceful) delete. */
function addConditionAndDelete(api: ApiServer, pod: PodObj, gracePeriodSeconds: number | undefined): void {
  const status = withCondition((pod as Pod).status, {
    type: DISRUPTION_TARGET, status: 'True', reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting',
  }, api.timestamp());
  if (status) api.updateStatus({ ...pod, status });
  api.delete('Pod', pod.metadata.namespace, pod.metadata.name, gracePeriodSeconds === undefined ? {} : { gracePeriodSeconds });
}
