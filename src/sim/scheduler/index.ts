/** kube-scheduler for the simulator: `new Scheduler()` is the Component to start. */
export { Scheduler } from './scheduler';
export { withCondition } from '../../kube/pod-condition';
