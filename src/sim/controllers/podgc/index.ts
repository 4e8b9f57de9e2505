/** The pod garbage collector of kube-controller-manager. */
export { PodGarbageCollector, TERMINATED_POD_GC_THRESHOLD } from './controller';
