/** The loader's resolved cluster, as the backend interface takes it. */
import type { ClusterRequest } from '../kube/cluster-request';
import type { ResolvedCluster } from '../scenario/defaults';

/**
 * The simulator (like kind) has one dynamic provisioner, rancher.io/local-path, so a class that
 * names none gets it. Everything else a class leaves out is defaulted by the API server as for
 * any StorageClass (reclaimPolicy Delete, volumeBindingMode Immediate).
 */
export const DEFAULT_PROVISIONER = 'rancher.io/local-path';

export function clusterRequest(cluster: ResolvedCluster): ClusterRequest {
  return {
    version: cluster.kubernetesVersion,
    nodes: cluster.nodes,
    storageClasses: cluster.storageClasses.map((s) => ({ ...s, provisioner: s.provisioner ?? DEFAULT_PROVISIONER })),
    namespaces: cluster.namespaces,
    images: cluster.images,
    ...(cluster.podSubnet !== undefined ? { podSubnet: cluster.podSubnet } : {}),
  };
}
