/** The disruption controller; wire with `new DisruptionController()` in the simulator's components. */
export { DisruptionController } from './controller';
export { statusFields as pdbStatusFields } from './budget-status';
export { withDisruptionAllowedCondition } from './condition';
export { evictionPdbsForPod, pdbsForPod, podsForPdb } from './selection';
export { DISRUPTION_TARGET } from './stale-condition';
export { ALWAYS_ALLOW, DELETION_TIMEOUT_MS, type PdbObj, type PdbStatus } from './types';
