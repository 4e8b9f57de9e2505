/**
 * The PersistentVolume binder (pkg/controller/volume/persistentvolume/pv_controller.go and
 * pv_controller_base.go): binds claims to volumes, hands claims to provisioners, releases and
 * reclaims volumes whose claims are gone, and marks claims Lost.
 *
 * Like upstream it reacts to claim and volume events and re-syncs every 15s
 * (--pvclaimbinder-sync-period); the re-sync only visits objects that are not settled (a pending
 * claim, a volume mid-binding or waiting to be reclaimed), because syncing a settled pair writes
 * nothing — so an idle cluster schedules no work. Sync errors are not retried by the queue: as
 * upstream, the next event or re-sync retries.
 */
import { ApiError } from '../../../errors';
import { clone } from '../../../kube/object';
import type { Component, SimContext } from '../../context';
import type { TimerHandle } from '../../clock';
import type { WatchEvent } from '../../apiserver/store';
import type { VolumeData } from '../../storage/volume-data';
import { WorkQueue } from '../../workqueue';
import { atLeast } from '../../../kube/version';
import { Binder } from './binder';
import { deleteOutcome, provisionOutcome } from './in-tree-plugins';
import { findBestMatchForClaim, isVolumeBoundToClaim, volumeModeMismatch, whyVolumeCannotSatisfy } from './matching';
import { PodClaimIndex, isPodTerminated } from './pod-claims';
import { DEFAULT_RECYCLE_MS, Reclaimer } from './reclaimer';
import { claimClass, claimHasClass, defaultClass, isDelayBinding } from './storage-class';
import {
  ANN_BETA_STORAGE_PROVISIONER,
  ANN_BIND_COMPLETED,
  ANN_BOUND_BY_CONTROLLER,
  ANN_DYNAMICALLY_PROVISIONED,
  ANN_SELECTED_NODE,
  ANN_STORAGE_PROVISIONER,
  type ClaimObj,
  type StorageClassObj,
  type VolumeObj,
  hasAnnotation,
} from './types';
import { namespacedKey, queueKey, splitQueueKey } from '../shared/queue-key';

/** kube-controller-manager --pvclaimbinder-sync-period default. */
export const DEFAULT_RESYNC_MS = 15_000;

export interface PersistentVolumeControllerOptions {
  resyncPeriodMs?: number;
  /** how long a Recycle takes (see DEFAULT_RECYCLE_MS) */
  recycleMs?: number;
}

export class PersistentVolumeController implements Component {
  private ctx!: SimContext;
  private binder!: Binder;
  private reclaimer!: Reclaimer;
  private claimQueue!: WorkQueue;
  private volumeQueue!: WorkQueue;
  private readonly pods = new PodClaimIndex();
  private readonly unsettledClaims = new Set<string>();
  private readonly unsettledVolumes = new Set<string>();
  private resyncTimer: TimerHandle | undefined;
  private readonly resyncMs: number;
  private readonly recycleMs: number;

  constructor(
    private readonly data: VolumeData,
    options: PersistentVolumeControllerOptions = {},
  ) {
    this.resyncMs = options.resyncPeriodMs ?? DEFAULT_RESYNC_MS;
    this.recycleMs = options.recycleMs ?? DEFAULT_RECYCLE_MS;
  }

  start(ctx: SimContext): void {
    this.ctx = ctx;
    this.binder = new Binder(ctx);
    this.reclaimer = new Reclaimer(ctx, this.binder, this.pods, this.data, this.recycleMs);
    this.claimQueue = new WorkQueue(ctx.clock, (key) => this.handleClaim(key));
    this.volumeQueue = new WorkQueue(ctx.clock, (name) => this.handleVolume(name));
    ctx.api.watch((ev) => this.observe(ev), ['Pod', 'PersistentVolumeClaim', 'PersistentVolume']);
  }

  // ---- events, queues and re-sync -------------------------------------------------------------

  private observe(ev: WatchEvent): void {
    if (this.pods.observe(ev)) return;
    if (ev.object.kind === 'PersistentVolumeClaim') this.observeClaim(ev);
    else if (ev.object.kind === 'PersistentVolume') this.observeVolume(ev);
  }

  /** A deleted claim syncs its volume at once (deleteClaim) rather than at the next re-sync. */
  private observeClaim(ev: WatchEvent): void {
    const claim = ev.object as ClaimObj;
    this.claimQueue.add(queueKey(claim));
    if (ev.type === 'DELETED' && claim.spec?.volumeName) this.volumeQueue.add(claim.spec.volumeName);
  }

