/**
 * The PVC protection controller (pkg/controller/volume/pvcprotection/pvc_protection_controller.go):
 * a claim being deleted keeps kubernetes.io/pvc-protection until no pod uses it; a claim not being
 * deleted gets the finalizer if it lacks it (the admission plugin normally adds it at create).
 *
 * "Uses" is upstream's podUsesPVC: any pod bound to a node (spec.nodeName set) whose volumes name the
 * claim — whatever its phase: a Succeeded or Failed pod that still exists keeps the claim
 * (kubernetes/kubernetes#120756). A generic ephemeral volume's claim is released as soon as its pod
 * is shut down (deletionTimestamp with grace period 0).
 */
import { clone } from '../../../kube/object';
import type { Component, SimContext } from '../../context';
import type { WatchEvent } from '../../apiserver/store';
import { WorkQueue } from '../../workqueue';
import { PodClaimIndex, claimNamesOfPod, ephemeralClaimName, isPodTerminated } from './pod-claims';
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

  start(ctx: SimContext): void {
    this.ctx = ctx;
    this.queue = new WorkQueue(ctx.clock, (key) => this.processClaim(key));
    ctx.api.watch((ev) => this.observe(ev), ['Pod', 'PersistentVolumeClaim']);
  }

  private observe(ev: WatchEvent): void {
    if (this.pods.observe(ev)) return this.observePod(ev);
    if (ev.object.kind !== 'PersistentVolumeClaim' || ev.type === 'DELETED') return;
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
    if (!deleted && !isPodTerminated(pod) && pod.spec?.nodeName) return;
    for (const name of claimNamesOfPod(pod)) this.queue.add(namespacedKey(pod.metadata.namespace, name));
  }

  /** processPVC */
  private processClaim(key: string): void {
    const [namespace, name] = splitQueueKey(key);
    const claim = this.ctx.api.get<ClaimObj>('PersistentVolumeClaim', namespace, name);
    if (!claim) return;
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

/** podIsShutDown: deleted with grace period 0 (the kubelet is done with it, or it was forced). */
function podIsShutDown(pod: PodObj): boolean {
  return !!pod.metadata.deletionTimestamp && pod.metadata.deletionGracePeriodSeconds === 0;
}

/** ephemeral.VolumeIsForPod: the claim's controller owner reference is this pod. */
function isControlledBy(claim: ClaimObj, pod: PodObj): boolean {
  return (claim.metadata.ownerReferences ?? []).some((r) => r.controller && r.uid === pod.metadata.uid);
}
