/**
 * Daemon pods are created and deleted through RealPodControl (controllers/shared/pod-control.ts),
 * recorded on the DaemonSet by "daemonset-controller"; the pod comes ready-made (the DaemonSet's
 * template pinned to one node, with its controller ref).
 */
import type { ApiServer } from '../../apiserver/store';
import type { EventRecorder } from '../../events';
import { PodControl } from '../shared/pod-control';
import { COMPONENT } from './types';

export class DaemonPodControl extends PodControl {
  constructor(api: ApiServer, events: EventRecorder) {
    super(api, events, COMPONENT);
  }
}
