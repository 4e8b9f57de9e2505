/** kube-scheduler for the simulator: `new Scheduler()` is the Component to start. */
export { Scheduler } from './scheduler';
export { applyBinding, bindingOptions, withCondition, type BindingOptions } from './pod-status';
