/**
 * The text of the ScalingReplicaSet event (sync.go getNewReplicaSet and scaleReplicaSet).
 * kubernetes#125118 (first in v1.32.0-alpha.2, CHANGELOG-1.32) reordered it to read
 * "Scaled up replica set web-5d4f from 4 to 5" and "Scaled up replica set web-5d4f from 0 to 5"
 * on creation. Before 1.32 the same events read "Scaled up replica set web-5d4f to 5 from 4"
 * (the old count added by kubernetes#101142) and, on creation, "Scaled up replica set web-5d4f to 5".
 */
import { atLeast, type KubeVersion } from '../../../kube/version';

export function scaledEventMessage(version: KubeVersion, operation: 'up' | 'down', rsName: string, from: number, to: number): string {
  return atLeast(version, '1.32')
    ? `Scaled ${operation} replica set ${rsName} from ${from} to ${to}`
    : `Scaled ${operation} replica set ${rsName} to ${to} from ${from}`;
}

/** The event when the controller creates the new ReplicaSet with `replicas` > 0. */
export function createdEventMessage(version: KubeVersion, rsName: string, replicas: number): string {
  return atLeast(version, '1.32')
    ? `Scaled up replica set ${rsName} from 0 to ${replicas}`
    : `Scaled up replica set ${rsName} to ${replicas}`;
}
