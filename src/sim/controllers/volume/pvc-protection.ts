/**
 * The PVC protection controller (pkg/controller/volume/pvcprotection/pvc_protection_controller.go):
 * a claim being deleted keeps kubernetes.io/pvc-protection until no pod uses it; a claim not being
 * deleted gets the finalizer if it lacks it (the admission plugin normally adds it at create).
 *
 * "Uses" is upstream's podUsesPVC: any pod bound to a node (spec.nodeName set) whose volumes name the
 * claim — whatever its phase: a Succeeded or Failed pod that still exists keeps the claim
 * (kubernetes/kubernetes#120756). A generic ephemeral volume's claim is released as soon as its pod
 * is shut down (deletionTimestamp with grace period 0).
 *
 * From 1.37 (PersistentVolumeClaimUnusedSinceTime beta and on, kubernetes#139620; code of v1.37.2,
 * including #140833: only bound claims) a bound claim that is not being deleted also carries an
 * `Unused` condition: True "NoPodsUsingPVC" while no pod that is not terminated names it (scheduled
 * or not), False "PodUsingPVC" otherwise; lastTransitionTime is when it was last written. Every pod
 * event then wakes the claims it names, and a claim without the condition is processed.
 */
import { clone } from '../../../kube/object';
import { gateEnabled } from '../../../kube/defaults/feature-gates';
import type { Component, SimContext } from '../../context';
import type { WatchEvent } from '../../apiserver/store';
import { WorkQueue } from '../../workqueue';
import { claimNotForPod, ephemeralClaimName } from '../../../kube/ephemeral-volume';
import { PodClaimIndex, claimNamesOfPod, isPodTerminated } from './pod-claims';
import {
  type ClaimObj,
  PVC_PROTECTION_FINALIZER,
  type PodObj,
  isDeletionCandidate,
  needToAddFinalizer,
} from './types';
import { namespacedKey, queueKey, splitQueueKey } from '../shared/queue-key';

export class PvcProtectionController implements Component {
  private ctx!: SimContext;
  private queue!: WorkQueue;
  private readonly pods = new PodClaimIndex();
  private unusedCondition = false;

  start(ctx: SimContext): void {
    this.ctx = ctx;
    this.unusedCondition = gateEnabled('PersistentVolumeClaimUnusedSinceTime', ctx.config.version);
    this.queue = new WorkQueue(ctx.clock, (key) => this.processClaim(key));
    ctx.api.watch((ev) => this.observe(ev), ['Pod', 'PersistentVolumeClaim']);
  }

  private observe(ev: WatchEvent): void {
    if (this.pods.observe(ev)) return this.observePod(ev);
    if (ev.object.kind !== 'PersistentVolumeClaim' || ev.type === 'DELETED') return;
    if (this.unusedCondition && !unusedConditionOf(ev.object as ClaimObj)) this.queue.add(queueKey(ev.object));
    if (needToAddFinalizer(ev.object, PVC_PROTECTION_FINALIZER) || isDeletionCandidate(ev.object, PVC_PROTECTION_FINALIZER)) {
      this.queue.add(queueKey(ev.object));
    }
  }

  /**
   * podAddedDeletedUpdated: only a pod that is gone, terminated or not scheduled can free a claim.
   * A pod replaced under the same name (new uid) frees its predecessor's claims too.
   */
  private observePod(ev: WatchEvent): void {
    const pod = ev.object as PodObj;
    this.enqueueClaims(pod, ev.type === 'DELETED');
    const old = ev.old as PodObj | undefined;
    if (old && old.metadata.uid !== pod.metadata.uid) this.enqueueClaims(old, true);
  }

  private enqueueClaims(pod: PodObj, deleted: boolean): void {
    if (!this.unusedCondition && !deleted && !isPodTerminated(pod) && pod.spec?.nodeName) return;
    for (const name of claimNamesOfPod(pod)) this.queue.add(namespacedKey(pod.metadata.namespace, name));
  }

