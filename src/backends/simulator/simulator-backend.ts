/**
 * The simulator behind the Backend interface: in-process, virtual time. Writes go through the
 * simulated API server exactly as kubectl's would; time passes only when the runner asks.
 */
import type { HistoryEntry } from '../../history/entry';
import type { KObject } from '../../kube/object';
import { jsonPatch, mergePatch, strategicMergePatch, threeWayApply, withLastApplied } from '../../kube/patch';
import { resolveType, typeForKind } from '../../kube/registry';
import { notFound } from '../../kube/status-errors';
import { buildCluster, type SimulatedCluster } from '../../sim/cluster';
import { evictPod } from '../../sim/apiserver/eviction';
import { warningsOnCreate } from '../../kube/validation';
import type { ApplyResult, Backend, ClusterRequest, DeleteRequest, DnsAnswer, EvictRequest, ObjectRef, PatchType } from '../backend';

export class SimulatorBackend implements Backend {
  readonly name = 'simulator';
  private cluster?: SimulatedCluster;

  private get c(): SimulatedCluster {
    if (!this.cluster) throw new Error('simulator backend used before start()');
    return this.cluster;
  }

  async start(request: ClusterRequest, seed: number): Promise<void> {
    this.cluster = buildCluster(request, seed);
  }

  async stop(): Promise<void> {
    this.cluster = undefined;
  }

  now(): number {
    return this.c.sim.clock.now();
  }

  timestamp(): string {
    return this.c.sim.api.timestamp();
  }

  async apply(obj: KObject, mode: 'apply' | 'create'): Promise<ApplyResult> {
    const { api } = this.c.sim;
    this.c.sim.settle();
    const live = this.liveOf(obj);
    // kubectl apply records what it applied so a later apply can tell removed fields.
    const object = mode === 'create' || !live
      ? api.create(mode === 'apply' ? (withLastApplied(obj, obj) as KObject) : obj)
      : api.update(threeWayApply(live, obj) as KObject);
    // The strategies' WarningsOnCreate/WarningsOnUpdate of these kinds judge the new object alone.
    return { object, warnings: warningsOnCreate(object) };
  }

  async delete(ref: ObjectRef, opts: DeleteRequest): Promise<void> {
    this.c.sim.settle();
    this.c.sim.api.delete(ref.kind, this.namespaceOf(ref), ref.name, opts);
  }

  async patch(ref: ObjectRef, type: PatchType, patch: unknown): Promise<KObject> {
    const { api } = this.c.sim;
    this.c.sim.settle();
    const live = api.get(ref.kind, this.namespaceOf(ref), ref.name);
    if (!live) throw notFound(typeForKind(ref.kind), ref.name);
    const apply = type === 'json' ? jsonPatch : type === 'merge' ? mergePatch : strategicMergePatch;
    const patched = apply(structuredClone(live), patch) as KObject;
    return api.update({ ...patched, metadata: { ...patched.metadata, resourceVersion: undefined } });
  }

  async evict(pod: ObjectRef, req: EvictRequest = {}): Promise<void> {
    this.c.sim.settle();
    evictPod(this.c.sim.api, { namespace: pod.namespace ?? 'default', name: pod.name, gracePeriodSeconds: req.gracePeriodSeconds });
  }

  async get(ref: ObjectRef): Promise<KObject | undefined> {
    this.c.sim.settle();
    return this.c.sim.api.get(ref.kind, this.namespaceOf(ref), ref.name);
  }

  async list(kind: string, namespace?: string): Promise<KObject[]> {
    this.c.sim.settle();
    return this.c.sim.api.list(kind, typeForKind(kind).namespaced ? namespace : undefined);
  }

  async act(verb: string, args: unknown): Promise<void> {
    this.c.sim.settle();
    this.c.sim.act(verb, args);
  }

  actions(): string[] {
    return this.c.sim.supportedActions();
  }

  async readFile(pod: ObjectRef, container: string | undefined, path: string): Promise<string | undefined> {
    this.c.sim.settle();
    return this.c.kubelets.readFile(pod.namespace ?? 'default', pod.name, container, path);
  }

  async resolveDns(name: string, type: 'A' | 'SRV', namespace = 'default'): Promise<DnsAnswer> {
    this.c.sim.settle();
    return this.c.dns.resolve(name, type, namespace);
  }

  async sleep(ms: number): Promise<void> {
    this.c.sim.advance(ms);
  }

  waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
    return this.c.sim.waitFor(check, timeoutMs);
  }

  markStep(step: string, type: 'STEP_START' | 'STEP_END'): void {
    this.c.sim.history.push({ t: this.now(), type, step });
  }

  history(): HistoryEntry[] {
    return this.c.sim.history;
  }

  private liveOf(obj: KObject): KObject | undefined {
    // resolveType answers an unserved apiVersion/kind the way the API server does.
    const type = resolveType(obj.apiVersion, obj.kind, this.c.sim.config.version);
    return this.c.sim.api.get(obj.kind, type.namespaced ? (obj.metadata.namespace ?? 'default') : undefined, obj.metadata.name);
  }

  private namespaceOf(ref: ObjectRef): string | undefined {
    return typeForKind(ref.kind).namespaced ? (ref.namespace ?? 'default') : undefined;
  }
}
