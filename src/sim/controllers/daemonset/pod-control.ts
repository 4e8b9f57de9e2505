/**
 * Creating and deleting daemon pods with RealPodControl's events (controller_utils.go), recorded
 * on the DaemonSet by "daemonset-controller": Normal SuccessfulCreate "Created pod: <name>" /
 * Warning FailedCreate "Error creating: <err>" (not for a terminating namespace), Normal
 * SuccessfulDelete "Deleted pod: <name>" / Warning FailedDelete "Error deleting: <err>".
 * Deletion is the ReplicaSet controller's PodControl; creation differs only in taking a ready
 * pod (RealPodControl.CreatePods with the DaemonSet's own template and controller ref).
 */
import { ApiError } from '../../../errors';
import type { ApiServer } from '../../apiserver/store';
import type { EventRecorder } from '../../events';
import { isNamespaceTerminating, messageOf, PodControl } from '../replicaset/pod-control';
import type { ReplicaSetObj } from '../replicaset/types';
import { COMPONENT, type DaemonSetObj, type PodObj } from './types';

export class DaemonPodControl {
  private readonly deleter: PodControl;

  constructor(
    private readonly api: ApiServer,
    private readonly events: EventRecorder,
  ) {
    this.deleter = new PodControl(api, events, COMPONENT);
  }

  createPod(ds: DaemonSetObj, pod: PodObj): PodObj {
    if (!Object.keys(pod.metadata.labels ?? {}).length) throw new ApiError(500, 'InternalError', 'unable to create pods, no labels');
    let created: PodObj;
    try {
      created = this.api.create<PodObj>(pod);
    } catch (err) {
      if (!isNamespaceTerminating(err)) this.events.record(ds, 'Warning', 'FailedCreate', `Error creating: ${messageOf(err)}`, COMPONENT);
      throw err;
    }
    this.events.record(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`, COMPONENT);
    return created;
  }

  /** DeletePod: throws NotFound as is, any other failure after a FailedDelete event. */
  deletePod(ds: DaemonSetObj, pod: PodObj): void {
    // PodControl only records on the owner object it is given; any kind will do.
    this.deleter.deletePod(ds as unknown as ReplicaSetObj, pod);
  }
}
