/**
 * Creating, updating and deleting a StatefulSet's pods and their claims, with upstream's events
 * (pkg/controller/statefulset/stateful_pod_control.go StatefulPodControl). Every event is about
 * the StatefulSet, from "statefulset-controller". Failures are thrown (Go returns them).
 */
import { clone } from '../../../kube/object';
import type { ApiServer } from '../../apiserver/store';
import type { EventRecorder } from '../../events';
import { SyncError, aggregate, isApiReason, messageOf } from './errors';
import { claimName, claimsFor, identityMatches, ordinalOf, storageMatches, templatesOf, updateIdentity, updateStorage } from './identity';
import { hasStaleOwnerRef, hasUnexpectedController, isClaimOwnerUpToDate, retentionPolicy, updateClaimOwnerRefs } from './retention';
import { type ClaimObj, type PodObj, type StatefulSetObj, COMPONENT, POD_GVK } from './types';

type Verb = 'create' | 'update' | 'delete';

const TITLE: Record<Verb, string> = { create: 'Create', update: 'Update', delete: 'Delete' };

export class StatefulPodControl {
  constructor(
    private readonly api: ApiServer,
    private readonly events: EventRecorder,
  ) {}

  /** CreateStatefulPod: claims first, then the pod, then the claims' retention owner refs. */
  createStatefulPod(set: StatefulSetObj, pod: PodObj): void {
    try {
      this.createClaims(set, pod);
    } catch (err) {
      this.recordPodEvent('create', set, pod, err);
      throw err;
    }
    try {
      this.api.create(pod);
    } catch (err) {
      // "sink already exists errors": returned without an event.
      if (!isApiReason(err, 'AlreadyExists')) this.recordPodEvent('create', set, pod, err);
      throw err;
    }
    try {
      this.updatePodClaimForRetentionPolicy(set, pod);
    } catch (err) {
      this.recordPodEvent('update', set, pod, err);
      throw err;
    }
    this.recordPodEvent('create', set, pod);
  }

  /**
   * UpdateStatefulPod: restore identity labels, claim volumes (creating missing claims) and the
   * claims' retention refs; write the pod only if something was off.
   */
  updateStatefulPod(set: StatefulSetObj, current: PodObj): void {
    const pod = clone(current);
    let consistent = true;
    try {
      if (!identityMatches(set, pod)) {
        updateIdentity(set, pod);
        consistent = false;
      }
      if (!storageMatches(set, pod)) {
        updateStorage(set, pod);
        consistent = false;
        this.createClaims(set, pod);
      }
      if (!this.claimsMatchRetentionPolicy(set, pod)) {
        this.updatePodClaimForRetentionPolicy(set, pod);
        consistent = false;
      }
    } catch (err) {
      this.recordPodEvent('update', set, pod, err);
      throw err;
    }
    if (consistent) return;
    try {
      this.api.update(pod);
    } catch (err) {
      this.recordPodEvent('update', set, pod, err);
      throw err;
    }
    this.recordPodEvent('update', set, pod);
  }

  /** DeleteStatefulPod: a plain DELETE (default grace period); claims are not touched. */
  deleteStatefulPod(set: StatefulSetObj, pod: PodObj): void {
    try {
      this.api.delete('Pod', pod.metadata.namespace, pod.metadata.name);
    } catch (err) {
      this.recordPodEvent('delete', set, pod, err);
      throw err;
    }
    this.recordPodEvent('delete', set, pod);
  }

  /** ClaimsMatchRetentionPolicy: every existing claim's owner refs agree with the policy. */
  claimsMatchRetentionPolicy(set: StatefulSetObj, pod: PodObj): boolean {
    return this.existingClaims(set, pod).every((c) => isClaimOwnerUpToDate(c, set, pod));
  }

  /** UpdatePodClaimForRetentionPolicy: fix the owner refs of claims that disagree. */
  updatePodClaimForRetentionPolicy(set: StatefulSetObj, pod: PodObj): void {
    for (const existing of this.existingClaims(set, pod)) {
      const name = existing.metadata.name;
      if (hasUnexpectedController(existing, set, pod)) {
        // "manging" is upstream's spelling.
        this.events.record(set, 'Warning', 'ConflictingController',
          `PersistentVolumeClaim ${name} has a conflicting OwnerReference that acts as a manging controller, the retention policy is ignored for this claim`,
          COMPONENT);
      }
      if (isClaimOwnerUpToDate(existing, set, pod)) continue;
      const claim = clone(existing);
      updateClaimOwnerRefs(claim, set, pod);
      try {
        this.api.update(claim);
      } catch (err) {
        throw new SyncError(`could not update claim ${name} for delete policy ownerRefs: ${messageOf(err)}`);
      }
    }
  }