  /**
   * A deleted volume syncs its claim at once (deleteVolume). A volume whose claimRef moves away
   * from a claim leaves that claim for the next re-sync to notice, as upstream does.
   */
  private observeVolume(ev: WatchEvent): void {
    const pv = ev.object as VolumeObj;
    this.volumeQueue.add(pv.metadata.name);
    const ref = pv.spec?.claimRef;
    if (ev.type === 'DELETED' && ref) this.claimQueue.add(namespacedKey(ref.namespace, ref.name!));
    const oldRef = (ev.old as VolumeObj | undefined)?.spec?.claimRef;
    if (oldRef && (oldRef.uid !== ref?.uid || oldRef.name !== ref?.name || oldRef.namespace !== ref?.namespace)) {
      this.markUnsettled(this.unsettledClaims, namespacedKey(oldRef.namespace, oldRef.name!), true);
    }
  }

  private handleClaim(key: string): void {
    const [namespace, name] = splitQueueKey(key);
    const claim = this.ctx.api.get<ClaimObj>('PersistentVolumeClaim', namespace, name);
    try {
      if (claim) this.runSync(() => this.syncClaim(claim));
    } finally {
      const latest = this.ctx.api.get<ClaimObj>('PersistentVolumeClaim', namespace, name);
      this.markUnsettled(this.unsettledClaims, key, !!latest && !this.claimSettled(latest));
    }
  }

  private handleVolume(name: string): void {
    const volume = this.getVolume(name);
    try {
      if (volume) this.runSync(() => this.syncVolume(volume));
    } finally {
      const latest = this.getVolume(name);
      this.markUnsettled(this.unsettledVolumes, name, !!latest && !this.volumeSettled(latest));
    }
  }

  /**
   * Up to 1.35 a failed sync is logged and waits for the next event or re-sync. From 1.36 the
   * claim and volume queues are rate-limiting (v1.36.3 pv_controller_base.go
   * processNextClaimWorkItem / processNextVolumeWorkItem: AddRateLimited on error, Forget on
   * success): the work queue retries the key with its per-item back-off (5ms doubling).
   */
  private runSync(sync: () => void): void {
    if (atLeast(this.ctx.config.version, '1.36')) sync();
    else tolerateApiErrors(sync);
  }

  private markUnsettled(set: Set<string>, key: string, unsettled: boolean): void {
    if (unsettled) set.add(key);
    else set.delete(key);
    this.scheduleResync();
  }

  /** Re-sync ticks fall on multiples of the period since the controller started (wait.Until). */
  private scheduleResync(): void {
    if (this.resyncTimer || (!this.unsettledClaims.size && !this.unsettledVolumes.size)) return;
    const next = (Math.floor(this.ctx.clock.now() / this.resyncMs) + 1) * this.resyncMs;
    this.resyncTimer = this.ctx.clock.at(next, () => {
      this.resyncTimer = undefined;
      for (const key of this.unsettledClaims) this.claimQueue.add(key);
      for (const name of this.unsettledVolumes) this.volumeQueue.add(name);
      this.scheduleResync();
    });
  }

  /** Settled: Lost, or Bound both ways. Anything else may change on a re-sync. */
  private claimSettled(claim: ClaimObj): boolean {
    if (claim.status?.phase === 'Lost') return true;
    if (claim.status?.phase !== 'Bound' || !hasAnnotation(claim, ANN_BIND_COMPLETED)) return false;
    const pv = claim.spec?.volumeName ? this.getVolume(claim.spec.volumeName) : undefined;
    return !!pv && pv.spec?.claimRef?.uid === claim.metadata.uid && pv.status?.phase === 'Bound';
  }

  /**
   * Settled: free and Available, Bound to a claim bound back, Failed, or released to a fate that
   * a re-sync cannot change (Retain, or an external deleter).
   */
  private volumeSettled(pv: VolumeObj): boolean {
    const phase = pv.status?.phase;
    const ref = pv.spec?.claimRef;
    if (!ref?.uid) return phase === 'Available';
    if (phase === 'Failed') return true;
    if (phase === 'Bound') {
      const claim = this.ctx.api.get<ClaimObj>('PersistentVolumeClaim', ref.namespace, ref.name!);
      return claim?.metadata.uid === ref.uid && claim.spec?.volumeName === pv.metadata.name;
    }
    if (phase !== 'Released') return false;
    const policy = pv.spec?.persistentVolumeReclaimPolicy;
    if (policy === 'Retain') return true;
    return policy === 'Delete' && deleteOutcome(pv, this.ctx.config.version).kind === 'external';
  }

  // ---- claims ----------------------------------------------------------------------------------

  /** syncClaim */
  private syncClaim(claim: ClaimObj): void {
    if (hasAnnotation(claim, ANN_BIND_COMPLETED)) this.syncBoundClaim(claim);
    else if (claim.spec?.volumeName) this.syncClaimWithVolumeName(claim, claim.spec.volumeName);
    else this.syncUnboundClaim(claim);
  }

