/**
 * Pods by the claims they reference: pkg/controller/volume/common PodPVCIndexFunc, the index the
 * PV and PVC-protection controllers keep over their pod informer so that "who uses this claim"
 * costs the number of such pods, not a scan of every pod.
 */
import type { ContainerStatus } from 'kubernetes-types/core/v1';
import { ephemeralClaimName } from '../../../kube/ephemeral-volume';
import { keyOf } from '../../../kube/object';
import type { WatchEvent } from '../../apiserver/store';
import { type PodObj, byteOrder } from './types';
import { namespacedKey } from '../shared/queue-key';

/** The claim names a pod references, directly or through generic ephemeral volumes. */
export function claimNamesOfPod(pod: PodObj): string[] {
  const names: string[] = [];
  for (const v of pod.spec?.volumes ?? []) {
    if (v.persistentVolumeClaim) names.push(v.persistentVolumeClaim.claimName);
    else if (v.ephemeral) names.push(ephemeralClaimName(pod, v));
  }
  return names;
}

/**
 * pkg/volume/util IsPodTerminated: Succeeded or Failed, or being deleted with no container still
 * running (every status is waiting or terminated).
 */
export function isPodTerminated(pod: PodObj): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Failed' || phase === 'Succeeded') return true;
  if (!pod.metadata.deletionTimestamp) return false;
  const s = pod.status ?? {};
  return [s.initContainerStatuses, s.containerStatuses, s.ephemeralContainerStatuses].every(notRunning);
}

function notRunning(statuses: ContainerStatus[] | undefined): boolean {
  return (statuses ?? []).every((c) => !!c.state?.terminated || !!c.state?.waiting);
}

export class PodClaimIndex {
  /** claim key -> pod store key -> latest pod */
  private readonly byClaim = new Map<string, Map<string, PodObj>>();

  /** Feeds a watch event; returns true when it was a Pod event. */
  observe(ev: WatchEvent): boolean {
    if (ev.object.kind !== 'Pod') return false;
    if (ev.old) this.remove(ev.old as PodObj);
    if (ev.type === 'DELETED') this.remove(ev.object as PodObj);
    else this.add(ev.object as PodObj);
    return true;
  }

  /** Pods referencing the claim, sorted by name. */
  podsUsing(namespace: string | undefined, claimName: string): PodObj[] {
    const pods = [...(this.byClaim.get(namespacedKey(namespace, claimName))?.values() ?? [])];
    return pods.sort((a, b) => byteOrder(a.metadata.name, b.metadata.name));
  }

  private add(pod: PodObj): void {
    for (const name of claimNamesOfPod(pod)) {
      const key = namespacedKey(pod.metadata.namespace, name);
      let pods = this.byClaim.get(key);
      if (!pods) this.byClaim.set(key, (pods = new Map()));
      pods.set(keyOf(pod), pod);
    }
  }

  private remove(pod: PodObj): void {
    for (const name of claimNamesOfPod(pod)) {
      const key = namespacedKey(pod.metadata.namespace, name);
      const pods = this.byClaim.get(key);
      pods?.delete(keyOf(pod));
      if (pods && !pods.size) this.byClaim.delete(key);
    }
  }
}
