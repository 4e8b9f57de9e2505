/**
 * The system workloads of a kind cluster (static control-plane pods, CoreDNS, kube-proxy,
 * kindnet, local-path-provisioner). Wiring: `new SystemWorkloads()` in the component list.
 */
export { SystemWorkloads } from './system-workloads';
export { kindImages, kubeImage, preloadedKindImages, type KindImages } from './kind-images';
export { isMirrorPod, mirrorPodName, MIRROR_ANNOTATION } from './mirror-pod';
