/**
 * The PV protection controller (pkg/controller/volume/pvprotection/pv_protection_controller.go): a
 * volume being deleted keeps kubernetes.io/pv-protection while its phase is Bound; a volume not being
 * deleted gets the finalizer if it lacks it (the admission plugin normally adds it at create).
 */
import { clone } from '../../../kube/object';
import type { Component, SimContext } from '../../context';
import type { WatchEvent } from '../../apiserver/store';
import { WorkQueue } from '../../workqueue';
import { PV_PROTECTION_FINALIZER, type VolumeObj, isDeletionCandidate, needToAddFinalizer } from './types';

export class PvProtectionController implements Component {
  private ctx!: SimContext;
  private queue!: WorkQueue;

  start(ctx: SimContext): void {
    this.ctx = ctx;
    this.queue = new WorkQueue(ctx.clock, (name) => this.processVolume(name));
    ctx.api.watch((ev) => this.observe(ev), ['PersistentVolume']);
  }

  /** pvAddedUpdated */
  private observe(ev: WatchEvent): void {
    if (ev.object.kind !== 'PersistentVolume' || ev.type === 'DELETED') return;
    if (needToAddFinalizer(ev.object, PV_PROTECTION_FINALIZER) || isDeletionCandidate(ev.object, PV_PROTECTION_FINALIZER)) {
      this.queue.add(ev.object.metadata.name);
    }
  }

  /** processPV; isBeingUsed is simply "phase is Bound" (the PV controller keeps the phase). */
  private processVolume(name: string): void {
    const pv = this.ctx.api.get<VolumeObj>('PersistentVolume', undefined, name);
    if (!pv) return;
    const finalizers = pv.metadata.finalizers ?? [];
    if (isDeletionCandidate(pv, PV_PROTECTION_FINALIZER)) {
      if (pv.status?.phase !== 'Bound') return this.setFinalizers(pv, finalizers.filter((f) => f !== PV_PROTECTION_FINALIZER));
    }
    if (needToAddFinalizer(pv, PV_PROTECTION_FINALIZER)) this.setFinalizers(pv, [...finalizers, PV_PROTECTION_FINALIZER]);
  }

  private setFinalizers(pv: VolumeObj, finalizers: string[]): void {
    const next = clone(pv);
    next.metadata.finalizers = finalizers;
    this.ctx.api.update(next);
  }
}
