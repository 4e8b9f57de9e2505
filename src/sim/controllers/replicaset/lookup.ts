/**
 * Finding a ReplicaSet's pods and its siblings without scanning the cluster: the store's owner
 * index (api.dependents) gives what a controller owns, and an orphan index gives adoption
 * candidates (controller.FilterPodsByOwner with includeOrphanedObjects).
 */
import { controllerRef, type KObject } from '../../../kube/object';
import { labelSelectorMatches } from '../../../kube/labels';
import type { ApiServer } from '../../apiserver/store';
import type { OrphanIndex } from '../statefulset/orphans';
import type { PodObj, ReplicaSetObj } from './types';

/** Objects of `kind` whose controller ref names `ownerUid`. */
export function controlledBy<T extends KObject>(api: ApiServer, ownerUid: string | undefined, kind: string): T[] {
  if (!ownerUid) return [];
  return api.dependents(ownerUid).filter((o) => o.kind === kind && controllerRef(o)?.uid === ownerUid) as T[];
}

/** Objects of the index's kind without a controller in `namespace`, by name. */
export function orphansIn<T extends KObject>(api: ApiServer, orphans: OrphanIndex, namespace: string): T[] {
  return orphans.names(namespace).flatMap((n) => {
    const o = api.get<T>(orphans.kind, namespace, n);
    return o ? [o] : [];
  });
}

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

/** GetPodReplicaSets: ReplicaSets of the pod's namespace whose (non-empty) selector selects it. */
export function replicaSetsSelecting(api: ApiServer, pod: KObject): ReplicaSetObj[] {
  return api.list<ReplicaSetObj>('ReplicaSet', pod.metadata.namespace).filter((rs) => {
    const sel = rs.spec.selector;
    const empty = !sel || (!Object.keys(sel.matchLabels ?? {}).length && !(sel.matchExpressions ?? []).length);
    return !empty && labelSelectorMatches(sel, pod.metadata.labels);
  });
}
