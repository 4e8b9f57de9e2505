/**
 * The simulator behind the backend contract: in-process, virtual time. Requests go through the
 * simulated API server exactly as a client's would; time passes only when the runner asks.
 */
import type {
  Backend, Capabilities, ClusterRequest, ContainerRef, DeleteRequest, EvictRequest, ObjectRef, PatchType, ProbeKind,
  Subresource, WatchEvent, WatchHandle, WatchRequest, WriteResult,
} from '../../backend/contract';
import type { KObject } from '../../kube/object';
import { DEFAULT_SIZE_LIMITS, type SizeLimits } from '../../kube/size-limits';
import { applyPatch } from '../../kube/patch';
import { DecodeError } from '../../kube/decode-check';
import { patchDecodeError } from '../../kube/patch-decode-error';
import { resolveType, typeForKind, type ResourceType } from '../../kube/registry';
import { noSuchResourcePath, notFound } from '../../kube/status-errors';
import { warningsOnCreate } from '../../kube/validation';
import { buildCluster, type SimulatedCluster } from '../../sim/cluster';
import { bootedClusters } from '../../sim/booted-clusters';
import { evictPod } from '../../sim/apiserver/eviction';
import { EventLog } from './event-log';
import { startServer } from '../../serve';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unimplementedIn } from '../../sim/unimplemented';

export interface SimulatorOptions {
  /** the seed of the simulator's one random generator: same seed, same history */
  seed: number;
  /** how much one scenario may create (default DEFAULT_SIZE_LIMITS; `--max-objects` etc.) */
  limits?: Readonly<SizeLimits>;
  /** fail the run when an invariant of the cluster breaks (src/sim/invariants): tests turn it on */
  checkInvariants?: boolean;
  /**
   * How the cluster comes to be: 'fork' (default) runs on a fork of the cluster booted once per
   * process (src/sim/booted-clusters.ts), 'fresh' boots one for this run alone. The environment
   * variable KSCENARIO_NO_FORK makes every run 'fresh', to rule the fork out when a run looks wrong.
   */
  boot?: 'fork' | 'fresh';
}

export class SimulatorBackend implements Backend {
  readonly name = 'simulator';
  readonly capabilities: Capabilities;
  readonly unimplemented = unimplementedIn;
  readonly limits: Readonly<SizeLimits>;
  private cluster?: SimulatedCluster;
  private log?: EventLog;

  constructor(private readonly options: SimulatorOptions) {
    this.limits = options.limits ?? DEFAULT_SIZE_LIMITS;
    this.capabilities = {
      nodeFaults: {
        killNode: (node) => this.act('killNode', node),
        restartNode: (node) => this.act('restartNode', node),
        disconnectNode: (node) => this.act('disconnectNode', node),
        reconnectNode: (node) => this.act('reconnectNode', node),
        addNode: (node) => this.act('addNode', node),
        removeNode: (node) => this.act('removeNode', node),
      },
      podIO: {
        readFile: async (t, path) => this.settled().kubelets.readFile(t.namespace ?? 'default', t.pod, t.container, path),
        writeFile: (t, path, content) => this.act('writeFile', { ...podArgs(t), path, content }),
        resolveDns: async (name, type, namespace) => this.settled().dns.resolve(name, type, namespace),
      },
      simulator: {
        setProbe: (t: ContainerRef, probe: ProbeKind, healthy: boolean, message?: string) =>
          this.act(healthy ? 'healProbe' : 'failProbe', { ...podArgs(t), probe, ...(message === undefined ? {} : { message }) }),
        crashContainer: (t, exitCode) => this.act('crashContainer', { ...podArgs(t), exitCode }),
      },
      kubectl: { withKubeconfig: (use) => this.served(use) },
    };
  }

  /** The simulated cluster itself, for `kscenario serve` and the kubectl step. */
  get simulated(): SimulatedCluster {
    if (!this.cluster) throw new Error('simulator backend used before start()');
    return this.cluster;
  }

  async start(request: ClusterRequest): Promise<void> {
    const options = { limits: this.limits, checkInvariants: this.options.checkInvariants };
    const fresh = this.options.boot === 'fresh' || !!process.env.KSCENARIO_NO_FORK;
    this.cluster = fresh ? buildCluster(request, this.options.seed, options) : bootedClusters.cluster(request, this.options.seed, options);
    this.log = new EventLog(this.cluster.sim.api);
  }

  async stop(): Promise<void> {
    this.log?.close();
    this.cluster = undefined;
    this.log = undefined;
  }

  namespaceMapping(): Record<string, string> {
    return {};
  }

  now(): number {
    return this.simulated.sim.clock.now();
  }

  timestamp(): string {
    return this.simulated.sim.api.timestamp();
  }

  async resourceFor(apiVersion: string, kind: string): Promise<ResourceType | undefined> {
    try {
      return resolveType(apiVersion, kind, this.simulated.sim.config.version);
    } catch {
      return undefined;
    }
  }

