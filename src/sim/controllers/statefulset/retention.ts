/**
 * persistentVolumeClaimRetentionPolicy, implemented as upstream does with owner references on
 * the claims, which the garbage collector follows (stateful_set_utils.go isClaimOwnerUpToDate,
 * updateClaimOwnerRefForSetAndPod, hasUnexpectedController, hasStaleOwnerRef; the controller-ref
 * form from kubernetes PR #122499, KEP-1847):
 *
 *   whenScaled Retain, whenDeleted Retain : no reference
 *   whenScaled Retain, whenDeleted Delete : the set is the claim's controller
 *   whenScaled Delete, whenDeleted Retain : the pod is the controller, only once scaled away
 *   whenScaled Delete, whenDeleted Delete : the set while the ordinal is wanted, the pod once condemned
 */
import type { OwnerReference } from 'kubernetes-types/meta/v1';
import { uidOf, type KObject } from '../../../kube/object';
import { inOrdinalRange } from './identity';
import { type ClaimObj, type Gvk, type PodObj, type StatefulSetObj, POD_GVK, STATEFULSET_GVK, newControllerRef } from './types';

export type RetentionType = 'Retain' | 'Delete';

export interface RetentionPolicy {
  whenDeleted: RetentionType;
  whenScaled: RetentionType;
}

/** getPersistentVolumeClaimRetentionPolicy: Retain/Retain unless the set says otherwise. */
export function retentionPolicy(set: StatefulSetObj): RetentionPolicy {
  const p = set.spec.persistentVolumeClaimRetentionPolicy;
  return {
    whenDeleted: p?.whenDeleted === 'Delete' ? 'Delete' : 'Retain',
    whenScaled: p?.whenScaled === 'Delete' ? 'Delete' : 'Retain',
  };
}

function refsOf(claim: ClaimObj): OwnerReference[] {
  return claim.metadata.ownerReferences ?? [];
}

/** matchesRef: same group/version, kind and name (the uid may differ). */
function matchesRef(ref: OwnerReference, obj: KObject, gvk: Gvk): boolean {
  return ref.apiVersion === gvk.apiVersion && ref.kind === gvk.kind && ref.name === obj.metadata.name;
}

/** hasOwnerRef: any reference with the owner's uid. */
function hasOwnerRef(claim: ClaimObj, owner: KObject): boolean {
  return refsOf(claim).some((r) => r.uid === uidOf(owner));
}

/** hasStaleOwnerRef: a reference naming this object whose uid is another incarnation's. */
export function hasStaleOwnerRef(claim: ClaimObj, obj: KObject, gvk: Gvk): boolean {
  const ref = refsOf(claim).find((r) => matchesRef(r, obj, gvk));
  return !!ref && ref.uid !== uidOf(obj);
}

/**
 * hasUnexpectedController: under a non-Retain policy, some controller other than this set or
 * pod manages the claim (or a reference to our names carries another uid).
 */
export function hasUnexpectedController(claim: ClaimObj, set: StatefulSetObj, pod: PodObj): boolean {
  const policy = retentionPolicy(set);
  if (policy.whenScaled === 'Retain' && policy.whenDeleted === 'Retain') return false;
  for (const ref of refsOf(claim)) {
    if (matchesRef(ref, set, STATEFULSET_GVK)) {
      if (ref.uid !== uidOf(set)) return true;
      continue;
    }
    if (matchesRef(ref, pod, POD_GVK)) {
      if (ref.uid !== uidOf(pod)) return true;
      continue;
    }
    if (ref.controller) return true;
  }
  return false;
}

/** hasNonControllerOwner: the set or pod is an owner without the controller flag (the first beta's form). */
function hasNonControllerOwner(claim: ClaimObj, set: StatefulSetObj, pod: PodObj): boolean {
  return refsOf(claim).some((r) => (r.uid === uidOf(set) || r.uid === uidOf(pod)) && !r.controller);
}

/** isClaimOwnerUpToDate */
export function isClaimOwnerUpToDate(claim: ClaimObj, set: StatefulSetObj, pod: PodObj): boolean {
  // A claim managed by a previous incarnation of the set or pod is left alone.
  if (hasStaleOwnerRef(claim, set, STATEFULSET_GVK) || hasStaleOwnerRef(claim, pod, POD_GVK)) return true;
  if (hasUnexpectedController(claim, set, pod)) {
    // Our own references must go; otherwise the other controller keeps it as it is.
    return !(hasOwnerRef(claim, set) || hasOwnerRef(claim, pod));
  }
  if (hasNonControllerOwner(claim, set, pod)) return false;
  const want = wantedOwners(set, pod);
  return hasOwnerRef(claim, set) === want.set && hasOwnerRef(claim, pod) === want.pod;
}

/** Which of set and pod should own the claim under the policy. */
function wantedOwners(set: StatefulSetObj, pod: PodObj): { set: boolean; pod: boolean } {
  const policy = retentionPolicy(set);
  const scaledDown = !inOrdinalRange(pod, set);
  if (policy.whenScaled === 'Retain') return { set: policy.whenDeleted === 'Delete', pod: false };
  if (policy.whenDeleted === 'Retain') return { set: false, pod: scaledDown };
  return { set: !scaledDown, pod: scaledDown };
}

/**
 * updateClaimOwnerRefForSetAndPod: drop our references (by name and kind), then add controller
 * references as the policy wants, unless another controller manages the claim.
 */
export function updateClaimOwnerRefs(claim: ClaimObj, set: StatefulSetObj, pod: PodObj): void {
  const unexpected = hasUnexpectedController(claim, set, pod);
  let refs = refsOf(claim).filter((r) => !(matchesRef(r, set, STATEFULSET_GVK) || matchesRef(r, pod, POD_GVK)));
  if (!unexpected) {
    const want = wantedOwners(set, pod);
    if (want.pod) refs = addControllerRef(refs, pod, POD_GVK);
    if (want.set) refs = addControllerRef(refs, set, STATEFULSET_GVK);
  }
  if (refs.length) claim.metadata.ownerReferences = refs;
  else delete claim.metadata.ownerReferences;
}

function addControllerRef(refs: OwnerReference[], owner: KObject, gvk: Gvk): OwnerReference[] {
  if (refs.some((r) => r.uid === uidOf(owner))) return refs;
  return [...refs, newControllerRef(owner, gvk)];
}
