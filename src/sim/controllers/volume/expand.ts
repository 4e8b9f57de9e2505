/**
 * The volume expand controller of kube-controller-manager (pkg/controller/volume/expand,
 * expand_controller.go, "persistentvolume-expander-controller"). A bound claim whose
 * spec.resources.requests.storage grew past status.capacity is looked at; the controller expands
 * it only through an in-tree plugin that can resize on the controller side.
 *
 * Which plugins that is: the controller probes hostPath, NFS, FC, iSCSI and CSI and keeps those
 * implementing ExpandableVolumePlugin (cmd/kube-controller-manager/app/plugins.go
 * ProbeExpandableVolumePlugins) — none of them does (CSI is only node-expandable: csi/expander.go),
 * so FindExpandablePluginBySpec finds nothing for the hostPath, local and NFS volumes the simulator
 * serves, and syncHandler records a Normal ExternalExpanding "waiting for an external controller to
 * expand this PVC" and stops: the claim keeps its capacity until an external resizer (none runs on
 * kind or here) grows it. flexVolume (a no-op plugin) and CSI-migrated in-tree sources take other
 * paths upstream; the simulator refuses those sources (field-inventory.ts), so they never get here.
 */
import { parseQuantity } from '../../../kube/quantity';
import type { WatchEvent } from '../../apiserver/store';
import type { Component, SimContext } from '../../context';
import { WorkQueue } from '../../workqueue';
import { queueKey, splitQueueKey } from '../shared/queue-key';
import { hasAnnotation, VolumeSyncError, type ClaimObj, type VolumeObj } from './types';

/** Event source of the controller's recorder (NewExpandController: EventSource{Component: "volume_expand"}). */
export const VOLUME_EXPAND_COMPONENT = 'volume_expand';

/** util.AnnPreResizeCapacity (pkg/volume/util/resize_util.go): a resize the node has not finished. */
export const ANN_PRE_RESIZE_CAPACITY = 'volume.alpha.kubernetes.io/pre-resize-capacity';

/** The event syncHandler records when no in-tree plugin can expand the volume. */
export const EXTERNAL_EXPANDING_MESSAGE = 'waiting for an external controller to expand this PVC';

export class ExpandController implements Component {
  private ctx!: SimContext;
  private queue!: WorkQueue;

  start(ctx: SimContext): void {
    this.ctx = ctx;
    this.queue = new WorkQueue(ctx.clock, (key) => this.syncClaim(key));
    ctx.api.watch((ev) => this.observe(ev), ['PersistentVolumeClaim']);
  }

  /**
   * NewExpandController's handlers: every claim when added, and on update only when the request or
   * the status capacity grew; enqueuePVC keeps Bound claims only. (The delete handler enqueues
   * too, but a deleted claim's sync does nothing, so it is not modelled.)
   */
  private observe(ev: WatchEvent): void {
    const claim = ev.object as ClaimObj;
    if (ev.type === 'DELETED') return;
    if (ev.type === 'MODIFIED' && ev.old && !grew(ev.old as ClaimObj, claim)) return;
    if (claim.status?.phase === 'Bound') this.queue.add(queueKey(claim));
  }

  /** syncHandler */
  private syncClaim(key: string): void {
    const [namespace, name] = splitQueueKey(key);
    const claim = this.ctx.api.get<ClaimObj>('PersistentVolumeClaim', namespace, name);
    if (!claim) return;
    const volumeName = claim.spec?.volumeName ?? '';
    const pv = this.ctx.api.get<VolumeObj>('PersistentVolume', undefined, volumeName);
    if (!pv) throw new VolumeSyncError(`failed to get PV "${volumeName}": persistentvolumes "${volumeName}" not found`);
    const ref = pv.spec?.claimRef;
    if (!ref || ref.namespace !== namespace || ref.uid !== claim.metadata.uid) {
      throw new VolumeSyncError(`persistent Volume is not bound to PVC being updated : ${key}`);
    }
    if (storage(requested(claim)) <= storage(capacity(claim)) && !hasAnnotation(pv, ANN_PRE_RESIZE_CAPACITY)) return;
    this.ctx.events.record(claim, 'Normal', 'ExternalExpanding', EXTERNAL_EXPANDING_MESSAGE, VOLUME_EXPAND_COMPONENT);
  }
}

function requested(claim: ClaimObj): unknown {
  return claim.spec?.resources?.requests?.storage;
}

function capacity(claim: ClaimObj): unknown {
  return claim.status?.capacity?.storage;
}

/** A missing quantity is zero, as a Go map lookup of a resource.Quantity is. */
function storage(q: unknown): number {
  return q === undefined ? 0 : parseQuantity(q as string) ?? 0;
}

/** The update handler's test: the request or the status capacity grew. */
function grew(old: ClaimObj, claim: ClaimObj): boolean {
  return storage(requested(claim)) > storage(requested(old)) || storage(capacity(claim)) > storage(capacity(old));
}
