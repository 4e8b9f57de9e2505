/** The taint eviction controller of kube-controller-manager. */
export { TaintEvictionController, TAINT_EVICTION_COMPONENT } from './controller';
