/**
 * The invariant checker: what must hold of the simulated cluster at the end of every virtual
 * instant (after every component has reacted to that instant's writes). Tests turn it on for every
 * scenario (`new SimulatorBackend({ seed, checkInvariants: true })`, test/support/scenario-passes.ts);
 * a violation throws a SimulationError naming the instant and the objects, which ends the step
 * that was running. It only reads: it schedules nothing and writes nothing, so a run with it has
 * the same history as one without.
 *
 * Each rule is checked for what changed at the instant (a dirty set fed by the watch), never by a
 * scan of the whole store, so it costs what the writes cost. The rules, each as upstream makes it
 * hold, with its transient states:
 *
 * 1. StatefulSet identity: no two pods in phase Running share (namespace, owning StatefulSet,
 *    ordinal) — the ordinal from the apps.kubernetes.io/pod-index label, else the name's suffix.
 *    The controller creates an ordinal again only once the old pod has left the API
 *    (stateful_set_control.go). The API cannot show a second copy that still runs on a node
 *    partitioned away after a force delete (the upstream caveat of force deletion): the kubelets'
 *    own containers are not checked.
 * 2. Volume binding is one-to-one: no two claims in phase Bound name one volume
 *    (spec.volumeName), and no two volumes in phase Bound name one claim (spec.claimRef.uid). The
 *    PV controller binds the volume first and the claim after (pv_controller.go bind), so a
 *    half-bound pair (PV Bound, claim Pending) is allowed; two of either side is not.
 * 3. A node's pods fit its allocatable: the pods in phase Running on a node, counted as the
 *    kubelet's admission counts them (resource.PodRequests: containers, init containers, overhead;
 *    lifecycle/predicate.go), fit status.allocatable for cpu, memory, ephemeral-storage, extended
 *    resources and the pod count. Pods the kubelet refuses (OutOfcpu) never run, so they are not
 *    counted while Pending.
 * 4. No pod runs on a node that is gone: a pod in phase Running bound to a node that no longer
 *    exists is allowed the pod GC's delay — the node name waits 40 s in quarantine and the GC looks
 *    every 20 s (podgc gc_controller.go gcOrphaned) — so it is a violation once it has been so for
 *    more than 61 s. A node that died but still exists keeps its pods Running in the API until the
 *    taint eviction deletes them: that is not checked here.
 * 5. Every object's owners exist, or it is being collected: an object (Events aside, which the
 *    garbage collector ignores) whose ownerReferences name no existing uid must get a
 *    deletionTimestamp or be gone. The collector reacts when the owner's deletion reaches its
 *    graph and retries with back-off on errors, so the object is given 5 s of virtual time from
 *    the moment its last owner was missing.
 */
