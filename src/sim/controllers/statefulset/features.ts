/**
 * Feature gates that change this controller's behaviour across the emulated versions. The
 * per-version defaults are the simulator's one table (apiserver/defaults/feature-gates.ts), so the
 * API server's defaulting (rollingUpdate.maxUnavailable: 1) and this controller agree.
 *
 * - StatefulSetAutoDeletePVC, StatefulSetStartOrdinal and PodIndexLabel are on in every version
 *   emulated (1.29–1.37), so the controller does not consult them.
 * - MaxUnavailableStatefulSet: alpha (off) 1.24–1.34; beta and on in 1.35.0–1.35.3, which broke
 *   rollouts (kubernetes#137409); off again from 1.35.4 (kubernetes#137904, cherry-pick #137926).
 *   So 1.35 (1.35.4) has it off and a pinned 1.35.0–1.35.3 on. Off in 1.36
 *   (#137904), on again in 1.37 (#139466), where Parallel sets update in two phases (#137666,
 *   rolling-update.ts). A scenario can override it through the controller's options.
 */
import type { KubeVersion } from '../../../kube/version';
import { gateEnabled } from '../../../kube/defaults/feature-gates';

export interface StatefulSetFeatureGates {
  MaxUnavailableStatefulSet?: boolean;
}

export function maxUnavailableEnabled(version: KubeVersion, gates: StatefulSetFeatureGates): boolean {
  return gates.MaxUnavailableStatefulSet ?? gateEnabled('MaxUnavailableStatefulSet', version);
}
