/**
 * How a workload controller relates objects to their owners without scanning the cluster, the
 * pieces every upstream controller repeats on its listers:
 * - the objects an owner controls, from the store's owner index (api.dependents), and the
 *   orphans it may adopt, from an OrphanIndex (controller.FilterPodsByOwner);
 * - resolveControllerRef: the owner a controller ref names, if it still is that object;
 * - the owners whose selector selects an orphan (the listers' GetPodReplicaSets,
 *   GetPodDaemonSets, GetPodStatefulSets, GetPodJobs, GetDeploymentsForReplicaSet).
 */
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import { labelSelectorMatches } from '../../../kube/labels';
import { controllerRef, type KObject } from '../../../kube/object';
import type { ApiServer } from '../../apiserver/store';
import type { OrphanIndex } from './orphan-index';

/** Objects of `kind` whose controller ref names `ownerUid`, by namespace/name. */
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

/** resolveControllerRef: the `kind` object the ref names in `namespace`, if its uid still agrees. */
export function resolveControllerRef<T extends KObject>(
  api: ApiServer, kind: string, namespace: string | undefined, ref: { kind: string; name: string; uid: string } | undefined,
): T | undefined {
  if (!ref || ref.kind !== kind) return undefined;
  const owner = api.get<T>(kind, namespace, ref.name);
  return owner && owner.metadata.uid === ref.uid ? owner : undefined;
}

/** A selector with neither matchLabels nor matchExpressions (or none at all). */
export function isEmptySelector(sel: LabelSelector | undefined): boolean {
  return !sel || (!Object.keys(sel.matchLabels ?? {}).length && !(sel.matchExpressions ?? []).length);
}

type Selecting = KObject & { spec: { selector?: LabelSelector } };

/**
 * The listers' GetPod<Owner>s: objects of `kind` in `obj`'s namespace, in creation order, whose
 * non-empty selector selects it. Only orphans are looked up this way (an owned object's owner is
 * its controller ref); an object without labels has none, as upstream returns early for it.
 */
export function ownersSelecting<T extends Selecting>(api: ApiServer, kind: string, obj: KObject): T[] {
  if (!Object.keys(obj.metadata.labels ?? {}).length) return [];
  return api.list<T>(kind, obj.metadata.namespace)
    .filter((o) => !isEmptySelector(o.spec.selector) && labelSelectorMatches(o.spec.selector, obj.metadata.labels));
}