import type { Pod, PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import { SimulationError } from '../../errors';
import { controllerRef, type KObject } from '../../kube/object';
import type { WatchEvent } from '../apiserver/store';
import type { Component, SimContext } from '../context';
import { PodsByNode } from '../controllers/shared/pods-by-node';
import { addInto, emptyResources, nodeAllocatable, podRequests, type Resources } from '../scheduler/resources';
import { GC_CHECK_PERIOD_MS, QUARANTINE_MS } from '../controllers/podgc/controller';

/** podgc quarantineTime (40 s) + gcCheckPeriod (20 s), and a second of slack. */
export const ORPHANED_POD_GRACE_MS = QUARANTINE_MS + GC_CHECK_PERIOD_MS + 1_000;
/** How long a dependent whose owners are gone may wait for the garbage collector. */
export const GC_GRACE_MS = 5_000;
const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';

type Key = string;

export class InvariantChecker implements Component {
  private ctx!: SimContext;
  private readonly dirtyPods = new Set<Key>();
  private readonly dirtyNodes = new Set<string>();
  private readonly dirtyClaims = new Set<Key>();
  private readonly dirtyVolumes = new Set<string>();
  private readonly dirtyOwned = new Set<Key>();
  /** the pods bound to each node */
  private podsByNode!: PodsByNode;
  /** StatefulSet identity -> the pods that claim it */
  private readonly byIdentity = new Map<string, Set<Key>>();
  /** pods Running on a node that is gone, and since when (virtual ms) */
  private readonly orphanedSince = new Map<Key, number>();
  /** objects whose owners are all gone, and since when */
  private readonly ownerlessSince = new Map<Key, { since: number; kind: string; namespace?: string; name: string }>();
  /** uids of every stored object */
  private readonly uids = new Set<string>();
  /** owner uid -> store keys of its dependents (to look at them again when the owner goes) */
  private readonly dependents = new Map<string, Set<Key>>();

  start(ctx: SimContext): void {
    this.ctx = ctx;
    this.podsByNode = new PodsByNode(ctx.api);
    ctx.api.watch((ev) => this.observe(ev));
    ctx.clock.addInstantEndHook(() => this.check());
  }

  private observe(ev: WatchEvent): void {
    const o = ev.object;
    const key = objectKey(o);
    if (ev.type === 'DELETED') this.uids.delete(o.metadata.uid!);
    else this.uids.add(o.metadata.uid!);
    if (o.kind === 'Pod') this.observePod(ev, key);
    else if (o.kind === 'Node') this.dirtyNodes.add(o.metadata.name);
    else if (o.kind === 'PersistentVolumeClaim') this.dirtyClaims.add(key);
    else if (o.kind === 'PersistentVolume') this.dirtyVolumes.add(o.metadata.name);
    if (o.kind !== 'Event') this.observeOwners(ev, key);
  }

  private observePod(ev: WatchEvent, key: Key): void {
    const pod = ev.object as unknown as Pod;
    const before = (ev.old as unknown as Pod | undefined)?.spec?.nodeName;
    const after = ev.type === 'DELETED' ? undefined : pod.spec?.nodeName;
    this.podsByNode.observe(ev);
    if (after) this.dirtyNodes.add(after);
    if (before) this.dirtyNodes.add(before);
    const oldIdentity = ev.old && statefulSetIdentity(ev.old as unknown as Pod);
    if (oldIdentity) this.byIdentity.get(oldIdentity.text)?.delete(key);
    const identity = ev.type !== 'DELETED' && statefulSetIdentity(pod);
    if (identity) {
      let set = this.byIdentity.get(identity.text);
      if (!set) this.byIdentity.set(identity.text, (set = new Set()));
      set.add(key);
    }
    this.dirtyPods.add(key);
  }

  private observeOwners(ev: WatchEvent, key: Key): void {
    for (const r of ev.object.metadata.ownerReferences ?? []) {
      let set = this.dependents.get(r.uid);
      if (!set) this.dependents.set(r.uid, (set = new Set()));
      set.add(key);
    }
    if (ev.object.metadata.ownerReferences?.length || this.ownerlessSince.has(key)) this.dirtyOwned.add(key);
    if (ev.type === 'DELETED') {
      for (const dependent of this.dependents.get(ev.object.metadata.uid!) ?? []) this.dirtyOwned.add(dependent);
    }
  }

  // ---- at the end of an instant ---------------------------------------------------------------

  private check(): void {
    const problems = [
      ...this.checkStatefulSetIdentities(),
      ...this.checkVolumeBinding(),
      ...[...this.dirtyNodes].flatMap((n) => this.checkNodeFit(n)),
      ...this.checkOrphanedPods(),
      ...this.checkOwners(),
    ];
    this.dirtyPods.clear();
    this.dirtyNodes.clear();
    this.dirtyClaims.clear();
    this.dirtyVolumes.clear();
    this.dirtyOwned.clear();
    if (problems.length) {
      throw new SimulationError(`invariant violated at t=${this.ctx.clock.now()}ms: ${problems.join('; ')}`);
    }
  }

  /** Rule 1, for the StatefulSet pods that changed. */
  private checkStatefulSetIdentities(): string[] {
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const key of this.dirtyPods) {
      const pod = this.pod(key);
      const identity = pod && statefulSetIdentity(pod);
      if (!identity || seen.has(identity.text) || pod.status?.phase !== 'Running') continue;
      seen.add(identity.text);
      const holders = [...(this.byIdentity.get(identity.text) ?? [])].map((k) => this.pod(k))
        .filter((p): p is Pod => p?.status?.phase === 'Running' && statefulSetIdentity(p)?.text === identity.text);
      if (holders.length > 1) problems.push(`pods ${holders.map((p) => p.metadata!.name).join(', ')} all run StatefulSet identity ${identity.text}`);
    }
    return problems;
  }

  /** Rule 2, for the claims and volumes that changed. */
  private checkVolumeBinding(): string[] {
    if (!this.dirtyClaims.size && !this.dirtyVolumes.size) return [];
    const problems: string[] = [];
    const boundClaims = this.ctx.api.list<PersistentVolumeClaim>('PersistentVolumeClaim').filter((c) => c.status?.phase === 'Bound' && c.spec?.volumeName);
    for (const [volume, claims] of groupBy(boundClaims, (c) => c.spec!.volumeName!)) {
      if (claims.length > 1) problems.push(`PersistentVolume ${volume} is bound to claims ${claims.map((c) => `${c.metadata!.namespace}/${c.metadata!.name}`).join(', ')}`);
    }
    const boundVolumes = this.ctx.api.list<PersistentVolume>('PersistentVolume').filter((v) => v.status?.phase === 'Bound' && v.spec?.claimRef?.uid);
    for (const [uid, volumes] of groupBy(boundVolumes, (v) => v.spec!.claimRef!.uid!)) {
      const ref = volumes[0]!.spec!.claimRef!;
      if (volumes.length > 1) problems.push(`PersistentVolumeClaim ${ref.namespace}/${ref.name} (uid ${uid}) is bound by volumes ${volumes.map((v) => v.metadata!.name).join(', ')}`);
    }
    return problems;
  }

  /** Rule 3 for one node. */
  private checkNodeFit(nodeName: string): string[] {
    const node = this.ctx.api.get('Node', undefined, nodeName);
    if (!node) return [];
    const running = this.podsByNode.pods(nodeName).filter((p) => p.status?.phase === 'Running');
    const used = emptyResources();
    for (const p of running) addInto(used, podRequests(p));
    const allocatable = nodeAllocatable((node.status as { allocatable?: Record<string, string> } | undefined)?.allocatable);
    const over = overcommitted(used, allocatable.resources);
    if (running.length > allocatable.pods) over.unshift(`${running.length} pods for ${allocatable.pods}`);
    return over.length ? [`the pods Running on node ${nodeName} do not fit its allocatable (${over.join(', ')}): ${running.map((p) => `${p.metadata!.namespace}/${p.metadata!.name}`).join(', ')}`] : [];
  }

  /** Rule 4: pods that changed or whose node changed, and those already waiting for the pod GC. */
  private checkOrphanedPods(): string[] {
    const now = this.ctx.clock.now();
    const look = new Set([...this.dirtyPods, ...this.orphanedSince.keys()]);
    for (const node of this.dirtyNodes) for (const pod of this.podsByNode.pods(node)) look.add(objectKey(pod as unknown as KObject));
    const problems: string[] = [];
    for (const key of look) {
      const pod = this.pod(key);
      const node = pod?.spec?.nodeName;
      const orphaned = !!node && pod?.status?.phase === 'Running' && !this.ctx.api.get('Node', undefined, node);
      if (!orphaned) {
        this.orphanedSince.delete(key);
        continue;
      }
      const since = this.orphanedSince.get(key) ?? now;
      this.orphanedSince.set(key, since);
      if (now - since > ORPHANED_POD_GRACE_MS) problems.push(`pod ${key} is Running on node ${node}, which has been gone since t=${since}ms`);
    }
    return problems;
  }

  /** Rule 5: objects whose references changed or whose owner went, and those already waiting. */
  private checkOwners(): string[] {
    const now = this.ctx.clock.now();
    const problems: string[] = [];
    for (const key of new Set([...this.dirtyOwned, ...this.ownerlessSince.keys()])) {
      const o = this.object(key);
      const refs = o?.metadata.ownerReferences ?? [];
      const ownerless = !!o && refs.length > 0 && !o.metadata.deletionTimestamp && !refs.some((r) => this.uids.has(r.uid));
      if (!ownerless) {
        this.ownerlessSince.delete(key);
        continue;
      }
      const since = this.ownerlessSince.get(key)?.since ?? now;
      this.ownerlessSince.set(key, { since, kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name });
      if (now - since > GC_GRACE_MS) {
        problems.push(`${key} has lost every owner (${refs.map((r) => `${r.kind} ${r.name} uid ${r.uid}`).join(', ')}) since t=${since}ms and is not being deleted`);
      }
    }
    return problems;
  }

  private pod(key: Key): Pod | undefined {
    return this.object(key) as unknown as Pod | undefined;
  }

  private object(key: Key): KObject | undefined {
    const [kind, namespace, name] = splitKey(key);
    return this.ctx.api.get(kind, namespace || undefined, name);
  }
}

