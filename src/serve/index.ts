/**
 * kscenario serve: the simulator as a Kubernetes API endpoint that the real kubectl (and any
 * client-go or @kubernetes/client-node client) can talk to. See docs/serve.md.
 */
export { startServer, type ServedCluster, type ServeOptions } from './server';
export type { Speed, TimeControl } from './time';
export { kubeconfigYaml, KUBECONFIG_NAME } from './kubeconfig';
export { GROUP_VERSION as EXTENSION_GROUP_VERSION, NODE_FAULTS, type ClockInfo } from './extension';