  /**
   * syncUnboundClaim, volumeName empty: bind the best match; else assign the default class
   * (retroactively, GA 1.28); else wait for the scheduler (WaitForFirstConsumer), provision, or
   * report that nothing can satisfy the claim.
   */
  private syncUnboundClaim(claim: ClaimObj): void {
    const delayBinding = isDelayBinding(claim, (n) => this.classOf(n));
    const volume = findBestMatchForClaim(claim, this.ctx.api.list<VolumeObj>('PersistentVolume'), delayBinding);
    if (volume) return this.binder.bind(volume, claim);
    if (this.assignDefaultStorageClass(claim)) return; // the update re-syncs the claim
    if (delayBinding && !hasAnnotation(claim, ANN_SELECTED_NODE)) {
      this.emitDelayBindingEvent(claim);
    } else if (claimClass(claim) !== '') {
      return this.provisionClaim(claim);
    } else {
      this.binder.event(claim, 'Normal', 'FailedBinding', 'no persistent volumes available for this claim and no storage class is set');
    }
    this.binder.updateClaimStatus(claim, 'Pending', undefined);
  }

  /** syncUnboundClaim, volumeName set: the user asked for one volume. */
  private syncClaimWithVolumeName(claim: ClaimObj, volumeName: string): void {
    const volume = this.getVolume(volumeName);
    if (!volume) {
      this.binder.updateClaimStatus(claim, 'Pending', undefined);
      return;
    }
    if (!volume.spec?.claimRef) {
      const why = whyVolumeCannotSatisfy(volume, claim);
      if (!why) return this.binder.bind(volume, claim);
      this.binder.event(claim, 'Warning', 'VolumeMismatch', `Cannot bind to requested volume "${volumeName}": ${why}`);
      this.binder.updateClaimStatus(claim, 'Pending', undefined);
      return;
    }
    if (isVolumeBoundToClaim(volume, claim)) return this.binder.bind(volume, claim);
    this.binder.event(claim, 'Warning', 'FailedBinding', `volume "${volumeName}" already bound to a different claim.`);
    // bound-by-controller here "should never happen" upstream: it returns an error, saves nothing
    if (!hasAnnotation(claim, ANN_BOUND_BY_CONTROLLER)) this.binder.updateClaimStatus(claim, 'Pending', undefined);
  }

  /** syncBoundClaim: keep the binding whole, or declare the claim Lost. */
  private syncBoundClaim(claim: ClaimObj): void {
    const volumeName = claim.spec?.volumeName;
    if (!volumeName) {
      return this.binder.updateClaimStatusWithEvent(claim, 'Lost', 'Warning', 'ClaimLost', 'Bound claim has lost reference to PersistentVolume. Data on the volume is lost!');
    }
    const volume = this.getVolume(volumeName);
    if (!volume) {
      return this.binder.updateClaimStatusWithEvent(claim, 'Lost', 'Warning', 'ClaimLost', 'Bound claim has lost its PersistentVolume. Data on the volume is lost!');
    }
    const ref = volume.spec?.claimRef;
    if (!ref || ref.uid === claim.metadata.uid) return this.binder.bind(volume, claim);
    this.binder.updateClaimStatusWithEvent(claim, 'Lost', 'Warning', 'ClaimMisbound', 'Two claims are bound to the same volume, this one is bound incorrectly');
  }

  /** assignDefaultStorageClass: a claim with no class at all gets the default one written in. */
  private assignDefaultStorageClass(claim: ClaimObj): boolean {
    if (claimHasClass(claim)) return false;
    const sc = defaultClass(this.ctx.api.list<StorageClassObj>('StorageClass'));
    if (!sc) return false;
    const next = clone(claim);
    next.spec = { ...next.spec, storageClassName: sc.metadata.name };
    this.ctx.api.update(next);
    return true;
  }

  /** emitEventForUnboundDelayBindingClaim: name the pods still waiting for the scheduler, if any. */
  private emitDelayBindingEvent(claim: ClaimObj): void {
    const waiting = this.pods
      .podsUsing(claim.metadata.namespace, claim.metadata.name)
      .filter((p) => !isPodTerminated(p) && !p.spec?.nodeName)
      .map((p) => p.metadata.name);
    if (!waiting.length) {
      this.binder.event(claim, 'Normal', 'WaitForFirstConsumer', 'waiting for first consumer to be created before binding');
    } else if (waiting.length === 1) {
      this.binder.event(claim, 'Normal', 'WaitForPodScheduled', `waiting for pod ${waiting[0]} to be scheduled`);
    } else {
      this.binder.event(claim, 'Normal', 'WaitForPodScheduled', `waiting for pods ${waiting.join(',')} to be scheduled`);
    }
  }

