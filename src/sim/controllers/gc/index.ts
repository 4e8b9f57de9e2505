/** The garbage collector of kube-controller-manager. */
export { GarbageCollector } from './garbage-collector';
