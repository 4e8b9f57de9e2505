/** The DaemonSet controller; wire with `new DaemonSetController()` in the simulator's components. */
export { DaemonSetController } from './controller';
export { nodeShouldRunDaemonPod, targetNodeName, type Placement } from './placement';
export { withDaemonTolerations } from './tolerations';
export type { DaemonSetObj } from './types';
