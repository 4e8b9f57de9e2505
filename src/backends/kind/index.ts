/**
 * `--backend kind`: scenarios on kind clusters it creates (one per cluster shape; --reuse, --keep,
 * --kind-image, --kubernetes-version), node faults with Docker, and the same faults for
 * `--backend cluster` when the cluster turns out to be a kind cluster. See docs/real-clusters.md.
 */
export { KindRun, type KindRunOptions } from './session';
export { KindBackend, type OpenCluster } from './backend';
export { withKindNodeFaults, kindContainers, parseKindProviderId } from './detect';
export { DockerNodeFaults } from './faults';
export { chooseImage, DEFAULT_KIND_RELEASE, KIND_MINORS, NODE_IMAGES, imageRef } from './images';
export { ZxRunner, formatCommand, type Command, type ProcessResult, type ProcessRunner } from './process';
