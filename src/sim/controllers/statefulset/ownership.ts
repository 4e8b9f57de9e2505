/**
 * Which pods and revisions a StatefulSet controls: adoption of matching orphans and release of
 * owned objects that no longer match (pkg/controller/controller_ref_manager.go ClaimObject /
 * ClaimPods, stateful_set.go getPodsForStatefulSet, adoptOrphanRevisions, canAdoptFunc).
 */
import type { OwnerReference } from 'kubernetes-types/meta/v1';
import { controllerRef, type KObject } from '../../../kube/object';
import { labelSelectorMatches } from '../../../kube/labels';
import type { ApiServer } from '../../apiserver/store';
import { SyncError, aggregate, isApiReason, messageOf } from './errors';
import type { History } from './history';
import { isMemberOf } from './identity';
import type { OrphanIndex } from '../shared/orphan-index';
import { type PodObj, type StatefulSetObj, STATEFULSET_GVK, newControllerRef } from './types';

export function selectorMatches(set: StatefulSetObj, obj: KObject): boolean {
  return labelSelectorMatches(set.spec.selector, obj.metadata.labels);
}

/**
 * RecheckDeletionTimestamp: before adopting, re-read the set; a set that is gone, replaced or
 * being deleted must not adopt.
 */
export function checkCanAdopt(api: ApiServer, set: StatefulSetObj): void {
  const { namespace, name } = set.metadata;
  const fresh = api.get<StatefulSetObj>('StatefulSet', namespace, name);
  if (!fresh) throw new SyncError(`statefulsets.apps "${name}" not found`);
  if (fresh.metadata.uid !== set.metadata.uid) {
    throw new SyncError(`original StatefulSet ${namespace}/${name} is gone: got uid ${fresh.metadata.uid}, wanted ${set.metadata.uid}`);
  }
  if (fresh.metadata.deletionTimestamp) {
    throw new SyncError(`${namespace}/${name} has just been deleted at ${fresh.metadata.deletionTimestamp}`);
  }
}

export class PodClaimer {
  constructor(
    private readonly api: ApiServer,
    private readonly orphanPods: OrphanIndex,
  ) {}

  /**
   * getPodsForStatefulSet: candidates are the pods the set controls (the store's owner index)
   * and the namespace's orphans (FilterPodsByOwner); ClaimPods keeps owned pods that still match
   * (selector and `<set>-<ordinal>` name), releases owned ones that don't, adopts matching
   * orphans. Any failed adoption or release fails the sync.
   */
  claim(set: StatefulSetObj): PodObj[] {
    const claimed: PodObj[] = [];
    const errors: unknown[] = [];
    let canAdopt: unknown = null; // checked once, on the first adoption
    for (const pod of this.candidates(set)) {
      const ref = controllerRef(pod);
      const match = selectorMatches(set, pod) && isMemberOf(set, pod);
      if (ref) {
        if (ref.uid !== set.metadata.uid) continue;
        if (match) claimed.push(pod);
        // Still ours while being deleted: releasing needs a write, so it waits.
        else if (!set.metadata.deletionTimestamp) this.tryWrite(() => this.release(set, pod), errors);
        continue;
      }
      if (set.metadata.deletionTimestamp || !match || pod.metadata.deletionTimestamp) continue;
      if (canAdopt === null) canAdopt = attempt(() => checkCanAdopt(this.api, set));
      if (canAdopt !== undefined) {
        errors.push(new SyncError(`can't adopt Pod ${pod.metadata.namespace}/${pod.metadata.name} (${pod.metadata.uid}): ${messageOf(canAdopt)}`));
        continue;
      }
      const adopted = this.tryWrite(() => this.adopt(set, pod), errors);
      if (adopted) claimed.push(adopted);
    }
    const err = aggregate(errors);
    if (err) throw err;
    return claimed;
  }

  private candidates(set: StatefulSetObj): PodObj[] {
    const ns = set.metadata.namespace;
    const byName = new Map<string, PodObj>();
    for (const o of this.api.dependents(set.metadata.uid ?? '')) {
      if (o.kind === 'Pod' && o.metadata.namespace === ns) byName.set(o.metadata.name, o as PodObj);
    }
    for (const name of this.orphanPods.names(ns ?? '')) {
      const pod = this.api.get<PodObj>('Pod', ns, name);
      if (pod) byName.set(name, pod);
    }
    return [...byName.keys()].sort().map((n) => byName.get(n)!);
  }

  /** A write whose NotFound means the pod is gone (ignored); other failures are collected. */
  private tryWrite(write: () => PodObj, errors: unknown[]): PodObj | undefined {
    try {
      return write();
    } catch (err) {
      if (!isApiReason(err, 'NotFound')) errors.push(err);
      return undefined;
    }
  }

  /** AdoptPod: a strategic-merge patch appending the controller ref. */
  private adopt(set: StatefulSetObj, pod: PodObj): PodObj {
    const refs: OwnerReference[] = [...(pod.metadata.ownerReferences ?? []), newControllerRef(set, STATEFULSET_GVK)];
    return this.api.update<PodObj>({ ...pod, metadata: { ...pod.metadata, ownerReferences: refs } });
  }

  /** ReleasePod: a patch deleting the reference with the set's uid. */
  private release(set: StatefulSetObj, pod: PodObj): PodObj {
    const refs = (pod.metadata.ownerReferences ?? []).filter((r) => r.uid !== set.metadata.uid);
    const metadata = { ...pod.metadata, ownerReferences: refs };
    if (!refs.length) delete (metadata as { ownerReferences?: unknown }).ownerReferences;
    return this.api.update<PodObj>({ ...pod, metadata });
  }
}

/** adoptOrphanRevisions: revisions matching the selector that nobody controls become the set's. */
export function adoptOrphanRevisions(api: ApiServer, history: History, set: StatefulSetObj): void {
  const orphans = history.list(set, (l) => labelSelectorMatches(set.spec.selector, l)).filter((r) => !controllerRef(r));
  if (!orphans.length) return;
  const cannot = attempt(() => checkCanAdopt(api, set));
  if (cannot !== undefined) throw new SyncError(`can't adopt ControllerRevisions: ${messageOf(cannot)}`);
  for (const r of orphans) history.adopt(set, r);
}

/** Runs `fn`; returns what it threw, or undefined. */
function attempt(fn: () => void): unknown {
  try {
    fn();
    return undefined;
  } catch (err) {
    return err;
  }
}
