/**
 * The cluster backend: scenarios on any existing cluster reached through a kubeconfig — kind, a
 * cloud cluster, or a simulator served by `kscenario serve`.
 *
 * - API: plain HTTP requests with client-node's KubeConfig doing authentication (http.ts),
 *   discovery for the REST mapping (discovery.ts), client-node's Watch resumed by
 *   resourceVersion (watch.ts), client-node's Exec for pod I/O (pod-exec.ts, pod-io.ts).
 * - Isolation: the scenario's namespaces map to fresh ones (namespaces.ts) both ways; stop()
 *   deletes them and everything cluster-scoped the run created, and waits until they are gone.
 * - Fit: start() refuses a cluster whose nodes differ from the scenario's (node-shape.ts) and
 *   notes a different Kubernetes version.
 * - Time: the wall clock, or the served clock of a `kscenario serve` cluster (served-clock.ts).
 * - Capabilities: podIO (exec), kubectl (a kubeconfig with the scenario's namespace), and
 *   nodeFaults only where the server offers the kscenario fault endpoint.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as K8s from '@kubernetes/client-node';
import type {
  Backend, Capabilities, ClusterRequest, ContainerRef, DeleteRequest, DnsAnswer, EvictRequest, NodeRequest, ObjectRef, PatchType,
  Subresource, WatchEvent, WatchEventType, WatchHandle, WatchRequest, WriteResult,
} from '../../backend/contract';
import { ApiError, KscenarioError } from '../../errors';
import type { KObject } from '../../kube/object';
import { apiVersionOf, noKindMatchMessage, typeForKind, type ResourceType } from '../../kube/registry';
import type { LoadedScenario } from '../../scenario/loaded';
import { clientNode, type ClientNode } from './client-node';
import { ChangeSignal, waitOnCluster, WallTime, type TimeSource } from './clock';
import { DeliveredState } from './delivered';
import { Discovery } from './discovery';
import { KubeHttp } from './http';
import { kubeconfigFor, loadKubeConfig, type KubeconfigOptions } from './kubeconfig';
import { NamespaceMap, RUN_LABEL } from './namespaces';
import { minorVersion, nodeShapeDifferences, nodeShapeError } from './node-shape';
import { execInPod } from './pod-exec';
import {
  DNS_HELPER_IMAGE, DNS_HELPER_POD, nslookupCommand, parseNslookup, parseResolvConf, resolveThroughSearch, searchCandidates, sortAnswer,
  type ResolvConf,
} from './pod-io';
import { ServedTime } from './served-clock';
import { ResumableWatch } from './watch';

export const EXTENSION_GROUP = 'kscenario.dev';
export const EXTENSION_VERSION = 'v1alpha1';
const EXTENSION_PATH = `/apis/${EXTENSION_GROUP}/${EXTENSION_VERSION}`;

export interface ClusterBackendOptions extends KubeconfigOptions {
  /** the scenario to run: its name goes into the generated namespace names; DNS checks prepare a helper */
  scenario?: LoadedScenario;
  /** where notes go (a different Kubernetes version, leftovers at stop) */
  notice?: (line: string) => void;
  /** wall-clock bound of waiting for the run's namespaces to be gone at stop() (default 180 s) */
  stopTimeoutMs?: number;
}

/** What the server offers, found once per kubeconfig and context. */
interface Probe {
  gitVersion: string;
  minor: string | undefined;
  clock: boolean;
  faults: boolean;
  addNode: boolean;
}

const probes = new Map<string, Promise<Probe>>();

/** A backend for one scenario; probes the server first (cached), so capabilities are known up front. */
export async function createClusterBackend(options: ClusterBackendOptions): Promise<ClusterBackend> {
  const k8s = clientNode();
  const kc = loadKubeConfig(options);
  const key = `${options.kubeconfig ?? ''}\0${kc.getCurrentContext()}`;
  let probe = probes.get(key);
  if (!probe) {
    probe = probeServer(new KubeHttp(kc));
    probes.set(key, probe);
    probe.catch(() => probes.delete(key));
  }
  return new ClusterBackend(k8s, kc, await probe, options);
}

async function probeServer(http: KubeHttp): Promise<Probe> {
  try {
    const { object: v } = await http.json<{ gitVersion?: string; major?: string; minor?: string }>('GET', '/version');
    const ext = await new Discovery(http).resources(EXTENSION_GROUP, EXTENSION_VERSION);
    const has = (name: string) => ext.some((r) => r.name === name);
    return { gitVersion: v.gitVersion ?? '', minor: minorVersion(v), clock: has('clock'), faults: has('faults'), addNode: has('nodes') };
  } finally {
    http.close();
  }
}

/** Objects the scenario created outside its own namespaces, deleted at stop(). */
interface Created {
  kind: string;
  namespace?: string;
  name: string;
}

/** The node fields a scenario changes (cordon, taint, label), put back at stop(). */
interface NodeState {
  labels: Record<string, string>;
  taints: unknown[] | undefined;
  unschedulable: boolean | undefined;
}