  /**
   * PodClaimIsStale: under whenScaled=Delete a claim still owned by an earlier pod of this name
   * (another uid, or any uid while the new pod has none yet) is about to be garbage collected, so
   * the pod must not be created on top of it.
   */
  podClaimIsStale(set: StatefulSetObj, pod: PodObj): boolean {
    if (retentionPolicy(set).whenScaled === 'Retain') return false;
    return claimsFor(set, ordinalOf(pod)).some((c) => {
      const existing = this.api.get<ClaimObj>('PersistentVolumeClaim', c.metadata.namespace, c.metadata.name);
      return !!existing && hasStaleOwnerRef(existing, pod, POD_GVK);
    });
  }

  /** createMissingPersistentVolumeClaims: for a Pending pod whose claims went missing. */
  createMissingClaims(set: StatefulSetObj, pod: PodObj): void {
    this.createClaims(set, pod);
    try {
      this.updatePodClaimForRetentionPolicy(set, pod);
    } catch (err) {
      this.recordPodEvent('update', set, pod, err);
      throw err;
    }
  }

  /**
   * createPersistentVolumeClaims: create each missing claim (event per claim); an existing one is
   * reused as it is, but one being deleted is an error ("pvc <name> is being deleted").
   */
  private createClaims(set: StatefulSetObj, pod: PodObj): void {
    const errors: unknown[] = [];
    for (const claim of claimsFor(set, ordinalOf(pod))) {
      const name = claim.metadata.name;
      const existing = this.api.get<ClaimObj>('PersistentVolumeClaim', claim.metadata.namespace, name);
      if (existing) {
        if (existing.metadata.deletionTimestamp) errors.push(new SyncError(`pvc ${name} is being deleted`));
        continue;
      }
      try {
        this.api.create(claim);
        this.recordClaimEvent(set, pod, name);
      } catch (err) {
        errors.push(new SyncError(`failed to create PVC ${name}: ${messageOf(err)}`));
        if (!isApiReason(err, 'AlreadyExists')) this.recordClaimEvent(set, pod, name, err);
      }
    }
    const err = aggregate(errors);
    if (err) throw err;
  }

  private existingClaims(set: StatefulSetObj, pod: PodObj): ClaimObj[] {
    const ordinal = ordinalOf(pod);
    return templatesOf(set).flatMap((t) => {
      const c = this.api.get<ClaimObj>('PersistentVolumeClaim', set.metadata.namespace, claimName(set, t.metadata?.name ?? '', ordinal));
      return c ? [c] : [];
    });
  }

  /** recordPodEvent: "<verb> Pod <pod> in StatefulSet <set> successful" / "... failed error: <err>". */
  private recordPodEvent(verb: Verb, set: StatefulSetObj, pod: PodObj, err?: unknown): void {
    const subject = `${verb} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name}`;
    if (err === undefined) this.events.record(set, 'Normal', `Successful${TITLE[verb]}`, `${subject} successful`, COMPONENT);
    else this.events.record(set, 'Warning', `Failed${TITLE[verb]}`, `${subject} failed error: ${messageOf(err)}`, COMPONENT);
  }

  /** recordClaimEvent: "create Claim <c> Pod <p> in StatefulSet <s> success" / "create Claim <c> for Pod <p> ... failed error: <err>". */
  private recordClaimEvent(set: StatefulSetObj, pod: PodObj, claim: string, err?: unknown): void {
    const setName = set.metadata.name;
    if (err === undefined) {
      this.events.record(set, 'Normal', 'SuccessfulCreate', `create Claim ${claim} Pod ${pod.metadata.name} in StatefulSet ${setName} success`, COMPONENT);
    } else {
      this.events.record(set, 'Warning', 'FailedCreate', `create Claim ${claim} for Pod ${pod.metadata.name} in StatefulSet ${setName} failed error: ${messageOf(err)}`, COMPONENT);
    }
  }
}
