/**
 * Creating and deleting a ReplicaSet's pods with upstream's events (controller_utils.go
 * RealPodControl): Normal SuccessfulCreate "Created pod: <name>" / Warning FailedCreate
 * "Error creating: <err>", Normal SuccessfulDelete "Deleted pod: <name>" / Warning FailedDelete
 * "Error deleting: <err>", all about the ReplicaSet, from "replicaset-controller".
 */
import { ApiError } from '../../../errors';
import type { KObject } from '../../../k8s/object';
import type { ApiServer } from '../../apiserver/store';
import type { EventRecorder } from '../../events';
import { podFromTemplate } from './pod-template';
import { COMPONENT, newControllerRef, REPLICASET_GVK, type PodObj, type ReplicaSetObj } from './types';

export class PodControl {
  constructor(
    private readonly api: ApiServer,
    private readonly events: EventRecorder,
    private readonly component = COMPONENT,
  ) {}

  createPod(rs: ReplicaSetObj): PodObj {
    const pod = podFromTemplate(rs, newControllerRef(rs, REPLICASET_GVK));
    if (!Object.keys(pod.metadata.labels ?? {}).length) throw new ApiError(500, 'InternalError', 'unable to create pods, no labels');
    let created: PodObj;
    try {
      created = this.api.create<PodObj>(pod);
    } catch (err) {
      if (!isNamespaceTerminating(err)) this.record(rs, 'Warning', 'FailedCreate', `Error creating: ${messageOf(err)}`);
      throw err;
    }
    this.record(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`);
    return created;
  }

  deletePod(rs: ReplicaSetObj, pod: PodObj): void {
    try {
      this.api.delete('Pod', pod.metadata.namespace, pod.metadata.name);
    } catch (err) {
      if (err instanceof ApiError && err.reason === 'NotFound') throw err;
      this.record(rs, 'Warning', 'FailedDelete', `Error deleting: ${messageOf(err)}`);
      throw new ApiError(500, 'InternalError', `unable to delete pods: ${messageOf(err)}`);
    }
    this.record(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
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
