/**
 * RealPodControl (pkg/controller/controller_utils.go): how the ReplicaSet, DaemonSet and Job
 * controllers create and delete their pods, with the events upstream records on the owner from
 * the controller's component: Normal SuccessfulCreate "Created pod: <name>" / Warning
 * FailedCreate "Error creating: <err>" (not when the namespace is terminating), Normal
 * SuccessfulDelete "Deleted pod: <name>" / Warning FailedDelete "Error deleting: <err>".
 */
import { ApiError } from '../../../errors';
import type { KObject } from '../../../kube/object';
import type { PodObj } from '../../../kube/pod-state';
import type { ApiServer } from '../../apiserver/store';
import type { EventRecorder } from '../../events';

export class PodControl {
  constructor(
    protected readonly api: ApiServer,
    private readonly events: EventRecorder,
    private readonly component: string,
  ) {}

  /** CreatePods: the pod as the controller built it (template, controller ref, labels). */
  createPod<P extends PodObj>(owner: KObject, pod: P): P {
    if (!Object.keys(pod.metadata.labels ?? {}).length) throw new ApiError(500, 'InternalError', 'unable to create pods, no labels');
    let created: P;
    try {
      created = this.api.create<P>(pod);
    } catch (err) {
      if (!isNamespaceTerminating(err)) this.record(owner, 'Warning', 'FailedCreate', `Error creating: ${messageOf(err)}`);
      throw err;
    }
    this.record(owner, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`);
    return created;
  }

  /** DeletePod: NotFound is rethrown as is; any other failure after a FailedDelete event. */
  deletePod(owner: KObject, pod: PodObj): void {
    try {
      this.api.delete('Pod', pod.metadata.namespace, pod.metadata.name);
    } catch (err) {
      if (err instanceof ApiError && err.reason === 'NotFound') throw err;
      this.record(owner, 'Warning', 'FailedDelete', `Error deleting: ${messageOf(err)}`);
      throw new ApiError(500, 'InternalError', `unable to delete pods: ${messageOf(err)}`);
    }
    this.record(owner, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
  }

  private record(obj: KObject, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.events.record(obj, type, reason, message, this.component);
  }
}

/**
 * The API server's refusal to create in a terminating namespace (cause NamespaceTerminating);
 * controllers treat it as nothing to do.
 */
export function isNamespaceTerminating(err: unknown): boolean {
  if (!(err instanceof ApiError)) return false;
  return err.causes.some((c) => c.reason === 'NamespaceTerminating') || (err.status === 403 && err.message.includes('because it is being terminated'));
}

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
