/**
 * Which pods a PodDisruptionBudget covers, and which budgets cover a pod. policy/v1 selectors
 * follow metav1.LabelSelectorAsSelector: an absent selector selects nothing, an empty one
 * everything (client-go listers/policy/v1 GetPodPodDisruptionBudgets: "Unlike the v1beta version,
 * here we let an empty selector match everything"). The eviction subresource is stricter: it
 * ignores budgets whose selector is empty (eviction.go getPodDisruptionBudgets).
 */
import { fromLabelSelector, labelSelectorMatches } from '../../../kube/labels';
import type { ApiServer } from '../../apiserver/store';
import type { PodObj } from '../../../kube/pod-state';
import type { PdbObj } from './types';

const byName = (a: { metadata: { name: string } }, b: { metadata: { name: string } }) =>
  a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;

/** getPodsForPdb: the pods of the budget's namespace its selector matches, by name. */
export function podsForPdb(api: ApiServer, pdb: PdbObj): PodObj[] {
  return api.list<PodObj>('Pod', pdb.metadata.namespace)
    .filter((p) => labelSelectorMatches(pdb.spec?.selector, p.metadata.labels))
    .sort(byName);
}

/**
 * GetPodPodDisruptionBudgets: the budgets whose selector matches the pod. Upstream returns them
 * in informer-cache order (unspecified); sorted by name here so "the first" is deterministic.
 */
export function pdbsForPod(api: ApiServer, pod: PodObj): PdbObj[] {
  return api.list<PdbObj>('PodDisruptionBudget', pod.metadata.namespace)
    .filter((b) => labelSelectorMatches(b.spec?.selector, pod.metadata.labels))
    .sort(byName);
}

/** The budgets the eviction subresource enforces for a pod: those above minus empty selectors. */
export function evictionPdbsForPod(api: ApiServer, pod: PodObj): PdbObj[] {
  return pdbsForPod(api, pod).filter((b) => fromLabelSelector(b.spec?.selector).length > 0);
}
