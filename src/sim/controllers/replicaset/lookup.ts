/**
 * Finding a ReplicaSet's pods and its siblings' pods without scanning the cluster, on the shared
 * owner lookups (controller.FilterPodsByOwner with includeOrphanedObjects).
 */
import { controllerRef } from '../../../kube/object';
import { labelSelectorMatches } from '../../../kube/labels';
import type { ApiServer } from '../../apiserver/store';
import type { OrphanIndex } from '../shared/orphan-index';
import { controlledBy, orphansIn } from '../shared/owner-lookup';
import type { PodObj, ReplicaSetObj } from './types';

/** FilterPodsByOwner(rs, includeOrphans=true): the pods it controls plus every orphan pod of its namespace. */
export function podCandidates(api: ApiServer, orphans: OrphanIndex, rs: ReplicaSetObj): PodObj[] {
  return [...controlledBy<PodObj>(api, rs.metadata.uid, 'Pod'), ...orphansIn<PodObj>(api, orphans, rs.metadata.namespace ?? 'default')];
}

/**
 * getIndirectlyRelatedPods: pods selected by any ReplicaSet with the same controller (e.g. every
 * revision of one Deployment), each once. A ReplicaSet without a controller has none. Upstream
 * lists every pod of the namespace per selector; we look at the siblings' own pods and the orphans,
 * which differs only for pods another controller owns that carry a sibling's pod-template-hash.
 */
export function relatedPods(api: ApiServer, orphans: OrphanIndex, rs: ReplicaSetObj): PodObj[] {
  const owner = controllerRef(rs);
  if (!owner) return [];
  const seen = new Map<string, PodObj>();
  for (const sibling of controlledBy<ReplicaSetObj>(api, owner.uid, 'ReplicaSet')) {
    for (const pod of podCandidates(api, orphans, sibling)) {
      if (!seen.has(pod.metadata.uid ?? '') && labelSelectorMatches(sibling.spec.selector, pod.metadata.labels)) {
        seen.set(pod.metadata.uid ?? '', pod);
      }
    }
  }
  return [...seen.values()];
}

