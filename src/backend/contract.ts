/**
 * The contract between the runner and a cluster. Every backend — the embedded simulator, a cluster
 * served by `kscenario serve`, any cluster reached through a kubeconfig — gives the same three
 * things: the Kubernetes object API (with watch), a clock, and a set of optional capabilities.
 * Nothing here knows how a backend is built; `src/sim/` is one implementation among others.
 *
 * Namespaces are the scenario's own: a backend that isolates a scenario in a namespace of its own
 * (the cluster backend) maps them both ways, so the runner and the checks never see the mapping.
 */
import type { ClusterRequest, NodeRequest } from '../kube/cluster-request';
import type { DnsAnswer } from '../kube/dns-answer';
import type { KObject } from '../kube/object';
import type { ResourceType } from '../kube/registry';
import type { KubeVersion } from '../kube/version';
import type { Unimplemented } from '../kube/unimplemented';
import type { SizeLimits } from '../kube/size-limits';

export type { Unimplemented } from '../kube/unimplemented';

export type { ClusterRequest, NodeRequest } from '../kube/cluster-request';
export type { DnsAnswer } from '../kube/dns-answer';

export interface ObjectRef {
  kind: string;
  namespace?: string;
  name: string;
}

export type PatchType = 'merge' | 'json' | 'strategic';

/** Subresources a write may address (`kubectl ... --subresource status|scale|resize`). */
export type Subresource = 'status' | 'scale' | 'resize';

export interface DeleteRequest {
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  gracePeriodSeconds?: number;
}

export interface EvictRequest {
  /** the Eviction's DeleteOptions.gracePeriodSeconds; default: the pod's terminationGracePeriodSeconds */
  gracePeriodSeconds?: number;
}

