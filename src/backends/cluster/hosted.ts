/**
 * A backend that is another backend plus capabilities of its own: every call of the contract goes
 * to the inner backend, which may be made later (the kind backend makes its cluster backend only
 * once the kind cluster exists, in start()).
 */
import type {
  Backend, Capabilities, ClusterRequest, DeleteRequest, EvictRequest, ObjectRef, PatchType, Subresource, WatchEvent, WatchHandle,
  WatchRequest, WriteResult,
} from '../../backend/contract';
import type { KObject } from '../../kube/object';
import type { ResourceType } from '../../kube/registry';
import { KscenarioError } from '../../errors';

export class DelegatingBackend implements Backend {
  constructor(
    readonly name: string,
    readonly capabilities: Capabilities,
    private readonly innerFn?: () => Backend,
  ) {}

  /** The backend calls go to; a subclass that makes it later overrides this (and throws until then). */
  protected target(): Backend {
    if (!this.innerFn) throw new Error(`the ${this.name} backend has no inner backend yet`);
    return this.innerFn();
  }

  /** the inner backend's, when there is one yet */
  get kubernetesVersion(): string | undefined {
    try {
      return this.target().kubernetesVersion;
    } catch {
      return undefined;
    }
  }

  start(cluster: ClusterRequest): Promise<void> {
    return this.target().start(cluster);
  }

  stop(): Promise<void> {
    return this.target().stop();
  }

  namespaceMapping(): Record<string, string> {
    return this.target().namespaceMapping();
  }

  resourceFor(apiVersion: string, kind: string): Promise<ResourceType | undefined> {
    return this.target().resourceFor(apiVersion, kind);
  }

  get(ref: ObjectRef): Promise<KObject | undefined> {
    return this.target().get(ref);
  }

  list(kind: string, namespace?: string): Promise<KObject[]> {
    return this.target().list(kind, namespace);
  }

  create(obj: KObject): Promise<WriteResult> {
    return this.target().create(obj);
  }

  update(obj: KObject, subresource?: Subresource): Promise<WriteResult> {
    return this.target().update(obj, subresource);
  }

  patch(ref: ObjectRef, type: PatchType, patch: unknown, subresource?: Subresource): Promise<WriteResult> {
    return this.target().patch(ref, type, patch, subresource);
  }

  delete(ref: ObjectRef, opts?: DeleteRequest): Promise<void> {
    return this.target().delete(ref, opts);
  }

  evict(pod: ObjectRef, req?: EvictRequest): Promise<void> {
    return this.target().evict(pod, req);
  }

  watch(req: WatchRequest, onEvent: (ev: WatchEvent) => void, onError?: (err: Error) => void): Promise<WatchHandle> {
    return this.target().watch(req, onEvent, onError);
  }

  now(): number {
    return this.target().now();
  }

  timestamp(): string {
    return this.target().timestamp();
  }

  sleep(ms: number): Promise<void> {
    return this.target().sleep(ms);
  }

  waitFor(check: () => Promise<boolean>, timeoutMs: number, reads?: readonly string[]): Promise<boolean> {
    return this.target().waitFor(check, timeoutMs, reads);
  }
}

/**
 * The cluster backend on a cluster this backend brings up for the scenario (a kind cluster, a
 * local control plane): start() provisions the cluster and opens the cluster backend on it, which
 * then answers everything of the contract; stop() stops that backend (it deletes what the
 * scenario made), then releases the cluster — once, however often it is called.
 */
export abstract class HostedClusterBackend extends DelegatingBackend {
  private inner: Backend | undefined;
  private stopping: Promise<void> | undefined;

  /** Brings up the scenario's cluster and opens (does not start) the backend on it. */
  protected abstract provision(cluster: ClusterRequest): Promise<Backend>;
  /** Hands back or removes what provision() made; called even when provision() failed half-way. */
  protected abstract release(): Promise<void>;

  protected override target(): Backend {
    if (!this.inner) throw new KscenarioError('BACKEND', `the ${this.name} backend has no cluster yet (start() was not called or failed)`);
    return this.inner;
  }

  override async start(cluster: ClusterRequest): Promise<void> {
    this.inner = await this.provision(cluster);
    await this.inner.start(cluster);
  }

  override stop(): Promise<void> {
    this.stopping ??= this.stopOnce();
    return this.stopping;
  }

  override namespaceMapping(): Record<string, string> {
    return this.inner?.namespaceMapping() ?? {};
  }

  /** A capability of the inner backend, reached when it is used (the inner one is made in start()). */
  protected delegated<K extends 'podIO' | 'kubectl'>(capability: K): NonNullable<Capabilities[K]> {
    const c = this.target().capabilities[capability];
    if (!c) throw new KscenarioError('BACKEND', `the cluster backend on this ${this.name} cluster offers no ${capability}`);
    return c as NonNullable<Capabilities[K]>;
  }

  private async stopOnce(): Promise<void> {
    try {
      await this.inner?.stop();
    } finally {
      await this.release();
    }
  }
}
