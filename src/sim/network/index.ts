/**
 * Services, endpoints and cluster DNS of the simulator. Wiring, in the simulator's component list
 * (order matters only in that ServiceRegistry should come first):
 *   new ServiceRegistry(), new EndpointSliceController(), new EndpointsController()
 * and, for Backend.resolveDns, `new Dns(simulator.api).resolve(name, type, namespace)`.
 */
export { ServiceRegistry } from './service-registry';
export { EndpointSliceController, MAX_ENDPOINTS_PER_SLICE } from './endpointslice-controller';
export { EndpointsController } from './endpoints-controller';
export { Dns, type SimDnsAnswer } from './dns';
export { CLUSTER_DOMAIN, KUBE_DNS_IP, KUBERNETES_SERVICE_IP, NODE_PORT_RANGE, SERVICE_CIDR } from './network-config';
