/**
 * VolumeBinding PreBind's wait (binder.go BindPodVolumes/checkBindings): after writing its
 * decisions the binder polls once a second — first after one second — until every claim is fully
 * bound, fails when the PV controller or provisioner undid its work, and gives up after the bind
 * timeout. The poll only changes its answer when a PV or claim changes, so a check is scheduled
 * at the next poll tick after such a change instead of ticking for the whole wait.
 */
import type { Clock, TimerHandle } from '../clock';
import type { ApiServer } from '../apiserver/store';
import { ANN_SELECTED_NODE, type ClaimObj, type VolumeObj } from '../controllers/volume/types';
import { VOLUME_BIND_POLL_MS, VOLUME_BIND_TIMEOUT_MS } from './constants';
import { isClaimFullyBound, volumeFitsNode, type VolumeDecision } from './plugins/volume-binding';

interface Wait {
  readonly uid: string;
  readonly node: string;
  readonly nodeLabels: Readonly<Record<string, string>>;
  readonly decision: VolumeDecision;
  readonly started: number;
  check?: TimerHandle;
  timeout: TimerHandle;
  readonly done: (error?: string) => void;
}

/** checkBindings: true when all bound, false to keep waiting; throws the binder's error text. */
export function checkBindings(api: ApiServer, w: Pick<Wait, 'node' | 'nodeLabels' | 'decision'>): boolean {
  for (const { pv, pvc } of w.decision.staticBindings) {
    const current = api.get<VolumeObj>('PersistentVolume', undefined, pv.metadata.name);
    if (!current) throw new Error(`failed to check binding: PV ${JSON.stringify(pv.metadata.name)} not found`);
    const claim = api.get<ClaimObj>('PersistentVolumeClaim', pvc.metadata.namespace, pvc.metadata.name);
    if (!claim) throw new Error(`failed to check binding: PVC ${JSON.stringify(`${pvc.metadata.namespace}/${pvc.metadata.name}`)} not found`);
    const ref = current.spec?.claimRef;
    if (!ref?.uid) throw new Error(`ClaimRef got reset for pv ${JSON.stringify(pv.metadata.name)}`);
    if (ref.uid !== claim.metadata.uid) {
      throw new Error(`ClaimRef for pv ${JSON.stringify(pv.metadata.name)} pvc ${JSON.stringify(claim.metadata.name)} does not match the pvc UID ${JSON.stringify(claim.metadata.uid)}`);
    }
    if (!isClaimFullyBound(claim)) return false;
  }
  for (const pvc of w.decision.provisions) {
    const claim = api.get<ClaimObj>('PersistentVolumeClaim', pvc.metadata.namespace, pvc.metadata.name);
    if (!claim) throw new Error(`failed to check provisioning pvc: PVC ${JSON.stringify(`${pvc.metadata.namespace}/${pvc.metadata.name}`)} not found`);
    const annotations = claim.metadata.annotations;
    if (!annotations) throw new Error(`selectedNode annotation reset for PVC ${JSON.stringify(claim.metadata.name)}`);
    // The provisioner removes the annotation when provisioning fails, to have the pod rescheduled.
    if (annotations[ANN_SELECTED_NODE] !== w.node) throw new Error(`provisioning failed for PVC ${JSON.stringify(claim.metadata.name)}`);
    const volumeName = claim.spec?.volumeName;
    if (volumeName) {
      const pv = api.get<VolumeObj>('PersistentVolume', undefined, volumeName);
      if (!pv) return false;
      if (!volumeFitsNode(pv, w.nodeLabels)) {
        throw new Error(`pv ${JSON.stringify(volumeName)} node affinity doesn't match node ${JSON.stringify(w.node)}: no matching NodeSelectorTerms`);
      }
    }
    if (!isClaimFullyBound(claim)) return false;
  }
  return true;
}

export class VolumeBindingWaits {
  private readonly waits = new Map<string, Wait>();

  constructor(
    private readonly api: ApiServer,
    private readonly clock: Clock,
  ) {}

  /** Starts waiting for the pod's volumes; `done` gets an error text on failure. */
  start(uid: string, node: string, nodeLabels: Readonly<Record<string, string>>, decision: VolumeDecision, done: (error?: string) => void): void {
    const started = this.clock.now();
    const timeout = this.clock.at(started + VOLUME_BIND_TIMEOUT_MS, () => this.finish(uid, 'context deadline exceeded'));
    const w: Wait = { uid, node, nodeLabels, decision, started, timeout, done };
    this.waits.set(uid, w);
    this.scheduleCheck(w);
  }

  /** A PV or claim changed: every wait re-checks at its next poll tick. */
  storageChanged(): void {
    for (const w of this.waits.values()) this.scheduleCheck(w);
  }

  /** The pod went away: its binding cycle ends without binding. */
  cancel(uid: string): void {
    const w = this.waits.get(uid);
    if (!w) return;
    w.check?.cancel();
    w.timeout.cancel();
    this.waits.delete(uid);
  }

  private scheduleCheck(w: Wait): void {
    if (w.check) return;
    const ticks = Math.floor((this.clock.now() - w.started) / VOLUME_BIND_POLL_MS) + 1;
    w.check = this.clock.at(w.started + ticks * VOLUME_BIND_POLL_MS, () => {
      w.check = undefined;
      let bound: boolean;
      try {
        bound = checkBindings(this.api, w);
      } catch (err) {
        this.finish(w.uid, (err as Error).message);
        return;
      }
      if (bound) this.finish(w.uid);
    });
  }

  private finish(uid: string, error?: string): void {
    const w = this.waits.get(uid);
    if (!w) return;
    this.cancel(uid);
    w.done(error);
  }
}
