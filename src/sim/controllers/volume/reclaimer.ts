/**
 * What happens to a volume whose claim is gone (pv_controller.go reclaimVolume,
 * recycleVolumeOperation, deleteVolumeOperation, isVolumeReleased, isVolumeUsed). Operations are
 * de-duplicated by name like upstream's goroutinemap: a volume is never recycled twice at once.
 */
import { ApiError } from '../../../errors';
import type { SimContext } from '../../context';
import type { VolumeData } from '../../storage/volume-data';
import type { Binder } from './binder';
import { NO_RECYCLER_MESSAGE, deleteOutcome, hasRecycler, honorsPVReclaimPolicy } from './in-tree-plugins';
import { type PodClaimIndex, isPodTerminated } from './pod-claims';
import { ANN_MIGRATED_TO, type ClaimObj, type VolumeObj, hasAnnotation, storageKeyOfVolume } from './types';

/**
 * How long the recycler pod takes from creation to completion. Upstream it is a real pod
 * ("recycler-for-<pv>" in namespace default, busybox-like image, `rm -rf /scrub/*`) scheduled,
 * started and watched until it succeeds (timeout 60s+30s/Gi for hostPath, 300s+30s/Gi for NFS).
 * The simulator does not create the pod; 5s stands for schedule + start + scrub of a small volume.
 */
export const DEFAULT_RECYCLE_MS = 5_000;

export class Reclaimer {
  private readonly running = new Set<string>();

  constructor(
    private readonly ctx: SimContext,
    private readonly binder: Binder,
    private readonly pods: PodClaimIndex,
    private readonly data: VolumeData,
    private readonly recycleMs: number,
  ) {}

  /** reclaimVolume: Retain does nothing; Recycle scrubs; Delete asks the volume's deleter. */
  reclaim(volume: VolumeObj): void {
    if (hasAnnotation(volume, ANN_MIGRATED_TO)) return; // a CSI driver's provisioner handles it
    const name = `${volume.metadata.name}[${volume.metadata.uid}]`;
    switch (volume.spec?.persistentVolumeReclaimPolicy) {
      case 'Retain':
        return;
      case 'Recycle':
        return this.once(`recycle-${name}`, (done) => this.recycle(volume, done));
      case 'Delete':
        return this.once(`delete-${name}`, (done) => this.delete(volume, done));
      default:
        this.binder.updateVolumePhaseWithEvent(volume, 'Failed', 'Warning', 'VolumeUnknownReclaimPolicy', 'Volume has unrecognized PersistentVolumeReclaimPolicy');
    }
  }

  /**
   * isVolumeReleased: bound (claimRef with uid) to a claim that no longer exists, or exists with
   * another uid, or is bound to another volume.
   */
  isReleased(volume: VolumeObj): boolean {
    const ref = volume.spec?.claimRef;
    if (!ref?.uid) return false;
    const claim = this.ctx.api.get<ClaimObj>('PersistentVolumeClaim', ref.namespace, ref.name!);
    if (claim && claim.metadata.uid === ref.uid) {
      return !!claim.spec?.volumeName && claim.spec.volumeName !== volume.metadata.name;
    }
    return true;
  }

  /** scheduleOperation: an operation already running under this name is not started again. */
  private once(name: string, op: (done: () => void) => void): void {
    if (this.running.has(name)) return;
    this.running.add(name);
    op(() => this.running.delete(name));
  }

  /** recycleVolumeOperation; `done` ends the operation. */
  private recycle(volume: VolumeObj, done: () => void): void {
    const current = this.getVolume(volume.metadata.name);
    if (!current || !this.isReleased(current)) return done();
    const users = this.activeUsers(current);
    const ref = current.spec!.claimRef!;
    const claimExists = !!this.ctx.api.get('PersistentVolumeClaim', ref.namespace, ref.name!);
    if (users.length && !claimExists) {
      this.binder.event(volume, 'Normal', 'VolumeFailedRecycle', `Volume is used by pods: ${users.join(',')}`);
      return done();
    }
    if (!hasRecycler(current)) {
      this.binder.updateVolumePhaseWithEvent(current, 'Failed', 'Warning', 'VolumeFailedRecycle', NO_RECYCLER_MESSAGE);
      return done();
    }
    this.ctx.clock.after(this.recycleMs, () => {
      done();
      this.finishRecycle(current);
    });
  }

  /** The recycler pod succeeded: the storage is empty, the volume Available again. */
  private finishRecycle(recycled: VolumeObj): void {
    this.data.scrub(storageKeyOfVolume(recycled));
    this.binder.event(recycled, 'Normal', 'VolumeRecycled', 'Volume recycled');
    const latest = this.getVolume(recycled.metadata.name);
    // upstream saves with the version it started from: any change meanwhile is a conflict, and the
    // volume is recycled again on its next sync
    if (!latest || latest.metadata.resourceVersion !== recycled.metadata.resourceVersion) return;
    this.binder.unbindVolume(latest);
  }

  /** deleteVolumeOperation; runs to completion at once (the in-tree deleter is a local rm -rf). */
  private delete(volume: VolumeObj, done: () => void): void {
    try {
      this.deleteNow(volume);
    } finally {
      done();
    }
  }

  private deleteNow(volume: VolumeObj): void {
    const current = this.getVolume(volume.metadata.name);
    if (!current) return;
    if (!honorsPVReclaimPolicy(this.ctx.config.version) && current.metadata.deletionTimestamp) return;
    if (!this.isReleased(current)) return;
    const outcome = deleteOutcome(current, this.ctx.config.version);
    if (outcome.kind === 'external') return; // the provisioner deletes volume and PV
    if (outcome.kind === 'error') {
      this.binder.updateVolumePhaseWithEvent(current, 'Failed', 'Warning', 'VolumeFailedDelete', outcome.message);
      return;
    }
    this.data.destroy(storageKeyOfVolume(current));
    try {
      this.ctx.api.delete('PersistentVolume', undefined, current.metadata.name);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err; // upstream retries on the next sync
    }
  }

  /** isVolumeUsed: `namespace/name` of pods referencing the volume's claim that are not terminated. */
  private activeUsers(volume: VolumeObj): string[] {
    const ref = volume.spec?.claimRef;
    if (!ref) return [];
    return this.pods
      .podsUsing(ref.namespace, ref.name!)
      .filter((p) => !isPodTerminated(p))
      .map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
  }

  private getVolume(name: string): VolumeObj | undefined {
    return this.ctx.api.get<VolumeObj>('PersistentVolume', undefined, name);
  }
}
