/**
 * The Job controller and the TTL-after-finished controller; wire both into the simulator's
 * components: `new JobController(), new TtlAfterFinishedController()`.
 */
export { JobController } from './controller';
export { TtlAfterFinishedController } from './ttl-after-finished';
export { isJobFinished, finishedType } from './conditions';
export { TRACKING_FINALIZER, COMPLETION_INDEX_KEY, type JobObj } from './types';
