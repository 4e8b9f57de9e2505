/**
 * Defaults of the scenario format: the cluster a scenario gets when it does not describe one (what
 * `kind create cluster` with two workers gives), and the defaults the runner applies to timings.
 */
import type { ClusterSpec, ImageBehaviour, NodeSpec, StorageClassSpec } from '../../generated/scenario';
import { DEFAULT_VERSION, isSupportedVersion, type KubeVersion } from '../kube/version';

/** spec.timeout when absent. */
export const DEFAULT_SCENARIO_TIMEOUT = '10m';
/** expect.within when absent. */
export const DEFAULT_EXPECT_WITHIN = '30s';
/** spec.seed when absent. */
export const DEFAULT_SEED = 1;

export type NodeRole = 'control-plane' | 'worker';

export interface ResolvedNode extends NodeSpec {
  role: NodeRole;
}

/** The cluster with every default filled in. Roles are not expanded into taints or labels here: backends do that. */
export interface ResolvedCluster {
  kubernetesVersion: KubeVersion;
  nodes: ResolvedNode[];
  storageClasses: StorageClassSpec[];
  images: Record<string, ImageBehaviour>;
  /** namespaces to create besides default */
  namespaces: string[];
  /** kind's networking.podSubnet when the scenario sets it; absent: kind's default 10.244.0.0/16 */
  podSubnet?: string;
}

export const DEFAULT_NODES: readonly ResolvedNode[] = [
  { name: 'control-plane', role: 'control-plane' },
  { name: 'worker-1', role: 'worker' },
  { name: 'worker-2', role: 'worker' },
];

/** kind's default class: rancher.io/local-path, WaitForFirstConsumer, Delete, marked default. */
export const DEFAULT_STORAGE_CLASSES: readonly StorageClassSpec[] = [
  { name: 'standard', default: true, provisioner: 'rancher.io/local-path', volumeBindingMode: 'WaitForFirstConsumer', reclaimPolicy: 'Delete' },
];

/**
 * The loader calls this before the schema's verdict is known (the version decides which rules
 * apply), so a field of the wrong type falls back to its default here: the schema error reports it,
 * and the scenario does not load.
 */
export function resolveCluster(spec: ClusterSpec | undefined): ResolvedCluster {
  const cluster = isRecord(spec) ? spec : undefined;
  const version = cluster?.kubernetesVersion;
  return {
    kubernetesVersion: typeof version === 'string' && isSupportedVersion(version) ? version : DEFAULT_VERSION,
    nodes: listOr(cluster?.nodes, DEFAULT_NODES).map((n) => ({ ...n, role: n.role ?? 'worker' })),
    storageClasses: listOr(cluster?.storageClasses, DEFAULT_STORAGE_CLASSES).map((c) => ({ ...c })),
    images: { ...(isRecord(cluster?.images) ? cluster.images : {}) },
    namespaces: [...listOr(cluster?.namespaces, [])],
    ...(cluster?.podSubnet !== undefined ? { podSubnet: cluster.podSubnet } : {}),
  };
}

function isRecord(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The list given, its items that are maps when it holds maps; else the fallback. */
function listOr<T>(value: readonly T[] | undefined, fallback: readonly T[]): readonly T[] {
  if (!Array.isArray(value)) return fallback;
  return value.every((v) => typeof v === 'string' || isRecord(v)) ? (value as readonly T[]) : fallback;
}
