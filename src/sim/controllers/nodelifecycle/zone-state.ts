/**
 * Zone disruption (node_lifecycle_controller.go ComputeZoneState, ReducedQPSFunc,
 * HealthyQPSFunc, setLimiterInZone): how fast NoExecute taints may be added in a zone depends on
 * how many of its nodes are not Ready.
 */
import type { NodeCondition } from 'kubernetes-types/core/v1';
import type { NodeLifecycleConfig } from './config';

export type ZoneState = 'Initial' | 'Normal' | 'PartialDisruption' | 'FullDisruption';

/**
 * FullDisruption when no node of the zone is Ready; PartialDisruption when more than 2 are not
 * Ready and they are at least unhealthyZoneThreshold of the zone; Normal otherwise. A node with
 * no Ready condition counts as not Ready.
 */
export function computeZoneState(readyConditions: ReadonlyArray<NodeCondition | undefined>, unhealthyThreshold: number): ZoneState {
  let ready = 0;
  let notReady = 0;
  for (const c of readyConditions) {
    if (c?.status === 'True') ready++;
    else notReady++;
  }
  if (ready === 0 && notReady > 0) return 'FullDisruption';
  // float32 comparison upstream: 0.55 is 0.550000011920929 there
  if (notReady > 2 && Math.fround(notReady / (notReady + ready)) >= Math.fround(unhealthyThreshold)) return 'PartialDisruption';
  return 'Normal';
}

/**
 * The tainting rate a zone gets in a state: the normal rate, the secondary rate for a partially
 * disrupted zone larger than largeClusterSizeThreshold (0 below it: tainting stops), and the
 * normal rate again for a fully disrupted zone (unless every zone is, which the caller handles).
 */
export function zoneQps(state: ZoneState, zoneSize: number, cfg: NodeLifecycleConfig): number | undefined {
  switch (state) {
    case 'Normal':
      return cfg.evictionRate;
    case 'PartialDisruption':
      return zoneSize > cfg.largeClusterSizeThreshold ? cfg.secondaryEvictionRate : 0;
    case 'FullDisruption':
      return cfg.evictionRate;
    default:
      return undefined;
  }
}
