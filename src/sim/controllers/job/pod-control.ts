/**
 * The Job controller's writes to pods, with the events of controller_utils.go RealPodControl
 * (about the Job, from "job-controller"): Normal SuccessfulCreate "Created pod: <name>" /
 * Warning FailedCreate "Error creating: <err>", Normal SuccessfulDelete "Deleted pod: <name>" /
 * Warning FailedDelete "Error deleting: <err>". Removing the tracking finalizer is a patch
 * without an event (removeTrackingFinalizerPatch).
 */
import { ApiError } from '../../../errors';
import { clone } from '../../../k8s/object';
import type { ApiServer } from '../../apiserver/store';
import type { EventRecorder } from '../../events';
import { isNamespaceTerminating, messageOf } from '../replicaset/pod-control';
import { COMPONENT, TRACKING_FINALIZER, type JobObj, type PodObj } from './types';

export class JobPodControl {
  constructor(
    private readonly api: ApiServer,
    private readonly events: EventRecorder,
  ) {}

  create(job: JobObj, pod: PodObj): PodObj {
    let created: PodObj;
    try {
      created = this.api.create<PodObj>(pod);
    } catch (err) {
      if (!isNamespaceTerminating(err)) this.events.record(job, 'Warning', 'FailedCreate', `Error creating: ${messageOf(err)}`, COMPONENT);
      throw err;
    }
    this.events.record(job, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`, COMPONENT);
    return created;
  }

  /** DeletePod; NotFound is rethrown without an event. */
  delete(job: JobObj, pod: PodObj): void {
    try {
      this.api.delete('Pod', pod.metadata.namespace, pod.metadata.name);
    } catch (err) {
      if (err instanceof ApiError && err.reason === 'NotFound') throw err;
      this.events.record(job, 'Warning', 'FailedDelete', `Error deleting: ${messageOf(err)}`, COMPONENT);
      throw err;
    }
    this.events.record(job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`, COMPONENT);
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
