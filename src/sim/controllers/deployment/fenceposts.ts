/**
 * maxSurge / maxUnavailable of a RollingUpdate deployment (deployment_util.go ResolveFenceposts,
 * MaxSurge, MaxUnavailable; intstr.GetScaledValueFromIntOrPercent): a percentage of
 * spec.replicas, surge rounded up and unavailable rounded down; when both come to 0, unavailable
 * becomes 1. Defaults (25%/25%) are applied by the API server.
 */
import type { DeploymentObj } from './types';
import { replicasOf } from './types';

export type IntOrPercent = number | string | undefined | null;

/** GetScaledValueFromIntOrPercent; a malformed value throws like upstream returns an error. */
export function scaledValue(value: IntOrPercent, total: number, roundUp: boolean): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number') return value;
  const m = /^(-?\d+)%$/.exec(value);
  if (!m) throw new Error(`invalid value for IntOrString: invalid value "${value}"`);
  const scaled = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

export function resolveFenceposts(maxSurge: IntOrPercent, maxUnavailable: IntOrPercent, desired: number): { surge: number; unavailable: number } {
  const surge = scaledValue(maxSurge ?? 0, desired, true);
  let unavailable = scaledValue(maxUnavailable ?? 0, desired, false);
  // Both 0 after rounding down: allow one unavailable, since surge may be impossible (quota).
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

export function isRollingUpdate(d: DeploymentObj): boolean {
  return d.spec.strategy?.type === 'RollingUpdate';
}

export function maxSurge(d: DeploymentObj): number {
  if (!isRollingUpdate(d)) return 0;
  const ru = d.spec.strategy?.rollingUpdate;
  return resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, replicasOf(d)).surge;
}

/** MaxUnavailable: 0 unless RollingUpdate with replicas; never more than spec.replicas. */
export function maxUnavailable(d: DeploymentObj): number {
  const replicas = replicasOf(d);
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  const ru = d.spec.strategy?.rollingUpdate;
  return Math.min(resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, replicas).unavailable, replicas);
}
