/** The node lifecycle controller of kube-controller-manager, and the node helpers it shares. */
export { NodeLifecycleController } from './controller';
export { nodeLifecycleConfig, NODE_CONTROLLER_COMPONENT, type NodeLifecycleConfig } from './config';
export { TAINT_NOT_READY, TAINT_OUT_OF_SERVICE, TAINT_UNREACHABLE, TAINT_UNSCHEDULABLE } from './taints';