  /** processPVC */
  private processClaim(key: string): void {
    const [namespace, name] = splitQueueKey(key);
    const claim = this.ctx.api.get<ClaimObj>('PersistentVolumeClaim', namespace, name);
    if (!claim) return;
    if (this.unusedCondition && !claim.metadata.deletionTimestamp && claim.status?.phase === 'Bound') {
      // The finalizer steps below still use this claim as read: after a status write they
      // conflict and are retried, as upstream's do.
      this.updateUnusedCondition(claim);
    }
    if (isDeletionCandidate(claim, PVC_PROTECTION_FINALIZER)) {
      if (!this.isUsed(claim)) return this.setFinalizers(claim, (claim.metadata.finalizers ?? []).filter((f) => f !== PVC_PROTECTION_FINALIZER));
    }
    if (needToAddFinalizer(claim, PVC_PROTECTION_FINALIZER)) {
      this.setFinalizers(claim, [...(claim.metadata.finalizers ?? []), PVC_PROTECTION_FINALIZER]);
    }
  }

  private isUsed(claim: ClaimObj): boolean {
    return this.pods.podsUsing(claim.metadata.namespace, claim.metadata.name).some((pod) => podUsesClaim(pod, claim));
  }

  /** updateUnusedCondition: written only when missing or when it flips. */
  private updateUnusedCondition(claim: ClaimObj): void {
    const used = this.pods.podsUsing(claim.metadata.namespace, claim.metadata.name).some((pod) => podReferencesClaim(pod, claim));
    const existing = unusedConditionOf(claim);
    if (used && (!existing || existing.status === 'True')) {
      this.setUnusedCondition(claim, 'False', 'PodUsingPVC', 'A pod is currently referencing this PVC');
    } else if (!used && (!existing || existing.status !== 'True')) {
      this.setUnusedCondition(claim, 'True', 'NoPodsUsingPVC', 'No pods are currently referencing this PVC');
    }
  }

  private setUnusedCondition(claim: ClaimObj, status: 'True' | 'False', reason: string, message: string): void {
    const next = clone(claim);
    const condition = { type: 'Unused', status, lastTransitionTime: this.ctx.api.timestamp(), reason, message };
    const conditions = [...((next.status?.conditions as Condition[] | undefined) ?? [])];
    const i = conditions.findIndex((c) => c.type === 'Unused');
    if (i >= 0) conditions[i] = condition;
    else conditions.push(condition);
    next.status = { ...(next.status ?? {}), conditions };
    this.ctx.api.updateStatus(next);
  }

  /** Errors (e.g. a conflict) are retried by the queue with back-off, as AddRateLimited does. */
  private setFinalizers(claim: ClaimObj, finalizers: string[]): void {
    const next = clone(claim);
    next.metadata.finalizers = finalizers;
    this.ctx.api.update(next);
  }
}

/** podUsesPVC */
export function podUsesClaim(pod: PodObj, claim: ClaimObj): boolean {
  if (!pod.spec?.nodeName) return false;
  return (pod.spec.volumes ?? []).some(
    (v) =>
      v.persistentVolumeClaim?.claimName === claim.metadata.name ||
      (!!v.ephemeral && !podIsShutDown(pod) && ephemeralClaimName(pod, v) === claim.metadata.name && isControlledBy(claim, pod)),
  );
}

interface Condition {
  type: string;
  status: string;
  [k: string]: unknown;
}

function unusedConditionOf(claim: ClaimObj): Condition | undefined {
  return ((claim.status?.conditions as Condition[] | undefined) ?? []).find((c) => c.type === 'Unused');
}

/** podUsesPVCForUnusedSince: a pod not terminated whose volumes name the claim, scheduled or not. */
function podReferencesClaim(pod: PodObj, claim: ClaimObj): boolean {
  if (isPodTerminated(pod)) return false;
  return (pod.spec?.volumes ?? []).some(
    (v) =>
      v.persistentVolumeClaim?.claimName === claim.metadata.name ||
      (!!v.ephemeral && ephemeralClaimName(pod, v) === claim.metadata.name && isControlledBy(claim, pod)),
  );
}

/** podIsShutDown: deleted with grace period 0 (the kubelet is done with it, or it was forced). */
function podIsShutDown(pod: PodObj): boolean {
  return !!pod.metadata.deletionTimestamp && pod.metadata.deletionGracePeriodSeconds === 0;
}

function isControlledBy(claim: ClaimObj, pod: PodObj): boolean {
  return claimNotForPod(pod, claim) === undefined;
}
