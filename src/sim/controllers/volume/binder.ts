/**
 * The PV controller's writes that tie a claim and a volume together or apart
 * (pv_controller.go bind, bindVolumeToClaim, bindClaimToVolume, unbindVolume, updateClaimStatus,
 * updateVolumePhase and their *WithEvent forms). Each write goes to the API server at once and
 * returns the stored object, so the next step works on the newest version as upstream's cache does.
 */
import { deepEqual } from '../../../kube/equal';
import { type KObject, clone } from '../../../kube/object';
import { quantityOrZero } from '../../../kube/quantity';
import type { SimContext } from '../../context';
import type { EventType } from '../../events';
import { isVolumeBoundToClaim } from './matching';
import {
  ANN_BIND_COMPLETED,
  ANN_BOUND_BY_CONTROLLER,
  type ClaimObj,
  PV_CONTROLLER_COMPONENT,
  type VolumeObj,
  claimReference,
  hasAnnotation,
} from './types';

export type VolumePhase = 'Pending' | 'Available' | 'Bound' | 'Released' | 'Failed';
export type ClaimPhase = 'Pending' | 'Bound' | 'Lost';

export class Binder {
  constructor(private readonly ctx: SimContext) {}

  event(obj: KObject, type: EventType, reason: string, message: string): void {
    this.ctx.events.record(obj, type, reason, message, PV_CONTROLLER_COMPONENT);
  }

  /** bind: volume spec, volume status, claim spec, claim status — in that order. */
  bind(volume: VolumeObj, claim: ClaimObj): void {
    let pv = this.bindVolumeToClaim(volume, claim);
    pv = this.updateVolumePhase(pv, 'Bound');
    const bound = this.bindClaimToVolume(claim, pv);
    this.updateClaimStatus(bound, 'Bound', pv);
  }

  /**
   * GetBindVolumeToClaim: point claimRef at the claim (with its uid); mark the binding as the
   * controller's unless the user had pre-bound the volume to this claim.
   */
  private bindVolumeToClaim(volume: VolumeObj, claim: ClaimObj): VolumeObj {
    const byController = !isVolumeBoundToClaim(volume, claim);
    const next = clone(volume);
    const ref = volume.spec?.claimRef;
    let dirty = false;
    if (!ref || ref.name !== claim.metadata.name || ref.namespace !== claim.metadata.namespace || ref.uid !== claim.metadata.uid) {
      next.spec = { ...next.spec, claimRef: claimReference(claim) };
      dirty = true;
    }
    if (byController && !hasAnnotation(next, ANN_BOUND_BY_CONTROLLER)) {
      setAnnotation(next, ANN_BOUND_BY_CONTROLLER, 'yes');
      dirty = true;
    }
    return dirty ? this.ctx.api.update<VolumeObj>(next) : volume;
  }

  /** bindClaimToVolume: spec.volumeName (+ bound-by-controller) and bind-completed. */
  private bindClaimToVolume(claim: ClaimObj, volume: VolumeObj): ClaimObj {
    const next = clone(claim);
    let dirty = false;
    if (claim.spec?.volumeName !== volume.metadata.name) {
      next.spec = { ...next.spec, volumeName: volume.metadata.name };
      if (!hasAnnotation(next, ANN_BOUND_BY_CONTROLLER)) setAnnotation(next, ANN_BOUND_BY_CONTROLLER, 'yes');
      dirty = true;
    }
    if (!hasAnnotation(next, ANN_BIND_COMPLETED)) {
      setAnnotation(next, ANN_BIND_COMPLETED, 'yes');
      dirty = true;
    }
    return dirty ? this.ctx.api.update<ClaimObj>(next) : claim;
  }

  /**
   * unbindVolume: a binding the controller made is removed entirely; a user's pre-binding keeps its
   * claimRef and loses only the uid. Either way the volume is Available again.
   */
  unbindVolume(volume: VolumeObj): VolumeObj {
    const next = clone(volume);
    if (hasAnnotation(volume, ANN_BOUND_BY_CONTROLLER)) {
      delete next.spec!.claimRef;
      delete next.metadata.annotations![ANN_BOUND_BY_CONTROLLER];
      if (!Object.keys(next.metadata.annotations!).length) delete next.metadata.annotations;
    } else if (next.spec?.claimRef) {
      delete next.spec.claimRef.uid;
    }
    const updated = this.ctx.api.update<VolumeObj>(next);
    return this.updateVolumePhase(updated, 'Available');
  }

  /**
   * updateClaimStatus: phase, and the bound volume's access modes; capacity is copied only when the
   * claim becomes Bound (a later difference may be an intentional resize). Without a volume both
   * are cleared.
   */
  updateClaimStatus(claim: ClaimObj, phase: ClaimPhase, volume: VolumeObj | undefined): ClaimObj {
    const next = clone(claim);
    const status = (next.status = { ...next.status });
    let dirty = false;
    if (status.phase !== phase) {
      status.phase = phase;
      dirty = true;
    }
    if (!volume) {
      for (const f of ['accessModes', 'capacity'] as const) {
        if (status[f] !== undefined) {
          delete status[f];
          dirty = true;
        }
      }
    } else {
      if (!deepEqual(status.accessModes, volume.spec?.accessModes)) {
        status.accessModes = [...(volume.spec?.accessModes ?? [])];
        dirty = true;
      }
      const volumeCapacity = volume.spec?.capacity?.storage;
      // upstream: "PersistentVolume %q is without a storage capacity" and nothing is saved
      if (claim.status?.phase !== phase && volumeCapacity === undefined) return claim;
      if (claim.status?.phase !== phase && !sameQuantity(volumeCapacity, claim.status?.capacity?.storage)) {
        status.capacity = { ...volume.spec!.capacity };
        dirty = true;
      }
    }
    return dirty ? this.ctx.api.updateStatus<ClaimObj>(next) : claim;
  }

  /** updateClaimStatusWithEvent: the event only when the phase really changes. */
  updateClaimStatusWithEvent(claim: ClaimObj, phase: ClaimPhase, type: EventType, reason: string, message: string): void {
    if (claim.status?.phase === phase) return;
    const updated = this.updateClaimStatus(claim, phase, undefined);
    this.event(updated, type, reason, message);
  }

  /**
   * updateVolumePhase: phase and message. lastPhaseTransitionTime is stamped by the API server's
   * PV status strategy whenever the phase changes (see apiserver/strategy.ts).
   */
  updateVolumePhase(volume: VolumeObj, phase: VolumePhase, message = ''): VolumeObj {
    if (volume.status?.phase === phase) return volume;
    const next = clone(volume);
    const status = (next.status = { ...next.status, phase });
    if (message) status.message = message;
    else delete status.message;
    return this.ctx.api.updateStatus<VolumeObj>(next);
  }

  /** updateVolumePhaseWithEvent: the event only when the phase really changes. */
  updateVolumePhaseWithEvent(volume: VolumeObj, phase: VolumePhase, type: EventType, reason: string, message: string): VolumeObj {
    if (volume.status?.phase === phase) return volume;
    const updated = this.updateVolumePhase(volume, phase, message);
    this.event(updated, type, reason, message);
    return updated;
  }
}

function setAnnotation(o: KObject, key: string, value: string): void {
  o.metadata.annotations = { ...o.metadata.annotations, [key]: value };
}

function sameQuantity(a: string | number | undefined, b: string | number | undefined): boolean {
  return a !== undefined && b !== undefined && quantityOrZero(a) === quantityOrZero(b);
}
