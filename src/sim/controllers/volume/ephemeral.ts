/**
 * The ephemeral volume controller of kube-controller-manager (pkg/controller/volume/ephemeral):
 * for every generic ephemeral volume of a pod it creates the claim `<pod>-<volume>` from the
 * volume's claim template, the pod its controller (controller and blockOwnerDeletion true, so the
 * garbage collector deletes the claim with the pod). A claim of that name the pod does not control
 * is an error: a Warning FailedBinding event on the pod, and the pod is retried with the queue's
 * back-off (the scheduler and the kubelet refuse such a claim too, see kube/ephemeral-volume.ts).
 *
 * Pods are enqueued only when they are added (the informer has no update handler upstream) and
 * when a claim a pod references is deleted, so that it is created again.
 */
import type { PersistentVolumeClaimSpec, Volume } from 'kubernetes-types/core/v1';
import { ApiError } from '../../../errors';
import { claimNotForPod, ephemeralClaimName } from '../../../kube/ephemeral-volume';
import { newControllerRef } from '../../../kube/object';
import type { WatchEvent } from '../../apiserver/store';
import type { Component, SimContext } from '../../context';
import { WorkQueue } from '../../workqueue';
import { queueKey, splitQueueKey } from '../shared/queue-key';
import { PodClaimIndex } from './pod-claims';
import { VolumeSyncError, type ClaimObj, type PodObj } from './types';

/** Event source of the controller's recorder (EventSource{Component: "ephemeral_volume"}). */
export const EPHEMERAL_VOLUME_COMPONENT = 'ephemeral_volume';

export class EphemeralVolumeController implements Component {
  private ctx!: SimContext;
  private queue!: WorkQueue;
  private readonly pods = new PodClaimIndex();

  start(ctx: SimContext): void {
    this.ctx = ctx;
    this.queue = new WorkQueue(ctx.clock, (key) => this.syncPod(key));
    ctx.api.watch((ev) => this.observe(ev), ['Pod', 'PersistentVolumeClaim']);
  }

  private observe(ev: WatchEvent): void {
    if (this.pods.observe(ev)) {
      if (ev.type === 'ADDED') this.enqueuePod(ev.object as PodObj);
      return;
    }
    // onPVCDelete: a pod whose ephemeral claim was deleted gets it again
    if (ev.type !== 'DELETED') return;
    for (const pod of this.pods.podsUsing(ev.object.metadata.namespace, ev.object.metadata.name)) this.enqueuePod(pod);
  }

  private enqueuePod(pod: PodObj): void {
    if (pod.metadata.deletionTimestamp || !pod.spec?.volumes?.some((v) => v.ephemeral)) return;
    this.queue.add(queueKey(pod));
  }

  /** syncHandler: every volume in order; the first failure is reported and retried. */
  private syncPod(key: string): void {
    const [namespace, name] = splitQueueKey(key);
    const pod = this.ctx.api.get<PodObj>('Pod', namespace, name);
    if (!pod || pod.metadata.deletionTimestamp) return;
    for (const v of pod.spec?.volumes ?? []) {
      try {
        this.handleVolume(pod, v);
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        this.ctx.events.record(pod, 'Warning', 'FailedBinding', `ephemeral volume ${v.name}: ${e.message}`, EPHEMERAL_VOLUME_COMPONENT);
        throw e;
      }
    }
  }

  private handleVolume(pod: PodObj, v: Volume): void {
    if (!v.ephemeral) return;
    const claimName = ephemeralClaimName(pod, v);
    const existing = this.ctx.api.get<ClaimObj>('PersistentVolumeClaim', pod.metadata.namespace, claimName);
    if (existing) {
      const notOurs = claimNotForPod(pod, existing);
      if (notOurs) throw new VolumeSyncError(notOurs);
      return;
    }
    const template = v.ephemeral.volumeClaimTemplate;
    const meta = template?.metadata;
    const claim: ClaimObj & { spec: PersistentVolumeClaimSpec } = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        name: claimName,
        namespace: pod.metadata.namespace,
        ownerReferences: [newControllerRef(pod, { apiVersion: 'v1', kind: 'Pod' })],
        ...(meta?.annotations ? { annotations: meta.annotations } : {}),
        ...(meta?.labels ? { labels: meta.labels } : {}),
      },
      spec: template?.spec ?? {},
    };
    try {
      this.ctx.api.create(claim);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      throw new VolumeSyncError(`create PVC ${claimName}: ${e.message}`);
    }
  }
}

