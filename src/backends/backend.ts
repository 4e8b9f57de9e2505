/**
 * The one interface the runner drives. The simulator implements it in-process on a virtual
 * clock; real-cluster backends implement it with kubectl (and docker for kind) on the wall clock.
 * Everything is async so a real cluster fits; nothing here knows which backend it is.
 */
import type { HistoryEntry } from '../history/entry';
import type { KObject } from '../kube/object';
import type { KubeVersion } from '../kube/version';
import type { ImageBehaviour, NodeSpec, StorageClassSpec } from '../../generated/scenario';

/** A node as the scenario describes it (the schema's NodeSpec). */
export type NodeRequest = NodeSpec;

/** A storage class as the scenario describes it (the schema's StorageClassSpec). */
export type StorageClassRequest = StorageClassSpec;

/** The cluster a scenario asks for, with the defaults of scenario-format.md filled in. */
export interface ClusterRequest {
  version: KubeVersion;
  nodes: NodeRequest[];
  storageClasses: StorageClassRequest[];
  namespaces: string[];
  images: Record<string, ImageBehaviour>;
}

export interface ObjectRef {
  kind: string;
  namespace?: string;
  name: string;
}

export interface DeleteRequest {
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  gracePeriodSeconds?: number;
}

export type PatchType = 'merge' | 'json' | 'strategic';

export interface EvictRequest {
  /** the Eviction's DeleteOptions.gracePeriodSeconds; default: the pod's terminationGracePeriodSeconds */
  gracePeriodSeconds?: number;
}

export interface ApplyResult {
  object: KObject;
  /** the API server's warnings (kubectl prints them as `Warning: ...`) */
  warnings: string[];
}

export interface DnsAnswer {
  /** NXDOMAIN when false */
  found: boolean;
  /** A records: the addresses */
  addresses: string[];
  /** SRV records: target host names with port */
  srv: Array<{ target: string; port: number; priority: number; weight: number }>;
}

export interface Backend {
  readonly name: string;
  start(cluster: ClusterRequest, seed: number): Promise<void>;
  /** Always called, also after a failure; must leave nothing behind. */
  stop(): Promise<void>;
  /** Milliseconds since start on the backend's clock (virtual on the simulator). */
  now(): number;
  /** The backend's current time as RFC 3339 with seconds (what kubectl stamps, e.g. restartedAt). */
  timestamp(): string;

  /** Server-side create (`create`) or create-or-update (`apply`); throws ApiError when rejected. */
  apply(obj: KObject, mode: 'apply' | 'create'): Promise<ApplyResult>;
  delete(ref: ObjectRef, opts: DeleteRequest): Promise<void>;
  patch(ref: ObjectRef, type: PatchType, patch: unknown): Promise<KObject>;
  get(ref: ObjectRef): Promise<KObject | undefined>;
  /**
   * POST pods/<name>/eviction (policy/v1 Eviction): deletes the pod unless its
   * PodDisruptionBudget forbids it; throws ApiError (429 TooManyRequests when refused).
   */
  evict(pod: ObjectRef, req?: EvictRequest): Promise<void>;
  list(kind: string, namespace?: string): Promise<KObject[]>;

  /** A fault, node operation or pod action by verb (killNode, writeFile, failProbe, ...). */
  act(verb: string, args: unknown): Promise<void>;
  /** Verbs `act` supports on this backend. */
  actions(): string[];
  /** Content of a file as the pod's container sees it, or undefined when it does not exist. */
  readFile(pod: ObjectRef, container: string | undefined, path: string): Promise<string | undefined>;
  /** Resolves `name` as a pod in `namespace` would (its resolv.conf search path). */
  resolveDns(name: string, type: 'A' | 'SRV', namespace?: string): Promise<DnsAnswer>;

  /** Lets `ms` pass. */
  sleep(ms: number): Promise<void>;
  /**
   * Lets time pass until `check` returns true (→ true) or `timeoutMs` has passed (→ false).
   * `check` is called at once and then whenever the cluster may have changed.
   */
  waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean>;

  /** Marks the start/end of a step in the history (for history windows). */
  markStep(step: string, type: 'STEP_START' | 'STEP_END'): void;
  history(): HistoryEntry[];
}
