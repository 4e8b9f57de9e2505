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
import { activeByNode } from './victims';

/** FilterPodsByOwner(rs, includeOrphans=true): the pods it controls plus every orphan pod of its namespace. */
export function podCandidates(api: ApiServer, orphans: OrphanIndex, rs: ReplicaSetObj): PodObj[] {
  return [...controlledBy<PodObj>(api, rs.metadata.uid, 'Pod'), ...orphansIn<PodObj>(api, orphans, rs.metadata.namespace ?? 'default')];
}

/**
 * getIndirectlyRelatedPods, counted by node as getPodsRankedByRelatedPodsOnSameNode uses them: the
 * active pods selected by any ReplicaSet with the same controller (e.g. every revision of one
 * Deployment), each once. A ReplicaSet without a controller has none. Upstream lists every pod of
 * the namespace per selector; we take each sibling's own active, selected pods as `ownActiveByNode`
 * counts them (the tally keeps them from pod deltas: listing them cost a scale-down of n pods n
 * each time, in batches of 500) and add the orphans, which differs only for pods another
 * controller owns that carry a sibling's pod-template-hash.
 */
export function relatedActiveByNode(
  api: ApiServer, orphans: OrphanIndex, rs: ReplicaSetObj,
  ownActiveByNode: (sibling: ReplicaSetObj) => ReadonlyMap<string, number>,
): Map<string, number> {
  const onNode = new Map<string, number>();
  const owner = controllerRef(rs);
  if (!owner) return onNode;
  const unowned = orphansIn<PodObj>(api, orphans, rs.metadata.namespace ?? 'default');
  const counted = new Set<PodObj>();
  for (const sibling of controlledBy<ReplicaSetObj>(api, owner.uid, 'ReplicaSet')) {
    for (const [node, n] of ownActiveByNode(sibling)) onNode.set(node, (onNode.get(node) ?? 0) + n);
    for (const pod of unowned) {
      if (!counted.has(pod) && labelSelectorMatches(sibling.spec.selector, pod.metadata.labels)) counted.add(pod);
    }
  }
  return activeByNode(counted, onNode);
}
