/**
 * The controller's view of one node's health and tryUpdateNodeHealth
 * (node_lifecycle_controller.go): when the controller last saw the node alive (probeTimestamp),
 * and, once that is longer ago than the grace period, the node's conditions set to Unknown.
 *
 * probeTimestamp only grows (every branch upstream sets it to "now" or keeps it), so the
 * controller's two sources combine with max(): the node status (a changed Ready heartbeat, a
 * first sighting) and the kubelet's Lease, whose renewals the controller notices at its next run.
 */
import type { Node, NodeCondition, NodeStatus } from 'kubernetes-types/core/v1';
import { deepEqual } from '../../../kube/equal';
import { nodeCondition } from './node-conditions';

export interface NodeHealth {
  /** the status as the controller last recorded it (its savedCondition comes from here) */
  status: NodeStatus;
  probeMs: number;
  readyTransitionMs: number;
}

export interface HealthCheck {
  node: Node;
  saved: NodeHealth | undefined;
  /** when the controller saw the node's latest Lease renewal; undefined for a node with no Lease */
  leaseSeenMs: number | undefined;
  now: number;
  monitorGracePeriodMs: number;
  startupGracePeriodMs: number;
  /** RFC 3339 of virtual time / back */
  timestamp(ms: number): string;
  parseTime(text: string): number;
}

export interface HealthResult {
  health: NodeHealth;
  /** the Ready condition before this check (a fake Unknown one when the kubelet never posted it) */
  observed: NodeCondition;
  /** the Ready condition after it; undefined when the node has none */
  current: NodeCondition | undefined;
  /** the status to write with UpdateStatus, when the conditions went Unknown */
  write?: NodeStatus;
}

/** The conditions the controller turns Unknown; NetworkUnavailable is managed elsewhere. */
const STALE_CONDITION_TYPES = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];

export function tryUpdateNodeHealth(c: HealthCheck): HealthResult {
  const current = nodeCondition(c.node, 'Ready');
  const status = c.node.status ?? {};
  const created = c.node.metadata!.creationTimestamp!;
  let health = c.saved;
  let observed: NodeCondition;
  let grace: number;
  if (!current) {
    // The kubelet never posted a status: judged from the node's creation, with the startup grace.
    observed = { type: 'Ready', status: 'Unknown', lastHeartbeatTime: created, lastTransitionTime: created };
    grace = c.startupGracePeriodMs;
    const createdMs = c.parseTime(created);
    health = health ? { ...health, status } : { status, probeMs: createdMs, readyTransitionMs: createdMs };
  } else {
    observed = current;
    grace = c.monitorGracePeriodMs;
  }
  health = observeStatus(health, status, current, c.now);
  if (c.leaseSeenMs !== undefined && c.leaseSeenMs > health.probeMs) health = { ...health, probeMs: c.leaseSeenMs };

  // At or after, not strictly after: upstream's runs drift a little later each period
  // (wait.Until restarts its timer after each run), so the run one grace period after the probe
  // is already past it.
  if (c.now - health.probeMs < grace) return { health, observed, current };
  const conditions = staleConditions(status.conditions ?? [], c.timestamp(c.now), created);
  const next = conditions.find((x) => x.type === 'Ready');
  if (deepEqual(next, observed)) return { health, observed, current: next };
  const write = { ...status, conditions };
  return { health: { status: write, probeMs: health.probeMs, readyTransitionMs: c.now }, observed, current: next, write };
}

/** The status branches of tryUpdateNodeHealth: a first sighting or a new Ready heartbeat moves the probe to now. */
function observeStatus(health: NodeHealth | undefined, status: NodeStatus, current: NodeCondition | undefined, now: number): NodeHealth {
  if (!health) return { status, probeMs: now, readyTransitionMs: now };
  const saved = savedReady(health);
  if (!saved && current) return { status, probeMs: now, readyTransitionMs: now };
  if (saved && !current) return { status, probeMs: now, readyTransitionMs: now };
  if (saved && current && saved.lastHeartbeatTime !== current.lastHeartbeatTime) {
    const transition = saved.lastTransitionTime !== current.lastTransitionTime ? now : health.readyTransitionMs;
    return { status, probeMs: now, readyTransitionMs: transition };
  }
  return health;
}

function savedReady(h: NodeHealth): NodeCondition | undefined {
  return h.status.conditions?.find((c) => c.type === 'Ready');
}

/** Ready and the pressure conditions as Unknown; missing ones added as never updated. */
function staleConditions(existing: readonly NodeCondition[], now: string, created: string): NodeCondition[] {
  const out = existing.map((cond) => {
    if (!STALE_CONDITION_TYPES.includes(cond.type) || cond.status === 'Unknown') return cond;
    return { ...cond, status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: now };
  });
  for (const type of STALE_CONDITION_TYPES) {
    if (existing.some((x) => x.type === type)) continue;
    out.push({
      type,
      status: 'Unknown',
      lastHeartbeatTime: created,
      lastTransitionTime: now,
      reason: 'NodeStatusNeverUpdated',
      message: 'Kubelet never posted node status.',
    });
  }
  return out;
}
