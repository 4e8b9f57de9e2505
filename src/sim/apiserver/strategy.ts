/**
 * Per-kind registry strategies: what the API server itself does to an object on create, on update
 * and on delete, beyond defaulting and validation (pkg/registry/<group>/<kind>/strategy.go).
 */
import type { Pod } from 'kubernetes-types/core/v1';
import type { KObject } from '../../k8s/object';
import { parseQuantity } from '../../k8s/quantity';
import { atLeast, type KubeVersion } from '../../k8s/version';

/**
 * Kinds whose strategy maintains metadata.generation, bumped when anything but metadata and
 * status changes (the spec; for EndpointSlice, which has no spec, its endpoints and ports —
 * pkg/registry/discovery/endpointslice/strategy.go). Pods joined in 1.33 (KEP-5067: the API
 * server populates pod generation). unverified for kinds not listed.
 */
const GENERATION_KINDS = new Set([
  'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'PodDisruptionBudget', 'EndpointSlice',
]);

export function tracksGeneration(kind: string, v: KubeVersion): boolean {
  return GENERATION_KINDS.has(kind) || (kind === 'Pod' && atLeast(v, '1.33'));
}

/**
 * Status the API server writes at create time. Upstream PrepareForCreate drops any user-supplied
 * status for kinds with a status subresource; pods start Pending with their QoS class
 * (pkg/registry/core/pod/strategy.go), claims and volumes start Pending, namespaces Active.
 */
export function initialStatus(obj: KObject): unknown {
  switch (obj.kind) {
    case 'Pod':
      return { phase: 'Pending', qosClass: qosClass(obj as unknown as Pod) };
    case 'PersistentVolumeClaim':
    case 'PersistentVolume':
      return { phase: 'Pending' };
    case 'Namespace':
      return { phase: 'Active' };
    case 'Node':
      return obj.status ?? {};
    default:
      return undefined;
  }
}

/**
 * Pod QoS class (pkg/apis/core/helper/qos): Guaranteed when every container has cpu and memory
 * limits equal to requests, BestEffort when no container sets any request or limit, else Burstable.
 */
export function qosClass(pod: Pod): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    if (Object.keys(req).length || Object.keys(lim).length) any = true;
    for (const r of ['cpu', 'memory']) {
      const l = lim[r];
      // requests default to limits when only limits are given
      const q = req[r] ?? l;
      if (l === undefined || parseQuantity(q as string) !== parseQuantity(l as string)) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/**
 * Grace period for deleting a pod (pkg/registry/core/pod/strategy.go CheckGracefulDelete): the
 * request's value, else the pod's terminationGracePeriodSeconds; but a pod never bound to a node,
 * or already Succeeded/Failed, is deleted at once since no kubelet has anything to stop.
 */
export function podGracePeriod(pod: Pod, requested: number | undefined): number {
  if (!pod.spec?.nodeName) return 0;
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return 0;
  const g = requested ?? pod.spec?.terminationGracePeriodSeconds ?? 30;
  return Math.max(0, g);
}

/**
 * PersistentVolume status strategy: status.lastPhaseTransitionTime is stamped at create and on
 * every phase change (pkg/registry/core/persistentvolume/strategy.go; feature gate
 * PersistentVolumeLastPhaseTransitionTime, beta and on by default from 1.29, GA in 1.31).
 */
export function withPhaseTransitionTime(obj: KObject, old: KObject | undefined, now: string, _v: KubeVersion): KObject {
  if (obj.kind !== 'PersistentVolume') return obj;
  const status = (obj.status ?? {}) as { phase?: string };
  const before = (old?.status as { phase?: string } | undefined)?.phase;
  if (old && status.phase === before) return obj;
  return { ...obj, status: { ...status, lastPhaseTransitionTime: now } };
}