export class ClusterBackend implements Backend {
  readonly name = 'cluster';
  readonly capabilities: Capabilities;
  private readonly http: KubeHttp;
  private readonly discovery: Discovery;
  private readonly map: NamespaceMap;
  private readonly changes = new ChangeSignal();
  private readonly dispatcher: Dispatcher;
  private readonly watches = new Set<ResumableWatch>();
  /** what the watches delivered, for reads and writes to wait on (delivered.ts) */
  private readonly seen = new DeliveredState();
  private readonly created = new Map<string, Created>();
  private readonly nodesBefore = new Map<string, NodeState>();
  private time: TimeSource = new WallTime();
  private startEpoch = 0;
  /** cluster time when the scenario began: events about cluster-scoped objects from then on are its own */
  private eventsSince = Number.POSITIVE_INFINITY;
  private started = false;
  private stopping: Promise<void> | undefined;
  private starting: Promise<void> | undefined;
  /** the scenario's requests under way, which stop() lets finish before it cleans up */
  private readonly inflight = new Set<Promise<unknown>>();
  private dns: Promise<ResolvConf> | undefined;
  private readonly watchClient: K8s.Watch;

  constructor(
    private readonly k8s: ClientNode,
    private readonly kc: K8s.KubeConfig,
    private readonly probe: Probe,
    private readonly options: ClusterBackendOptions,
  ) {
    this.map = new NamespaceMap(options.scenario?.scenario.metadata.name ?? 'scenario');
    this.http = new KubeHttp(kc, () => (s) => this.map.text(s));
    this.discovery = new Discovery(this.http);
    this.watchClient = new k8s.Watch(kc);
    this.dispatcher = new Dispatcher(() => this.changes.notify(), () => (this.time instanceof ServedTime && this.time.onDemand ? this.time.sync() : undefined));
    const capabilities: Capabilities = {
      podIO: {
        readFile: (t, path) => this.readFile(t, path),
        writeFile: (t, path, content) => this.writeFile(t, path, content),
        resolveDns: (name, type, namespace) => this.resolveDns(name, type, namespace),
      },
      kubectl: {
        withKubeconfig: (use) => this.withKubeconfig(use),
      },
    };
    if (probe.faults) {
      const fault = (verb: string) => (node: string) => this.fault(verb, node);
      capabilities.nodeFaults = {
        killNode: fault('killNode'),
        restartNode: fault('restartNode'),
        disconnectNode: fault('disconnectNode'),
        reconnectNode: fault('reconnectNode'),
        removeNode: fault('removeNode'),
        addNode: (node: NodeRequest) => this.addNode(node),
      };
    }
    this.capabilities = capabilities;
  }

  /** The server's release from GET /version ("v1.35.4"; probed once per kubeconfig and context). */
  get kubernetesVersion(): string | undefined {
    return this.probe.gitVersion || this.probe.minor;
  }

  /** Where the API server is (for messages and reports). */
  get server(): string {
    return this.http.server;
  }

  // ---- lifecycle -------------------------------------------------------------------------

  start(cluster: ClusterRequest): Promise<void> {
    this.started = true;
    this.starting = this.prepare(cluster);
    return this.starting;
  }

  private async prepare(cluster: ClusterRequest): Promise<void> {
    if (this.probe.clock) {
      const served = await ServedTime.connect(this.http);
      await served.hold(true);
      this.time = served;
    }
    this.eventsSince = this.time.epochMs();
    // A scenario that declares its range (spec.requires.kubernetesVersion) was skipped when the
    // server is outside it; one that does not may still depend on the version it was written for.
    if (this.probe.minor && this.probe.minor !== cluster.version && !this.options.scenario?.versionRange) {
      this.options.notice?.(`the cluster at ${this.server} runs Kubernetes ${this.probe.gitVersion || this.probe.minor}, the scenario is written for ${cluster.version}: verdicts may differ where behaviour changed between them`);
    }
    const nodes = (await this.rawList(typeForKind('Node'))).items;
    const differences = nodeShapeDifferences(cluster.nodes, nodes);
    if (differences.length) throw nodeShapeError(differences, `at ${this.server}`);
    for (const n of nodes) this.nodesBefore.set(n.metadata.name, nodeState(n));
    await this.ensureStorageClasses(cluster);
    const namespaces = ['default', ...cluster.namespaces.filter((n) => n !== 'default' && !NamespaceMap.isSystem(n))];
    for (const ns of namespaces) await this.createNamespace(this.map.toCluster(ns));
    await this.waitForServiceAccounts(namespaces.map((n) => this.map.toCluster(n)));
    if (this.needsDns()) await this.dnsConfig();
    this.startEpoch = this.time.epochMs();
  }

  stop(): Promise<void> {
    this.stopping ??= this.cleanUp();
    return this.stopping;
  }

  namespaceMapping(): Record<string, string> {
    return this.map.mapping();
  }

  // ---- clock -----------------------------------------------------------------------------

  now(): number {
    return Math.max(0, this.time.epochMs() - this.startEpoch);
  }

