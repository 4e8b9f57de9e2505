/**
 * The ReplicaSet's pods: built from its template with its controller ref, created and deleted
 * through RealPodControl (controllers/shared/pod-control.ts) as "replicaset-controller".
 */
import type { ApiServer } from '../../apiserver/store';
import type { EventRecorder } from '../../events';
import { PodControl } from '../shared/pod-control';
import { podFromTemplate } from './pod-template';
import { COMPONENT, newControllerRef, REPLICASET_GVK, type PodObj, type ReplicaSetObj } from './types';

export { isNamespaceTerminating, messageOf } from '../shared/pod-control';

export class ReplicaSetPodControl extends PodControl {
  constructor(api: ApiServer, events: EventRecorder) {
    super(api, events, COMPONENT);
  }

  createPodFor(rs: ReplicaSetObj): PodObj {
    return this.createPod(rs, podFromTemplate(rs, newControllerRef(rs, REPLICASET_GVK)));
  }
}
