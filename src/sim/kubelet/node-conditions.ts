/**
 * The node conditions a healthy kubelet reports (pkg/kubelet/nodestatus/setters.go
 * MemoryPressureCondition, DiskPressureCondition, PIDPressureCondition, ReadyCondition), as pure
 * functions of the conditions the Node has now. A setter that changes a condition's status stamps
 * lastTransitionTime and records "Node <name> status is now: <event>"
 * (kubelet_node_status.go recordNodeStatusEvent); every post stamps lastHeartbeatTime.
 */
import type { NodeCondition } from 'kubernetes-types/core/v1';

interface KubeletCondition {
  type: string;
  status: 'True' | 'False';
  reason: string;
  message: string;
  /** the event the setter records when the status changes */
  event: string;
}

/** The simulated node never comes under pressure and its runtime and network are always ready. */
const HEALTHY: readonly KubeletCondition[] = [
  { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available', event: 'NodeHasSufficientMemory' },
  { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure', event: 'NodeHasNoDiskPressure' },
  { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available', event: 'NodeHasSufficientPID' },
  { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', event: 'NodeReady' },
];

/** The pressure events the kubelet records at every start: initialNode runs the setters on a fresh Node. */
export const START_PRESSURE_EVENTS: readonly string[] = HEALTHY.filter((c) => c.type !== 'Ready').map((c) => c.event);

/** The conditions of a Node the kubelet registers, Ready last (the kubelet's order). */
export function initialConditions(now: string): NodeCondition[] {
  return HEALTHY.map((c) => ({ type: c.type, status: c.status, lastHeartbeatTime: now, lastTransitionTime: now, reason: c.reason, message: c.message }));
}

export interface ConditionUpdate {
  /** the conditions to post, heartbeats stamped `now` */
  conditions: NodeCondition[];
  /** whether anything but heartbeat times differs from `current` (nodeStatusHasChanged) */
  changed: boolean;
  /** events of the conditions whose status changed, in setter order */
  events: string[];
}

/**
 * The kubelet's setters applied to `current`: a condition another component set (the node
 * lifecycle controller's Unknown) goes back to the kubelet's value with a new transition time;
 * conditions the kubelet does not own are kept as they are.
 */
export function kubeletConditions(current: readonly NodeCondition[] | undefined, now: string): ConditionUpdate {
  const conditions: NodeCondition[] = (current ?? []).map((c) => ({ ...c }));
  const events: string[] = [];
  let changed = false;
  for (const want of HEALTHY) {
    const i = conditions.findIndex((c) => c.type === want.type);
    const old = i >= 0 ? conditions[i] : undefined;
    const statusChanged = old?.status !== want.status;
    const next: NodeCondition = {
      type: want.type,
      status: want.status,
      lastHeartbeatTime: now,
      lastTransitionTime: statusChanged ? now : old.lastTransitionTime,
      reason: want.reason,
      message: want.message,
    };
    // a missing pressure condition counts as Unknown; ReadyCondition records nothing for a new one
    if (statusChanged && (old || want.type !== 'Ready')) events.push(want.event);
    if (!old || statusChanged || old.reason !== want.reason || old.message !== want.message) changed = true;
    if (i >= 0) conditions[i] = next;
    else conditions.push(next);
  }
  return { conditions, changed, events };
}
