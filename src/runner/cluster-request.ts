/** The cluster a scenario asks for, with the defaults of the format filled in. */
import type { ClusterRequest, NodeRequest, StorageClassRequest } from '../backends/backend';
import { DEFAULT_VERSION, type KubeVersion } from '../k8s/version';
import type { Scenario } from '../../generated/scenario';

/** A kind cluster with one control plane and two workers, like `kind create cluster` with a 3-node config. */
export const DEFAULT_NODES: NodeRequest[] = [
  { name: 'control-plane', role: 'control-plane' },
  { name: 'worker-1', role: 'worker' },
  { name: 'worker-2', role: 'worker' },
];

/** kind's built-in class: rancher.io/local-path, WaitForFirstConsumer, Delete, default. */
export const DEFAULT_STORAGE_CLASSES: StorageClassRequest[] = [
  { name: 'standard', default: true, provisioner: 'rancher.io/local-path', volumeBindingMode: 'WaitForFirstConsumer', reclaimPolicy: 'Delete' },
];

export function clusterRequest(scenario: Scenario): ClusterRequest {
  const c = scenario.spec.cluster ?? {};
  return {
    version: (c.kubernetesVersion as KubeVersion | undefined) ?? DEFAULT_VERSION,
    nodes: (c.nodes as NodeRequest[] | undefined) ?? DEFAULT_NODES,
    storageClasses: ((c.storageClasses as StorageClassRequest[] | undefined) ?? DEFAULT_STORAGE_CLASSES).map((s) => ({
      provisioner: 'rancher.io/local-path',
      volumeBindingMode: 'WaitForFirstConsumer',
      reclaimPolicy: 'Delete',
      ...s,
    })),
    namespaces: (c.namespaces as string[] | undefined) ?? [],
    images: (c.images as ClusterRequest['images'] | undefined) ?? {},
  };
}
