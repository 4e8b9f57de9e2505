/**
 * The pods/binding subresource (pkg/registry/core/pod/storage/storage.go BindingREST,
 * setPodNodeAndMetadata): how the scheduler's bind changes a pod.
 */
import type { Pod, PodStatus } from 'kubernetes-types/core/v1';
import { ApiError } from '../../errors';
import type { Mutable } from '../../kube/object';
import { atLeast, type KubeVersion } from '../../kube/version';
import { withCondition } from '../../kube/pod-condition';

export interface BindingOptions {
  now: string;
  /** PodObservedGenerationTracking: the condition carries the pod's generation */
  observedGeneration: boolean;
  /** ClearingNominatedNodeNameAfterBinding (beta 1.35): the binding clears status.nominatedNodeName */
  clearNominatedNodeName: boolean;
}

/**
 * The pods/binding subresource on a pod: refused for a pod being deleted, already assigned or
 * still gated; otherwise sets spec.nodeName and PodScheduled=True. The API server writes this
 * without the pod strategy, so metadata.generation does not move.
 */
export function applyBinding(pod: Pod, node: string, opts: BindingOptions): Pod {
  const name = pod.metadata?.name ?? '';
  if (pod.metadata?.deletionTimestamp) throw new ApiError(500, 'InternalError', `pod ${name} is being deleted, cannot be assigned to a host`);
  if (pod.spec?.nodeName) {
    throw new ApiError(409, 'Conflict', `Operation cannot be fulfilled on pods/binding "${name}": pod ${name} is already assigned to node "${pod.spec.nodeName}"`);
  }
  if (pod.spec?.schedulingGates?.length) {
    throw new ApiError(409, 'Conflict', `Operation cannot be fulfilled on pods/binding "${name}": pod ${name} has non-empty .spec.schedulingGates`);
  }
  const next: Mutable<Pod> = { ...pod, metadata: { ...pod.metadata }, spec: { ...pod.spec!, nodeName: node } };
  const generation = opts.observedGeneration ? pod.metadata?.generation : undefined;
  const status: Mutable<PodStatus> = withCondition(pod.status, { type: 'PodScheduled', status: 'True', observedGeneration: generation }, opts.now) ?? { ...(pod.status ?? {}) };
  if (opts.clearNominatedNodeName) delete status.nominatedNodeName;
  next.status = status;
  return next;
}

/**
 * The binding options of an emulated version: PodObservedGenerationTracking (beta 1.34) and
 * ClearingNominatedNodeNameAfterBinding (beta 1.35).
 */
export function bindingOptions(version: KubeVersion, now: string): BindingOptions {
  return { now, observedGeneration: atLeast(version, '1.34'), clearNominatedNodeName: atLeast(version, '1.35') };
}
