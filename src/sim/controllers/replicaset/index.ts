/** The ReplicaSet controller; wire with `new ReplicaSetController()` in the simulator's components. */
export { ReplicaSetController, BURST_REPLICAS } from './controller';
export type { ReplicaSetObj } from './types';