  timestamp(): string {
    return new Date(this.time.epochMs()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  async sleep(ms: number): Promise<void> {
    if (ms > 0) await this.time.until(this.time.epochMs() + ms);
  }

  waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
    return waitOnCluster(this.time, this.changes, check, timeoutMs);
  }

  // ---- object API ------------------------------------------------------------------------

  async resourceFor(apiVersion: string, kind: string): Promise<ResourceType | undefined> {
    return this.discovery.resourceFor(apiVersion, kind);
  }

  async get(ref: ObjectRef): Promise<KObject | undefined> {
    const type = typeForKind(ref.kind);
    const { namespace, name } = this.clusterRef(type, ref);
    const a = await this.http.request('GET', this.itemPath(type, ref));
    if (a.status === 404) {
      await this.seen.object(type.kind, namespace, name, undefined);
      return undefined;
    }
    if (a.status !== 200) await this.http.json('GET', this.itemPath(type, ref));
    const raw = JSON.parse(a.body) as KObject;
    await this.seen.object(type.kind, namespace, name, raw.metadata?.resourceVersion);
    return this.inbound(raw, type);
  }

  async list(kind: string, namespace?: string): Promise<KObject[]> {
    const type = typeForKind(kind);
    const clusterNamespace = type.namespaced && namespace !== undefined ? this.map.toCluster(namespace) : undefined;
    const { items } = await this.rawList(type, clusterNamespace);
    await this.seen.list(type.kind, clusterNamespace, items);
    if (type.kind === 'Event' && namespace === 'default') items.push(...(await this.rawList(type, 'default')).items.filter((e) => this.isClusterScopedEvent(e)));
    return items.map((o) => this.inbound(o, type)).filter((o): o is KObject => o !== undefined);
  }

  create(obj: KObject): Promise<WriteResult> {
    return this.guarded(() => this.doCreate(obj));
  }

  update(obj: KObject, subresource?: Subresource): Promise<WriteResult> {
    return this.guarded(() => this.doUpdate(obj, subresource));
  }

  patch(ref: ObjectRef, type: PatchType, patch: unknown, subresource?: Subresource): Promise<WriteResult> {
    return this.guarded(() => this.doPatch(ref, type, patch, subresource));
  }

  delete(ref: ObjectRef, opts: DeleteRequest = {}): Promise<void> {
    return this.guarded(() => this.doDelete(ref, opts));
  }

  evict(pod: ObjectRef, req: EvictRequest = {}): Promise<void> {
    return this.guarded(() => this.doEvict(pod, req));
  }

  private async doCreate(obj: KObject): Promise<WriteResult> {
    const type = await this.typeOf(obj);
    const out = this.map.outbound(obj, type.namespaced);
    const a = await this.http.json<KObject>('POST', this.collectionPath(type, out.metadata.namespace), { body: out });
    this.track(type, out);
    return this.written(a, type);
  }

  private async doUpdate(obj: KObject, subresource?: Subresource): Promise<WriteResult> {
    const type = await this.typeOf(obj);
    const out = this.map.outbound(obj, type.namespaced);
    const path = this.itemPath(type, { kind: type.kind, namespace: obj.metadata.namespace, name: obj.metadata.name }) + (subresource ? `/${subresource}` : '');
    return this.written(await this.http.json<KObject>('PUT', path, { body: out }), type);
  }

  private async doPatch(ref: ObjectRef, type: PatchType, patch: unknown, subresource?: Subresource): Promise<WriteResult> {
    const rt = typeForKind(ref.kind);
    const path = this.itemPath(rt, ref) + (subresource ? `/${subresource}` : '');
    const body = this.map.outboundFields(patch);
    const contentType = { merge: 'application/merge-patch+json', json: 'application/json-patch+json', strategic: 'application/strategic-merge-patch+json' }[type];
    return this.written(await this.http.json<KObject>('PATCH', path, { body, contentType }), rt);
  }

  private async doDelete(ref: ObjectRef, opts: DeleteRequest): Promise<void> {
    const type = typeForKind(ref.kind);
    const body: Record<string, unknown> = { apiVersion: 'v1', kind: 'DeleteOptions' };
    if (opts.propagationPolicy) body.propagationPolicy = opts.propagationPolicy;
    if (opts.gracePeriodSeconds !== undefined) body.gracePeriodSeconds = opts.gracePeriodSeconds;
    const { object } = await this.http.json<KObject>('DELETE', this.itemPath(type, ref), { body });
    // the object as deletion left it (graceful deletion, finalizers), or a Status when it is gone at once
    const { namespace, name } = this.clusterRef(type, ref);
    const left = object.kind === type.kind && object.metadata?.deletionTimestamp;
    await this.seen.object(type.kind, namespace, name, left ? object.metadata.resourceVersion : undefined);
  }

  private async doEvict(pod: ObjectRef, req: EvictRequest): Promise<void> {
    const namespace = this.map.toCluster(pod.namespace ?? 'default');
    const body = {
      apiVersion: 'policy/v1',
      kind: 'Eviction',
      metadata: { name: pod.name, namespace },
      ...(req.gracePeriodSeconds !== undefined ? { deleteOptions: { gracePeriodSeconds: req.gracePeriodSeconds } } : {}),
    };
    await this.http.json('POST', `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod.name)}/eviction`, { body });
    // the answer is a Status: the pod as the eviction left it is what the watches must have delivered
    const a = await this.http.request('GET', `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod.name)}`);
    const rv = a.status === 200 ? (JSON.parse(a.body) as KObject).metadata?.resourceVersion : undefined;
    await this.seen.object('Pod', namespace, pod.name, rv);
  }

  async watch(req: WatchRequest, onEvent: (ev: WatchEvent) => void): Promise<WatchHandle> {
    const type = typeForKind(req.kind);
    const namespace = type.namespaced && req.namespace !== undefined ? this.map.toCluster(req.namespace) : undefined;
    const all = namespace === undefined;
    const deliver = (type_: WatchEventType, raw: KObject) => {
      if (all) this.seen.delivered(type.kind, type_, raw);
      const object = this.inbound(raw, type);
      if (object) onEvent({ type: type_, object });
    };
    let resourceVersion = req.resourceVersion;
    let known: KObject[] = [];
    if (resourceVersion === undefined) {
      let listed: { items: KObject[]; resourceVersion: string };
      try {
        listed = await this.rawList(type, namespace);
      } catch (err) {
        // a kind this server does not serve (an older version) or does not let us see: the
        // history goes without it rather than the scenario failing for it
        if (!(err instanceof ApiError) || (err.status !== 404 && err.status !== 403)) throw err;
        this.options.notice?.(`not watching ${type.plural}${type.group ? `.${type.group}` : ''}: ${err.message}`);
        return { stop: () => undefined };
      }
      for (const o of listed.items) deliver('ADDED', o);
      resourceVersion = listed.resourceVersion;
      known = listed.items;
    }
    const w = new ResumableWatch(this.watchClient, {
      path: this.collectionPath(type, namespace),
      resourceVersion,
      known,
      list: () => this.rawList(type, namespace),
      onEvent: (t, o) => this.dispatcher.push(o.metadata?.resourceVersion, () => deliver(t, this.withKind(o, type))),
      onError: (err) => this.options.notice?.(`watch of ${type.plural}: ${(err as Error)?.message ?? String(err)}`),
    });
    // not awaited: the stream resumes from `resourceVersion` whenever it opens, and a server (or a
    // proxy) that holds back the answer's headers until the first event must not block the run
    w.start().catch((err: unknown) => this.options.notice?.(`watch of ${type.plural}: ${(err as Error)?.message ?? String(err)}`));
    this.watches.add(w);
    if (all) this.seen.watching(type.kind, 1);
    let stopped = false;
    return {
      stop: () => {
        if (stopped) return;
        stopped = true;
        w.stop();
        this.watches.delete(w);
        if (all) this.seen.watching(type.kind, -1);
      },
    };
  }

  // ---- capabilities ----------------------------------------------------------------------

  private async readFile(t: ContainerRef, path: string): Promise<string | undefined> {
    const r = await this.exec(t, ['cat', path]);
    if (r.exitCode === 0) return this.map.text(r.stdout);
    if (/no such file/i.test(r.stderr + r.stdout)) return undefined;
    throw new KscenarioError('BACKEND', `reading ${path} in pod ${t.pod}: ${(r.stderr || r.stdout).trim() || `cat exited with ${r.exitCode}`}`);
  }

  private async writeFile(t: ContainerRef, path: string, content: string): Promise<void> {
    const r = await this.exec(t, ['tee', path], content);
    if (r.exitCode > 0) throw new KscenarioError('BACKEND', `writing ${path} in pod ${t.pod}: ${r.stderr.trim() || `tee exited with ${r.exitCode}`}`);
  }

  private async resolveDns(name: string, type: 'A' | 'SRV', namespace: string): Promise<DnsAnswer> {
    const conf = await this.dnsConfig();
    const helper = { namespace: this.map.internal('dns'), pod: DNS_HELPER_POD, container: 'dns' };
    const answer = await resolveThroughSearch(searchCandidates(name.toLowerCase(), namespace, conf), async (fqdn) => {
      const r = await execInPod(this.k8s, this.kc, helper, nslookupCommand(this.map.dnsName(fqdn, conf.zone), type));
      const outcome = parseNslookup(r.stdout, r.stderr, r.exitCode);
      if ('error' in outcome) throw new KscenarioError('BACKEND', `DNS lookup of ${fqdn} (${type}) failed: ${outcome.error}`);
      return outcome;
    });
    return sortAnswer({ ...answer, srv: answer.srv.map((s) => ({ ...s, target: this.map.text(s.target) })) });
  }

  private async withKubeconfig<T>(use: (kubeconfig: string, namespace: string) => Promise<T>): Promise<T> {
    const dir = await mkdtemp(join(tmpdir(), 'kscenario-kubeconfig-'));
    const file = join(dir, 'config');
    const namespace = this.map.toCluster('default');
    // on demand the served clock moves only while a client waits: kubectl waits for deletions
    // and rollouts, so time may pass while it waits, as it does on the simulator backend
    const served = this.time instanceof ServedTime ? this.time : undefined;
    try {
      await writeFile(file, kubeconfigFor(this.kc, namespace), { mode: 0o600 });
      await served?.releaseForNewWaiters();
      return await use(file, namespace);
    } finally {
      await served?.hold(true).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    }
  }

  private async fault(verb: string, node: string): Promise<void> {
    await this.http.json('POST', `${EXTENSION_PATH}/faults`, { body: { verb, node } });
  }

  private async addNode(node: NodeRequest): Promise<void> {
    if (!this.probe.addNode) throw new KscenarioError('UNSUPPORTED', `the server at ${this.server} cannot add nodes`);
    await this.http.json('POST', `${EXTENSION_PATH}/nodes`, { body: node });
  }

  private async exec(t: ContainerRef, command: string[], stdin?: string) {
    const namespace = t.namespace ?? 'default';
    let container = t.container;
    if (!container) {
      const pod = await this.get({ kind: 'Pod', namespace, name: t.pod });
      container = (pod?.spec as { containers?: Array<{ name: string }> } | undefined)?.containers?.[0]?.name;
      if (!container) throw new KscenarioError('BACKEND', `pod ${t.pod} in namespace ${namespace} has no container to exec into`);
    }
    return execInPod(this.k8s, this.kc, { namespace: this.map.toCluster(namespace), pod: t.pod, container }, command, stdin);
  }

  /** The DNS helper pod, running, and its resolv.conf (once per run). */
  private dnsConfig(): Promise<ResolvConf> {
    this.dns ??= this.startDnsHelper();
    this.dns.catch(() => (this.dns = undefined));
    return this.dns;
  }

  private async startDnsHelper(): Promise<ResolvConf> {
    const namespace = this.map.internal('dns');
    await this.createNamespace(namespace);
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: DNS_HELPER_POD, namespace, labels: { [RUN_LABEL]: this.map.runId } },
      spec: {
        containers: [{ name: 'dns', image: DNS_HELPER_IMAGE, command: ['sleep', '86400'] }],
        terminationGracePeriodSeconds: 0,
        tolerations: [{ operator: 'Exists' }],
        affinity: {
          nodeAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [{
              weight: 100,
              preference: { matchExpressions: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists' }] },
            }],
          },
        },
      },
    };
    await this.waitForServiceAccounts([namespace]);
    await this.http.json('POST', `/api/v1/namespaces/${namespace}/pods`, { body: pod });
    const running = await waitOnCluster(this.time, this.changes, async () => {
      if (this.stopping) throw new KscenarioError('BACKEND', 'the cluster backend is stopping');
      const a = await this.http.request('GET', `/api/v1/namespaces/${namespace}/pods/${DNS_HELPER_POD}`);
      if (a.status !== 200) return false;
      const status = (JSON.parse(a.body) as { status?: { containerStatuses?: Array<{ state?: { running?: unknown } }> } }).status;
      return !!status?.containerStatuses?.[0]?.state?.running;
    }, 180_000);
    if (!running) {
      throw new KscenarioError('BACKEND', `the DNS helper pod (${DNS_HELPER_IMAGE}) did not start within 3 minutes`, undefined,
        `DNS checks run nslookup in a helper pod: the nodes must be able to pull ${DNS_HELPER_IMAGE}`);
    }
    const r = await execInPod(this.k8s, this.kc, { namespace, pod: DNS_HELPER_POD, container: 'dns' }, ['cat', '/etc/resolv.conf']);
    if (r.exitCode !== 0) throw new KscenarioError('BACKEND', `cannot read the DNS helper's /etc/resolv.conf: ${r.stderr.trim()}`);
    return parseResolvConf(r.stdout);
  }

  private needsDns(): boolean {
    return !!this.options.scenario?.steps.some((s) => (s.step.expect?.dns?.length ?? 0) > 0);
  }

  // ---- helpers ---------------------------------------------------------------------------

  /** A change the scenario asks for: refused once stop() has begun, awaited by stop() while under way. */
  private guarded<T>(f: () => Promise<T>): Promise<T> {
    if (this.stopping) return Promise.reject(new KscenarioError('BACKEND', 'the cluster backend is stopping: no more changes are made'));
    const p = f();
    this.inflight.add(p);
    const done = () => this.inflight.delete(p);
    p.then(done, done);
    return p;
  }

  private async typeOf(obj: KObject): Promise<ResourceType> {
    const type = await this.discovery.resourceFor(obj.apiVersion, obj.kind);
    if (!type) throw new ApiError(404, 'NotFound', noKindMatchMessage(obj.apiVersion, obj.kind));
    return type;
  }

  private prefix(type: Pick<ResourceType, 'group' | 'version'>): string {
    return type.group ? `/apis/${type.group}/${type.version}` : `/api/${type.version}`;
  }

  /** `namespace` is the cluster's name already. */
  private collectionPath(type: ResourceType, namespace?: string): string {
    const ns = type.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
    return `${this.prefix(type)}${ns}/${type.plural}`;
  }

  /** The cluster's namespace and name of a scenario reference. */
  private clusterRef(type: ResourceType, ref: ObjectRef): { namespace: string | undefined; name: string } {
    return {
      namespace: type.namespaced ? this.map.toCluster(ref.namespace ?? 'default') : undefined,
      name: type.kind === 'Namespace' ? this.map.toCluster(ref.name) : ref.name,
    };
  }

  /** `ref` is in the scenario's names. */
  private itemPath(type: ResourceType, ref: ObjectRef): string {
    const name = type.kind === 'Namespace' ? this.map.toCluster(ref.name) : ref.name;
    const namespace = type.namespaced ? this.map.toCluster(ref.namespace ?? 'default') : undefined;
    return `${this.collectionPath(type, namespace)}/${encodeURIComponent(name)}`;
  }

  private async rawList(type: ResourceType, namespace?: string, labelSelector?: string): Promise<{ items: KObject[]; resourceVersion: string }> {
    const { object } = await this.http.json<{ items?: KObject[]; metadata?: { resourceVersion?: string } }>('GET', this.collectionPath(type, namespace), {
      query: labelSelector ? { labelSelector } : undefined,
    });
    return { items: (object.items ?? []).map((o) => this.withKind(o, type)), resourceVersion: object.metadata?.resourceVersion ?? '' };
  }

  /** List items come without apiVersion and kind. */
  private withKind(o: KObject, type: ResourceType): KObject {
    if (o.kind && o.apiVersion) return o;
    return { ...o, apiVersion: o.apiVersion || apiVersionOf(type), kind: o.kind || type.kind };
  }

  private inbound(o: KObject, type: ResourceType): KObject | undefined {
    let obj = this.withKind(o, type);
    if (obj.metadata?.managedFields) {
      const { managedFields: _m, ...metadata } = obj.metadata;
      obj = { ...obj, metadata: metadata as KObject['metadata'] };
    }
    return this.map.inbound(obj, this.isClusterScopedEvent(obj));
  }

  /**
   * The event recorder files events about cluster-scoped objects (a node, a PersistentVolume) in
   * the cluster's `default` namespace, so they are shown in the scenario's `default` too, as on
   * the simulator. Only those recorded since the scenario started: a shared cluster keeps older
   * events about its nodes for an hour.
   */
  private isClusterScopedEvent(obj: KObject): boolean {
    if (obj.kind !== 'Event' || obj.metadata?.namespace !== 'default') return false;
    const involved = (obj.involvedObject ?? obj.regarding) as { namespace?: string } | undefined;
    if (!involved || involved.namespace) return false;
    const created = Date.parse(obj.metadata.creationTimestamp ?? '');
    return !(created < this.eventsSince - CLOCK_SKEW_MS);
  }

  private async written(a: { object: KObject; warnings: string[] }, type: ResourceType): Promise<WriteResult> {
    const written = a.object.metadata;
    if (written) await this.seen.object(type.kind, written.namespace, written.name, written.resourceVersion);
    const object = this.inbound(a.object, type);
    if (!object) throw new KscenarioError('BACKEND', `the server answered with an object outside the scenario's namespaces`);
    return { object, warnings: a.warnings.map((w) => this.map.text(w)) };
  }

  /** Remembers what stop() must delete besides the scenario's namespaces. */
  private track(type: ResourceType, out: KObject): void {
    if (type.kind === 'Namespace') return;
    const ns = out.metadata.namespace;
    if (type.namespaced && ns && !NamespaceMap.isSystem(ns)) return;
    const c: Created = { kind: type.kind, name: out.metadata.name, ...(type.namespaced ? { namespace: ns } : {}) };
    this.created.set(`${c.kind}/${c.namespace ?? ''}/${c.name}`, c);
  }

  private async createNamespace(name: string): Promise<void> {
    if (this.stopping) throw new KscenarioError('BACKEND', 'the cluster backend is stopping');
    const body = { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { [RUN_LABEL]: this.map.runId } } };
    await this.http.json('POST', '/api/v1/namespaces', { body });
  }

  /**
   * A real cluster's ServiceAccount admission refuses pods until the namespace's `default`
   * ServiceAccount exists, which its controller creates a moment after the namespace. Waited for
   * only where the cluster has such a controller (its own `default` namespace has the account).
   */
  private async waitForServiceAccounts(namespaces: string[]): Promise<void> {
    const has = async (ns: string) => (await this.http.request('GET', `/api/v1/namespaces/${ns}/serviceaccounts/default`)).status === 200;
    if (!(await has('default'))) return;
    const until = Date.now() + 30_000;
    for (const ns of namespaces) {
      while (!this.stopping && !(await has(ns)) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    }
  }

  /**
   * The scenario's storage classes: one the cluster has is used as it is (a different provisioner
   * is noted); a missing one is created, labelled with the run, and deleted at stop().
   */
  private async ensureStorageClasses(cluster: ClusterRequest): Promise<void> {
    const type = typeForKind('StorageClass');
    for (const sc of cluster.storageClasses) {
      const a = await this.http.request('GET', `${this.collectionPath(type)}/${encodeURIComponent(sc.name)}`);
      if (a.status === 200) {
        const live = JSON.parse(a.body) as { provisioner?: string };
        if (sc.provisioner && live.provisioner !== sc.provisioner) {
          this.options.notice?.(`storage class ${sc.name} on the cluster uses provisioner ${live.provisioner}, the scenario's ${sc.provisioner}`);
        }
        continue;
      }
      const body = {
        apiVersion: 'storage.k8s.io/v1',
        kind: 'StorageClass',
        metadata: {
          name: sc.name,
          labels: { [RUN_LABEL]: this.map.runId },
          ...(sc.default ? { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } : {}),
        },
        provisioner: sc.provisioner,
        ...(sc.reclaimPolicy ? { reclaimPolicy: sc.reclaimPolicy } : {}),
        ...(sc.volumeBindingMode ? { volumeBindingMode: sc.volumeBindingMode } : {}),
        ...(sc.allowVolumeExpansion !== undefined ? { allowVolumeExpansion: sc.allowVolumeExpansion } : {}),
      };
      await this.http.json('POST', this.collectionPath(type), { body });
      this.created.set(`StorageClass//${sc.name}`, { kind: 'StorageClass', name: sc.name });
    }
  }

  // ---- cleanup ---------------------------------------------------------------------------

  private async cleanUp(): Promise<void> {
    for (const w of this.watches) w.stop();
    this.watches.clear();
    this.dispatcher.close();
    if (!this.started) return this.http.close();
    // start() and the scenario's changes under way end first (each refuses to go on once stopping)
    await this.starting?.catch(() => undefined);
    await Promise.allSettled([...this.inflight]);
    const problems: string[] = [];
    const attempt = async (what: string, f: () => Promise<unknown>) => {
      try {
        await f();
      } catch (err) {
        problems.push(`${what}: ${(err as Error).message}`);
      }
    };
    try {
      if (this.time instanceof ServedTime) await attempt('releasing the served clock', () => (this.time as ServedTime).hold(false));
      await attempt('restoring nodes', () => this.restoreNodes());
      await attempt('removing added nodes', () => this.removeAddedNodes());
      const namespaces = this.map.clusterNamespaces().concat(this.dns ? [this.map.internal('dns')] : []);
      for (const ns of namespaces) {
        await attempt(`deleting namespace ${ns}`, () => this.deleteIgnoringMissing(`/api/v1/namespaces/${ns}`));
      }
      for (const c of this.created.values()) {
        const type = typeForKind(c.kind);
        const path = `${this.collectionPath(type, c.namespace)}/${encodeURIComponent(c.name)}`;
        await attempt(`deleting ${c.kind} ${c.name}`, () => this.deleteIgnoringMissing(path));
      }
      await attempt('deleting labelled cluster-scoped objects', () => this.deleteLabelled());
      await attempt('waiting for the namespaces to go', () => this.waitGone(namespaces));
      await attempt('deleting released volumes', () => this.deleteReleasedVolumes(new Set(namespaces)));
    } finally {
      this.time.close();
      this.http.close();
    }
    if (problems.length) {
      throw new KscenarioError('BACKEND', `cleaning up after the scenario on ${this.server} left work undone:\n${problems.map((p) => `  - ${p}`).join('\n')}`, undefined,
        `delete what is left with: kubectl delete namespace,pv,storageclass,priorityclass -l ${RUN_LABEL}=${this.map.runId}`);
    }
  }

  private async deleteIgnoringMissing(path: string): Promise<void> {
    const a = await this.http.request('DELETE', path, { body: { apiVersion: 'v1', kind: 'DeleteOptions', propagationPolicy: 'Background' } });
    if (a.status !== 404 && (a.status < 200 || a.status >= 300)) await this.http.json('DELETE', path);
  }

  /** Cluster-scoped kinds a scenario may create, swept by the run label. */
  private async deleteLabelled(): Promise<void> {
    const kinds = ['PersistentVolume', 'StorageClass', 'PriorityClass', 'ClusterRole', 'ClusterRoleBinding', 'IngressClass', 'RuntimeClass'];
    for (const kind of kinds) {
      const type = typeForKind(kind);
      const { items } = await this.rawList(type, undefined, `${RUN_LABEL}=${this.map.runId}`);
      for (const o of items) await this.deleteIgnoringMissing(`${this.collectionPath(type)}/${encodeURIComponent(o.metadata.name)}`);
    }
  }

  private async waitGone(namespaces: string[]): Promise<void> {
    const until = Date.now() + (this.options.stopTimeoutMs ?? 180_000);
    let left = namespaces;
    while (left.length) {
      const still: string[] = [];
      for (const ns of left) if ((await this.http.request('GET', `/api/v1/namespaces/${ns}`)).status !== 404) still.push(ns);
      left = still;
      if (!left.length) return;
      if (Date.now() >= until) throw new Error(`still there after ${Math.round((this.options.stopTimeoutMs ?? 180_000) / 1000)}s: ${left.join(', ')}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /** Volumes a Retain policy keeps after their claims in the run's namespaces are gone. */
  private async deleteReleasedVolumes(namespaces: Set<string>): Promise<void> {
    const type = typeForKind('PersistentVolume');
    const { items } = await this.rawList(type);
    for (const pv of items) {
      const claim = (pv.spec as { claimRef?: { namespace?: string } } | undefined)?.claimRef;
      if (claim?.namespace && namespaces.has(claim.namespace)) {
        await this.deleteIgnoringMissing(`${this.collectionPath(type)}/${encodeURIComponent(pv.metadata.name)}`);
      }
    }
  }

  /** Nodes the scenario added (addNode on a served cluster) go again. */
  private async removeAddedNodes(): Promise<void> {
    // only with the nodes of start() known: without them every node would look added
    if (!this.probe.faults || !this.nodesBefore.size) return;
    const { items } = await this.rawList(typeForKind('Node'));
    for (const node of items) {
      if (!this.nodesBefore.has(node.metadata.name)) await this.fault('removeNode', node.metadata.name);
    }
  }

  /** Puts back the labels, taints and schedulability the scenario changed on nodes. */
  private async restoreNodes(): Promise<void> {
    const type = typeForKind('Node');
    const { items } = await this.rawList(type);
    for (const node of items) {
      const before = this.nodesBefore.get(node.metadata.name);
      if (!before) continue;
      const now = nodeState(node);
      const patch: Record<string, unknown> = {};
      const labels: Record<string, string | null> = {};
      for (const [k, v] of Object.entries(before.labels)) if (now.labels[k] !== v) labels[k] = v;
      for (const k of Object.keys(now.labels)) if (!(k in before.labels)) labels[k] = null;
      if (Object.keys(labels).length) patch.metadata = { labels };
      const spec: Record<string, unknown> = {};
      if (JSON.stringify(now.taints ?? []) !== JSON.stringify(before.taints ?? [])) spec.taints = before.taints ?? null;
      if (!!now.unschedulable !== !!before.unschedulable) spec.unschedulable = before.unschedulable ?? null;
      if (Object.keys(spec).length) patch.spec = spec;
      if (Object.keys(patch).length) {
        await this.http.json('PATCH', `${this.collectionPath(type)}/${encodeURIComponent(node.metadata.name)}`, { body: patch, contentType: 'application/merge-patch+json' });
      }
    }
  }
}

/** Taints the node lifecycle controller manages come and go by themselves: not restored. */
function nodeState(n: KObject): NodeState {
  const spec = (n.spec ?? {}) as { taints?: Array<{ key: string }>; unschedulable?: boolean };
  const taints = spec.taints?.filter((t) => !t.key.startsWith('node.kubernetes.io/'));
  return { labels: { ...(n.metadata.labels ?? {}) }, taints: taints?.length ? taints : undefined, unschedulable: spec.unschedulable };
}

/**
 * Watch events of all of the backend's watches, delivered in resourceVersion order: each kind has
 * a stream of its own, and a short hold lets the event of one stream that arrived a moment later
 * than another's still come first when the server made it first (resourceVersions of one etcd,
 * or of the simulator, grow with every write). Not numeric: arrival order.
 */
class Dispatcher {
  private queue: Array<{ rv: bigint | undefined; seq: number; deliver: () => void }> = [];
  private seq = 0;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly afterFlush: () => void,
    /** before a batch is delivered (the on-demand served clock is read, so events get its time) */
    private readonly beforeFlush: () => Promise<void> | undefined = () => undefined,
  ) {}

  push(rv: string | undefined, deliver: () => void): void {
    if (this.closed) return;
    this.queue.push({ rv: rv && /^\d+$/.test(rv) ? BigInt(rv) : undefined, seq: this.seq++, deliver });
    this.timer ??= setTimeout(() => void this.flush(), DISPATCH_HOLD_MS);
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.queue = [];
  }

  private async flush(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    await this.beforeFlush()?.catch(() => undefined);
    this.timer = undefined;
    if (this.closed) return;
    if (this.queue.length) this.timer = setTimeout(() => void this.flush(), DISPATCH_HOLD_MS);
    const numeric = batch.every((e) => e.rv !== undefined);
    if (numeric) batch.sort((a, b) => (a.rv! < b.rv! ? -1 : a.rv! > b.rv! ? 1 : a.seq - b.seq));
    for (const e of batch) e.deliver();
    this.afterFlush();
  }
}

/** How far the cluster's clock may be behind the runner's when events are told apart by time (ms). */
const CLOCK_SKEW_MS = 5000;
/** How long the dispatcher holds events to put streams in order (wall ms). */
const DISPATCH_HOLD_MS = 5;