export interface WriteResult {
  object: KObject;
  /** the API server's warnings (kubectl prints them as `Warning: ...`) */
  warnings: string[];
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchEvent {
  type: WatchEventType;
  object: KObject;
}

export interface WatchRequest {
  kind: string;
  /** one namespace; all namespaces when omitted (cluster-scoped kinds ignore it) */
  namespace?: string;
  /**
   * Resume after this resourceVersion (every change after it, in order). Omitted: the current
   * objects as ADDED events first, then every change — the API server's "get state and start at
   * most recent" semantics.
   */
  resourceVersion?: string;
}

export interface WatchHandle {
  stop(): void;
}

/** The Kubernetes object API, as the API server answers it. Rejections throw ApiError. */
export interface ObjectApi {
  /** Discovery: the served resource for an apiVersion and kind, or undefined (kubectl's REST mapping). */
  resourceFor(apiVersion: string, kind: string): Promise<ResourceType | undefined>;
  get(ref: ObjectRef): Promise<KObject | undefined>;
  list(kind: string, namespace?: string): Promise<KObject[]>;
  /** POST: the object must not exist yet. */
  create(obj: KObject): Promise<WriteResult>;
  /** PUT of the whole object (or of its status with `subresource: 'status'`). */
  update(obj: KObject, subresource?: Subresource): Promise<WriteResult>;
  patch(ref: ObjectRef, type: PatchType, patch: unknown, subresource?: Subresource): Promise<WriteResult>;
  delete(ref: ObjectRef, opts?: DeleteRequest): Promise<void>;
  /**
   * POST pods/<name>/eviction (policy/v1 Eviction): deletes the pod unless its
   * PodDisruptionBudget forbids it; throws ApiError (429 TooManyRequests when refused).
   */
  evict(pod: ObjectRef, req?: EvictRequest): Promise<void>;
  /**
   * Events are delivered in the order the API server made the changes. A backend resumes a
   * broken stream itself (from the last resourceVersion seen; after 410 Gone by listing again);
   * `onError` hears only when it gave up, so that no change is missed silently.
   */
  watch(req: WatchRequest, onEvent: (ev: WatchEvent) => void, onError?: (err: Error) => void): Promise<WatchHandle>;
}

/**
 * The backend's clock. On the simulator it is virtual (time passes only when asked); on a real
 * cluster it is the wall clock, or the served clock of a `kscenario serve` cluster.
 */
export interface BackendClock {
  /** Milliseconds since the scenario's cluster started. */
  now(): number;
  /** The cluster's current time as RFC 3339 with seconds (what kubectl stamps, e.g. restartedAt). */
  timestamp(): string;
  /** Lets `ms` pass. */
  sleep(ms: number): Promise<void>;
  /**
   * Lets time pass until `check` returns true (→ true) or `timeoutMs` has passed (→ false).
   * `check` is called at once and then whenever the cluster may have changed. `reads`, when
   * given, names every kind the check reads: a backend may then skip calling it after changes
   * of other kinds only.
   */
  waitFor(check: () => Promise<boolean>, timeoutMs: number, reads?: readonly string[]): Promise<boolean>;
}

/** A pod and, optionally, one of its containers (the first container when omitted). */
export interface ContainerRef {
  namespace?: string;
  pod: string;
  container?: string;
}

/** Node faults: what happens to machines, which the Kubernetes API cannot express. */
export interface NodeFaults {
  killNode(node: string): Promise<void>;
  restartNode(node: string): Promise<void>;
  disconnectNode(node: string): Promise<void>;
  reconnectNode(node: string): Promise<void>;
  addNode(node: NodeRequest): Promise<void>;
  removeNode(node: string): Promise<void>;
}

/** What a process inside a pod sees: its files and its DNS. */
export interface PodIO {
  /** Content of a file as the container sees it, or undefined when it does not exist. */
  readFile(target: ContainerRef, path: string): Promise<string | undefined>;
  writeFile(target: ContainerRef, path: string, content: string): Promise<void>;
  /** Resolves `name` as a pod in `namespace` would (its resolv.conf search path). */
  resolveDns(name: string, type: 'A' | 'SRV', namespace: string): Promise<DnsAnswer>;
}

export type ProbeKind = 'readiness' | 'liveness' | 'startup';

/** Controls only a simulated kubelet has: probe results and container crashes on demand. */
export interface SimulatorControls {
  setProbe(target: ContainerRef, probe: ProbeKind, healthy: boolean, message?: string): Promise<void>;
  crashContainer(target: ContainerRef, exitCode: number): Promise<void>;
}

/** An API endpoint the real kubectl can talk to while a `kubectl` step runs. */
export interface KubectlEndpoint {
  /**
   * Runs `use` with the path of a kubeconfig for this cluster. On the simulator the cluster is
   * served for the duration (virtual time passes only while kubectl waits on a watch).
   */
  withKubeconfig<T>(use: (kubeconfig: string, namespace: string) => Promise<T>): Promise<T>;
}

/** The optional parts of a backend; a scenario that needs a missing one is refused before it runs. */
export interface Capabilities {
  nodeFaults?: NodeFaults;
  podIO?: PodIO;
  simulator?: SimulatorControls;
  kubectl?: KubectlEndpoint;
}

export type CapabilityName = keyof Capabilities;



export interface Backend extends ObjectApi, BackendClock {
  readonly name: string;
  /** Known before any scenario starts, so that the runner can refuse a scenario up front. */
  readonly capabilities: Capabilities;
  /**
   * What of an object this backend serves but does not act on (the simulator's gaps; a real
   * cluster implements everything and leaves this undefined), so that a scenario relying on it is
   * refused up front rather than passing on behaviour no cluster has.
   */
  readonly unimplemented?: (object: KObject, version: KubeVersion) => Unimplemented[];
  /**
   * How much one scenario may create (the simulator's size limits; a real cluster leaves it
   * undefined), so that a scenario stating a larger size is refused up front.
   */
  readonly limits?: Readonly<SizeLimits>;
  /**
   * The Kubernetes release of the cluster ("v1.33.2", or a minor), when known before the scenario starts
   * (the cluster backend reads GET /version when it probes the server); the runner skips a
   * scenario whose spec.requires.kubernetesVersion excludes it.
   */
  readonly kubernetesVersion?: string;
  /** Brings up (simulator) or prepares (real cluster: namespaces, node check) the scenario's cluster. */
  start(cluster: ClusterRequest): Promise<void>;
  /** Always called, also after a failure; must leave nothing of the scenario behind. */
  stop(): Promise<void>;
  /** How scenario namespaces map to the backend's, for reports (identity on the simulator). */
  namespaceMapping(): Record<string, string>;
}
