/**
 * The scheduler's API writes: binding a pod (pods/binding), the PodScheduled condition and
 * nominatedNodeName on failure (util.PatchPodStatus), and the volume binder's updates
 * (binder.go bindAPIUpdate). Each reads the latest object first, as a PATCH would apply to it.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { clone, type KObject } from '../../kube/object';
import type { ApiServer } from '../apiserver/store';
import { claimReference, ANN_BOUND_BY_CONTROLLER, ANN_SELECTED_NODE, type ClaimObj, type VolumeObj } from '../controllers/volume/types';
import { isVolumeBoundToClaim } from '../controllers/volume/matching';
import { withCondition, type ConditionChange } from '../../kube/pod-condition';

/** POST pods/<name>/binding (the store's binding subresource). Throws ApiError when refused. */
export function bindPod(api: ApiServer, pod: Pod, node: string): void {
  api.bind(pod.metadata!.namespace!, pod.metadata!.name!, node);
}

/**
 * util.PatchPodStatus for a failed attempt: the PodScheduled condition and, when the caller says
 * so, status.nominatedNodeName ("" clears it). Skips the write when nothing changes.
 */
export function patchSchedulingStatus(api: ApiServer, pod: Pod, condition: ConditionChange | undefined, nominated: string | undefined, now: string): void {
  const current = api.get<Pod>('Pod', pod.metadata!.namespace, pod.metadata!.name!);
  if (!current || current.metadata?.uid !== pod.metadata?.uid) return;
  let status = condition ? withCondition(current.status, condition, now) : undefined;
  if (nominated !== undefined && (current.status?.nominatedNodeName ?? '') !== nominated) {
    status = status ?? { ...(current.status ?? {}) };
    if (nominated) status.nominatedNodeName = nominated;
    else delete status.nominatedNodeName;
  }
  if (!status) return;
  api.updateStatus({ ...(current as unknown as KObject), status });
}

/**
 * bindAPIUpdate: a chosen static volume gets the claim in spec.claimRef (and
 * pv.kubernetes.io/bound-by-controller unless it was pre-bound), so the PV controller completes
 * the bind; a claim to provision gets volume.kubernetes.io/selected-node for the provisioner.
 */
export function writeVolumeDecisions(api: ApiServer, bindings: ReadonlyArray<{ pv: VolumeObj; pvc: ClaimObj }>, provisions: readonly ClaimObj[], node: string): void {
  for (const { pv, pvc } of bindings) {
    const current = api.get<VolumeObj>('PersistentVolume', undefined, pv.metadata.name) ?? pv;
    const claim = api.get<ClaimObj>('PersistentVolumeClaim', pvc.metadata.namespace, pvc.metadata.name) ?? pvc;
    const next = clone(current);
    const ref = next.spec?.claimRef;
    const preBound = isVolumeBoundToClaim(current, claim);
    if (!ref || ref.name !== claim.metadata.name || ref.namespace !== claim.metadata.namespace || ref.uid !== claim.metadata.uid) {
      next.spec = { ...next.spec, claimRef: claimReference(claim) };
    }
    if (!preBound && !next.metadata.annotations?.[ANN_BOUND_BY_CONTROLLER]) {
      next.metadata.annotations = { ...next.metadata.annotations, [ANN_BOUND_BY_CONTROLLER]: 'yes' };
    }
    api.update(next);
  }
  for (const pvc of provisions) {
    const current = api.get<ClaimObj>('PersistentVolumeClaim', pvc.metadata.namespace, pvc.metadata.name) ?? pvc;
    if (current.metadata.annotations?.[ANN_SELECTED_NODE] === node) continue;
    const next = clone(current);
    next.metadata.annotations = { ...next.metadata.annotations, [ANN_SELECTED_NODE]: node };
    api.update(next);
  }
}

