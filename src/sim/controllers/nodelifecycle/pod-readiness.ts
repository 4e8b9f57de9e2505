/**
 * MarkPodsNotReady (pkg/controller/util/node/controller_utils.go): when a node stops being Ready,
 * the controller sets each of its pods' Ready condition to False itself (the kubelet may be gone)
 * and records a NodeNotReady warning on the pod. Only Ready changes; ContainersReady and the
 * condition's reason and message stay as the kubelet left them.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { ApiError } from '../../../errors';
import type { KObject } from '../../../kube/object';
import { withCondition } from '../../../kube/pod-condition';
import type { ApiServer } from '../../apiserver/store';
import type { EventRecorder } from '../../events';
import { NODE_CONTROLLER_COMPONENT } from './config';

type ReadyCondition = { status: string; reason?: string; message?: string; observedGeneration?: number };

/** Returns false when some pod could not be updated (upstream queues the node for a retry). */
export function markPodsNotReady(api: ApiServer, events: EventRecorder, pods: readonly Pod[], node: string): boolean {
  let ok = true;
  for (const pod of pods) {
    if (pod.spec?.nodeName !== node) continue;
    const ready = pod.status?.conditions?.find((c) => c.type === 'Ready') as ReadyCondition | undefined;
    if (!ready) continue;
    const status = withCondition(pod.status, {
      type: 'Ready',
      status: 'False',
      reason: ready.reason,
      message: ready.message,
      observedGeneration: ready.observedGeneration,
    }, api.timestamp());
    if (!status) continue;
    try {
      api.updateStatus({ ...(pod as unknown as KObject), status });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err.status === 404) continue;
      ok = false;
    }
    // recorded after the update, so the pod is known to exist (upstream's order)
    events.record(pod as unknown as KObject, 'Warning', 'NodeNotReady', 'Node is not ready', NODE_CONTROLLER_COMPONENT);
  }
  return ok;
}