  async get(ref: ObjectRef): Promise<KObject | undefined> {
    return this.settled().sim.api.get(ref.kind, namespaceOf(ref), ref.name);
  }

  async list(kind: string, namespace?: string): Promise<KObject[]> {
    return this.settled().sim.api.list(kind, typeForKind(kind).namespaced ? namespace : undefined);
  }

  async create(obj: KObject): Promise<WriteResult> {
    const { api } = this.settled().sim;
    const object = api.create(obj, { client: true });
    // The strategies' WarningsOnCreate/WarningsOnUpdate of these kinds judge the new object alone;
    // validating admission (PodSecurity) adds its warnings after them, as it runs after the strategy.
    return { object, warnings: [...warningsOnCreate(object, this.simulated.sim.config.version), ...api.admissionWarnings()] };
  }

  async update(obj: KObject, subresource?: Subresource): Promise<WriteResult> {
    // An update that takes the last finalizer off a terminating object deletes it; the API server
    // then answers with the object as written (registry Store.Update, ShouldDeleteDuringUpdate).
    const { api } = this.settled().sim;
    if (subresource === 'status' && !typeForKind(obj.kind).hasStatus) throw noSuchResourcePath();
    const object = api.update<KObject | undefined>(obj, subresource === 'status' || subresource === 'resize' ? subresource : undefined, { client: true }) ?? obj;
    return { object, warnings: subresource ? [] : [...warningsOnCreate(object, this.simulated.sim.config.version), ...api.admissionWarnings()] };
  }

  async patch(ref: ObjectRef, type: PatchType, patch: unknown, subresource?: Subresource): Promise<WriteResult> {
    const { api } = this.settled().sim;
    const live = api.get(ref.kind, namespaceOf(ref), ref.name);
    if (!live) throw notFound(typeForKind(ref.kind), ref.name);
    const patched = applyPatch(type, live, patch);
    // A patch applies to the object as it is now: no resourceVersion precondition unless the patch sets one.
    const rv = (patch as { metadata?: { resourceVersion?: string } } | undefined)?.metadata?.resourceVersion;
    try {
      return await this.update({ ...patched, metadata: { ...patched.metadata, resourceVersion: rv } }, subresource);
    } catch (e) {
      throw e instanceof DecodeError ? patchDecodeError(type, patch, patched, e, this.simulated.sim.config.version) : e;
    }
  }

  async delete(ref: ObjectRef, opts: DeleteRequest = {}): Promise<void> {
    this.settled().sim.api.delete(ref.kind, namespaceOf(ref), ref.name, opts);
  }

  async evict(pod: ObjectRef, req: EvictRequest = {}): Promise<void> {
    evictPod(this.settled().sim.api, { namespace: pod.namespace ?? 'default', name: pod.name, gracePeriodSeconds: req.gracePeriodSeconds });
  }

  async watch(req: WatchRequest, onEvent: (ev: WatchEvent) => void): Promise<WatchHandle> {
    if (!this.log) throw new Error('simulator backend used before start()');
    return this.log.watch(req, onEvent);
  }

  async sleep(ms: number): Promise<void> {
    await this.simulated.sim.advanceInterruptibly(ms);
  }

  waitFor(check: () => Promise<boolean>, timeoutMs: number, reads?: readonly string[]): Promise<boolean> {
    return this.simulated.sim.waitFor(check, timeoutMs, reads);
  }

  /**
   * The simulated cluster served to the real kubectl for the length of `use`, on-demand: virtual
   * time does not race ahead while kubectl talks to it; it moves only while kubectl waits on
   * something (a watch, `rollout status`, `drain`), as far as what it waits for (docs/serve.md).
   */
  private async served<T>(use: (kubeconfig: string, namespace: string) => Promise<T>): Promise<T> {
    const dir = await mkdtemp(join(tmpdir(), 'kscenario-kubectl-'));
    const server = await startServer(this.settled(), { speed: 'on-demand' });
    try {
      const kubeconfig = join(dir, 'kubeconfig');
      await server.writeKubeconfig(kubeconfig);
      return await use(kubeconfig, 'default');
    } finally {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** Runs what is due now, as the components would have before a request arrives. */
  private settled(): SimulatedCluster {
    this.simulated.sim.settle();
    return this.simulated;
  }

  private async act(verb: string, args: unknown): Promise<void> {
    this.settled().sim.act(verb, args);
  }
}

function namespaceOf(ref: ObjectRef): string | undefined {
  return typeForKind(ref.kind).namespaced ? (ref.namespace ?? 'default') : undefined;
}

function podArgs(t: ContainerRef): Record<string, string> {
  return { pod: t.pod, ...(t.namespace ? { namespace: t.namespace } : {}), ...(t.container ? { container: t.container } : {}) };
}