  /**
   * provisionClaim + provisionClaimOperationExternal: name the provisioner on the claim (both the
   * GA and the beta annotation) and wait for it. In-tree provisioning is not available (see
   * in-tree-plugins.ts).
   */
  private provisionClaim(claim: ClaimObj): void {
    const className = claimClass(claim);
    const sc = this.classOf(className);
    if (!sc) {
      this.binder.event(claim, 'Warning', 'ProvisioningFailed', `storageclass.storage.k8s.io "${className}" not found`);
      return;
    }
    const outcome = provisionOutcome(sc.provisioner);
    if (outcome.kind === 'noPlugin') return this.binder.event(claim, 'Warning', 'ProvisioningFailed', outcome.message);
    const annotated = this.setClaimProvisioner(claim, sc.provisioner);
    if (!annotated) return;
    if (outcome.kind === 'pluginFailed') return this.binder.event(annotated, 'Warning', 'ProvisioningFailed', outcome.message);
    this.binder.event(
      annotated,
      'Normal',
      'ExternalProvisioning',
      `Waiting for a volume to be created either by the external provisioner '${sc.provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`,
    );
  }

  /** setClaimProvisioner; a failed save is reported as ProvisioningFailed (1.28+). */
  private setClaimProvisioner(claim: ClaimObj, provisioner: string): ClaimObj | undefined {
    if (claim.metadata.annotations?.[ANN_STORAGE_PROVISIONER] === provisioner) return claim;
    const next = clone(claim);
    next.metadata.annotations = { ...next.metadata.annotations, [ANN_BETA_STORAGE_PROVISIONER]: provisioner, [ANN_STORAGE_PROVISIONER]: provisioner };
    try {
      return this.ctx.api.update<ClaimObj>(next);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      this.binder.event(claim, 'Warning', 'ProvisioningFailed', `Error saving claim: ${err.message}`);
      return undefined;
    }
  }

  // ---- volumes ---------------------------------------------------------------------------------

  /** syncVolume */
  private syncVolume(volume: VolumeObj): void {
    const ref = volume.spec?.claimRef;
    if (!ref?.uid) {
      // unused, or pre-bound by the user to a claim that has not bound yet
      this.binder.updateVolumePhase(volume, 'Available');
      return;
    }
    const found = this.ctx.api.get<ClaimObj>('PersistentVolumeClaim', ref.namespace, ref.name!);
    const claim = found?.metadata.uid === ref.uid ? found : undefined;
    if (!claim) return this.releaseAndReclaim(volume);
    if (!claim.spec?.volumeName) return this.awaitClaimBinding(volume, claim);
    if (claim.spec.volumeName === volume.metadata.name) {
      this.binder.updateVolumePhase(volume, 'Bound');
      return;
    }
    // the claim is bound to another volume
    if (hasAnnotation(volume, ANN_DYNAMICALLY_PROVISIONED) && volume.spec?.persistentVolumeReclaimPolicy === 'Delete') {
      return this.releaseAndReclaim(volume);
    }
    this.binder.unbindVolume(volume);
  }

  /** The claim is gone: Released (a Failed volume stays Failed), then the reclaim policy runs. */
  private releaseAndReclaim(volume: VolumeObj): void {
    const phase = volume.status?.phase;
    const released = phase === 'Released' || phase === 'Failed' ? volume : this.binder.updateVolumePhase(volume, 'Released');
    this.reclaimer.reclaim(released);
  }

  /** The volume points at a claim that has not bound yet: let the claim's sync finish the job. */
  private awaitClaimBinding(volume: VolumeObj, claim: ClaimObj): void {
    if (volumeModeMismatch(claim, volume)) {
      this.binder.event(volume, 'Warning', 'VolumeMismatch', `Cannot bind PersistentVolume to requested PersistentVolumeClaim "${claim.metadata.name}" due to incompatible volumeMode.`);
      this.binder.event(claim, 'Warning', 'VolumeMismatch', `Cannot bind PersistentVolume "${volume.metadata.name}" to requested PersistentVolumeClaim due to incompatible volumeMode.`);
      return;
    }
    this.claimQueue.add(queueKey(claim));
  }

  // ---- lookups ---------------------------------------------------------------------------------

  private getVolume(name: string): VolumeObj | undefined {
    return this.ctx.api.get<VolumeObj>('PersistentVolume', undefined, name);
  }

  private classOf(name: string): StorageClassObj | undefined {
    return this.ctx.api.get<StorageClassObj>('StorageClass', undefined, name);
  }
}


/** Up to 1.35 upstream logs a failed sync and waits for the next event or re-sync; it does not requeue. */
function tolerateApiErrors(sync: () => void): void {
  try {
    sync();
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
  }
}
