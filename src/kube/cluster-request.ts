/**
 * The cluster a scenario asks for, as plain data every backend understands: the Kubernetes
 * version, the nodes (names, roles, labels, taints, capacity), the pod subnet, storage classes and
 * namespaces.
 * The simulator builds exactly this; a real-cluster backend checks that its cluster fits it.
 */
import type { ImageBehaviour, NodeSpec, StorageClassSpec } from '../../generated/scenario';
import type { KubeVersion } from './version';

/** A node as the scenario describes it (the schema's NodeSpec). */
export type NodeRequest = NodeSpec;

/** A storage class as the scenario describes it (the schema's StorageClassSpec). */
export type StorageClassRequest = StorageClassSpec;

export interface ClusterRequest {
  version: KubeVersion;
  nodes: NodeRequest[];
  storageClasses: StorageClassRequest[];
  namespaces: string[];
  /**
   * kind's networking.podSubnet: the cluster CIDR kube-controller-manager cuts into a /24 per node
   * (kube/pod-cidrs.ts). Absent: kind's default, 10.244.0.0/16 (256 nodes).
   */
  podSubnet?: string;
  /** simulator-only: how the simulated container runtime treats images (empty: default pulls) */
  images: Record<string, ImageBehaviour>;
}
