/**
 * The Job controller's writes to pods: creation and deletion through RealPodControl
 * (controllers/shared/pod-control.ts) as "job-controller"; removing the tracking finalizer is a
 * patch without an event (removeTrackingFinalizerPatch).
 */
import { ApiError } from '../../../errors';
import { clone } from '../../../kube/object';
import type { ApiServer } from '../../apiserver/store';
import type { EventRecorder } from '../../events';
import { PodControl } from '../shared/pod-control';
import { COMPONENT, TRACKING_FINALIZER, type PodObj } from './types';

export class JobPodControl extends PodControl {
  constructor(api: ApiServer, events: EventRecorder) {
    super(api, events, COMPONENT);
  }

  /**
   * The `$deleteFromPrimitiveList/finalizers` patch: removes the tracking finalizer from the
   * current incarnation of the pod. A pod that is gone counts as done (NotFound is rethrown for
   * callers that care).
   */
  removeFinalizer(pod: PodObj): void {
    const cur = this.api.get<PodObj>('Pod', pod.metadata.namespace, pod.metadata.name);
    if (!cur || cur.metadata.uid !== pod.metadata.uid) throw new ApiError(404, 'NotFound', `pods "${pod.metadata.name}" not found`);
    if (!(cur.metadata.finalizers ?? []).includes(TRACKING_FINALIZER)) return;
    const next = clone(cur);
    const rest = (cur.metadata.finalizers ?? []).filter((f) => f !== TRACKING_FINALIZER);
    if (rest.length) next.metadata.finalizers = rest;
    else delete next.metadata.finalizers;
    delete next.metadata.resourceVersion;
    this.api.update(next);
  }
}