/** "Kind/namespace/name" (namespace empty when cluster-scoped), as the store keys objects. */
function objectKey(o: KObject): Key {
  return `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

function splitKey(key: Key): [string, string, string] {
  const [kind, namespace, ...name] = key.split('/');
  return [kind!, namespace!, name.join('/')];
}

function statefulSetIdentity(pod: Pod): { text: string } | undefined {
  const owner = controllerRef(pod as unknown as KObject);
  if (owner?.kind !== 'StatefulSet') return undefined;
  const name = pod.metadata!.name!;
  const ordinal = pod.metadata?.labels?.[POD_INDEX_LABEL] ?? name.slice(name.lastIndexOf('-') + 1);
  return { text: `${pod.metadata!.namespace}/${owner.name}[${ordinal}]` };
}

function overcommitted(used: Resources, allocatable: Resources): string[] {
  const out: string[] = [];
  if (used.milliCPU > allocatable.milliCPU) out.push(`cpu ${used.milliCPU}m for ${allocatable.milliCPU}m`);
  if (used.memory > allocatable.memory) out.push(`memory ${used.memory} for ${allocatable.memory}`);
  if (used.ephemeralStorage > allocatable.ephemeralStorage) out.push(`ephemeral-storage ${used.ephemeralStorage} for ${allocatable.ephemeralStorage}`);
  for (const [name, q] of Object.entries(used.scalars ?? {})) {
    if (q > (allocatable.scalars?.[name] ?? 0)) out.push(`${name} ${q} for ${allocatable.scalars?.[name] ?? 0}`);
  }
  return out;
}

function groupBy<T>(items: T[], keyOf: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const t of items) {
    const k = keyOf(t);
    out.set(k, [...(out.get(k) ?? []), t]);
  }
  return out;
}
