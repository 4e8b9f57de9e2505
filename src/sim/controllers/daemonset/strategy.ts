/**
 * The update strategy's numbers (daemon/util/daemonset_util.go SurgeCount, UnavailableCount,
 * AllowsSurge; update.go updatedDesiredNodeCounts). Both are a count or a percentage of the
 * nodes that should run the daemon, and — unlike a Deployment's maxUnavailable — BOTH percentages
 * round up (GetScaledValueFromIntOrPercent(..., true)). OnDelete has neither.
 */
import { scaledValue } from '../deployment/fenceposts';
import { messageOf, SyncError } from '../statefulset/errors';
import type { DaemonSetObj } from './types';

function rollingUpdate(ds: DaemonSetObj) {
  return ds.spec.updateStrategy?.type === 'RollingUpdate' ? ds.spec.updateStrategy.rollingUpdate : undefined;
}

/** SurgeCount: 0 unless RollingUpdate with maxSurge. Throws on a malformed percentage. */
export function surgeCount(ds: DaemonSetObj, desired: number): number {
  const ru = rollingUpdate(ds);
  return ru?.maxSurge === undefined ? 0 : scaledValue(ru.maxSurge, desired, true);
}

/** UnavailableCount: 0 unless RollingUpdate (maxUnavailable is defaulted to 1). */
export function unavailableCount(ds: DaemonSetObj, desired: number): number {
  const ru = rollingUpdate(ds);
  return ru ? scaledValue(ru.maxUnavailable, desired, true) : 0;
}

/** AllowsSurge: surge of at least one pod out of one node. */
export function allowsSurge(ds: DaemonSetObj): boolean {
  try {
    return surgeCount(ds, 1) > 0;
  } catch {
    return false;
  }
}

/**
 * updatedDesiredNodeCounts: maxSurge and maxUnavailable for `desired` nodes; a configuration
 * that allows neither (only possible when the API server let one through) falls back to one
 * unavailable pod.
 */
export function rollingLimits(ds: DaemonSetObj, desired: number): { maxSurge: number; maxUnavailable: number } {
  let maxUnavailable = checked('MaxUnavailable', () => unavailableCount(ds, desired));
  const maxSurge = checked('MaxSurge', () => surgeCount(ds, desired));
  if (desired > 0 && maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable };
}

/** A malformed percentage fails the sync like upstream's "invalid value for MaxSurge: ...". */
function checked(field: string, count: () => number): number {
  try {
    return count();
  } catch (err) {
    throw new SyncError(`couldn't get unavailable numbers: invalid value for ${field}: ${messageOf(err)}`);
  }
}
