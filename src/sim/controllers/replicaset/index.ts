/** The ReplicaSet controller; wire with `new ReplicaSetController()` in the simulator's components. */
export { ReplicaSetController, BURST_REPLICAS } from './controller';
export { claimObjects } from './claim';
export { isPodActive, isPodAvailable, isPodReady, isPodTerminating } from './pod-state';
export type { PodObj, ReplicaSetObj } from './types';
