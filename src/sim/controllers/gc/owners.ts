/**
 * Facts the garbage collector reads off one object's metadata (garbagecollector.go, graph.go):
 * deletion state, its finalizers, and the owner references it blocks on.
 */
import type { OwnerReference } from 'kubernetes-types/meta/v1';
import type { KObject } from '../../../kube/object';
import { FOREGROUND_FINALIZER, ORPHAN_FINALIZER } from '../../apiserver/store';

export function isBeingDeleted(o: KObject): boolean {
  return !!o.metadata.deletionTimestamp;
}

export function hasFinalizer(o: KObject, finalizer: string): boolean {
  return (o.metadata.finalizers ?? []).includes(finalizer);
}

/** isDeletingDependents: foreground deletion in progress (deletionTimestamp + foregroundDeletion). */
export function isDeletingDependents(o: KObject): boolean {
  return isBeingDeleted(o) && hasFinalizer(o, FOREGROUND_FINALIZER);
}

/** The object waits for its dependents to be orphaned (deletionTimestamp + orphan). */
export function isOrphaningDependents(o: KObject): boolean {
  return isBeingDeleted(o) && hasFinalizer(o, ORPHAN_FINALIZER);
}

/**
 * deletionStartsWithFinalizer: the object is now being deleted with `finalizer`, and was not before
 * (or this is the first time the collector sees it).
 */
export function deletionStartsWith(now: KObject, old: KObject | undefined, finalizer: string): boolean {
  if (!isBeingDeleted(now) || !hasFinalizer(now, finalizer)) return false;
  return !old || !isBeingDeleted(old) || !hasFinalizer(old, finalizer);
}

export function ownerRefs(o: KObject): OwnerReference[] {
  return o.metadata.ownerReferences ?? [];
}

/** The dependent's reference to `ownerUid` blocks the owner's foreground deletion. */
export function blocksOwner(dependent: KObject, ownerUid: string): boolean {
  return ownerRefs(dependent).some((r) => r.uid === ownerUid && r.blockOwnerDeletion === true);
}

/**
 * Owners whose foreground deletion may now proceed after `now` replaced `old`: references that
 * were blocking and are gone or no longer block (graph_builder.go addUnblockedOwnersToDeleteQueue).
 */
export function unblockedOwnerUids(old: KObject, now: KObject | undefined): string[] {
  const current = new Map(ownerRefs(now ?? old).map((r) => [r.uid, r]));
  return ownerRefs(old)
    .filter((r) => r.blockOwnerDeletion === true)
    .filter((r) => !now || !current.has(r.uid) || current.get(r.uid)!.blockOwnerDeletion !== true)
    .map((r) => r.uid);
}
