/**
 * How many replicas each ReplicaSet gets (deployment_util.go NewRSNewReplicas,
 * GetReplicaSetProportion, getReplicaSetFraction; sync.go scale's proportional part). Pure.
 */
import { intAnnotation } from './annotations';
import { maxSurge, scaledValue } from './fenceposts';
import { bySizeNewer, bySizeOlder, specReplicas } from './replica-sets';
import { MAX_REPLICAS_ANNOTATION, replicasOf, type DeploymentObj, type ReplicaSetObj } from './types';

/**
 * NewRSNewReplicas: RollingUpdate grows the new RS up to replicas + maxSurge in total and never
 * past spec.replicas; Recreate gives it spec.replicas.
 */
export function newRSNewReplicas(d: DeploymentObj, allRSs: readonly ReplicaSetObj[], newRS: ReplicaSetObj): number {
  const want = replicasOf(d);
  if (d.spec.strategy?.type === 'Recreate') return want;
  const surge = scaledValue(d.spec.strategy?.rollingUpdate?.maxSurge, want, true);
  const maxTotal = want + surge;
  const current = specReplicas(allRSs);
  if (current >= maxTotal) return replicasOf(newRS);
  return replicasOf(newRS) + Math.min(maxTotal - current, want - replicasOf(newRS));
}

/** integer.RoundToInt32: halves away from zero. */
function roundHalfAway(x: number): number {
  return x < 0 ? Math.trunc(x - 0.5) : Math.trunc(x + 0.5);
}

/**
 * getReplicaSetFraction: the RS's share of the new total, judged from the max-replicas
 * annotation it was last scaled with (falling back to status.replicas of the deployment).
 */
function fraction(rs: ReplicaSetObj, d: DeploymentObj): number {
  if (replicasOf(d) === 0) return -replicasOf(rs);
  const maxNow = replicasOf(d) + maxSurge(d);
  let before = intAnnotation(rs, MAX_REPLICAS_ANNOTATION);
  if (!before) before = d.status?.replicas ?? 0;
  return roundHalfAway((replicasOf(rs) * maxNow) / before) - replicasOf(rs);
}

/** GetReplicaSetProportion: the fraction, bounded by what is left to add (or remove). */
function proportion(rs: ReplicaSetObj, d: DeploymentObj, toAdd: number, added: number): number {
  if (replicasOf(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const allowed = toAdd - added;
  const f = fraction(rs, d);
  return toAdd > 0 ? Math.min(f, allowed) : Math.max(f, allowed);
}

export interface ProportionalPlan {
  /** the active RSs in the order upstream updates them */
  order: ReplicaSetObj[];
  sizes: Map<string, number>;
  operation?: 'up' | 'down';
}

/**
 * The proportional part of scale(): spread (replicas + maxSurge) − current over the active RSs,
 * largest first (ties: newer first when growing, older first when shrinking), leftovers to the
 * first, never below 0.
 */
export function proportionalPlan(d: DeploymentObj, active: ReplicaSetObj[]): ProportionalPlan {
  const current = specReplicas(active);
  const allowed = replicasOf(d) > 0 ? replicasOf(d) + maxSurge(d) : 0;
  const toAdd = allowed - current;
  const order = [...active];
  let operation: 'up' | 'down' | undefined;
  if (toAdd > 0) {
    order.sort(bySizeNewer);
    operation = 'up';
  } else if (toAdd < 0) {
    order.sort(bySizeOlder);
    operation = 'down';
  }
  const sizes = new Map<string, number>();
  let added = 0;
  for (const rs of order) {
    if (toAdd === 0) {
      sizes.set(rs.metadata.name, replicasOf(rs));
      continue;
    }
    const p = proportion(rs, d, toAdd, added);
    sizes.set(rs.metadata.name, replicasOf(rs) + p);
    added += p;
  }
  if (order.length && toAdd !== 0) {
    const first = order[0]!.metadata.name;
    sizes.set(first, Math.max(0, sizes.get(first)! + toAdd - added));
  }
  return { order, sizes, operation };
}
