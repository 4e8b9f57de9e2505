/**
 * The garbage collector (pkg/controller/garbagecollector: garbagecollector.go attemptToDeleteItem,
 * processDeletingDependentsItem, orphanDependents; graph_builder.go processGraphChanges).
 *
 * - Background: an object whose owners are all gone (no object with the reference's uid under its
 *   name) is deleted; owners that still exist keep it, dangling references beside them are removed.
 *   A reference to an owner that never existed counts as gone.
 * - Foreground: an owner with deletionTimestamp + foregroundDeletion waits until no dependent
 *   with blockOwnerDeletion=true remains; its dependents are deleted (in foreground themselves when
 *   they have dependents), then the finalizer is removed.
 * - Orphan: an owner with deletionTimestamp + orphan has its reference removed from every
 *   dependent, then the finalizer removed.
 *
 * The dependency graph is the API server's owner index (ApiServer.dependents); the collector only
 * remembers which uids exist. Events are not collected (upstream ignores them too).
 */
import type { OwnerReference } from 'kubernetes-types/meta/v1';
import { ApiError } from '../../../errors';
import { type KObject, clone } from '../../../kube/object';
import type { Component, SimContext } from '../../context';
import { FOREGROUND_FINALIZER, ORPHAN_FINALIZER, type PropagationPolicy, type WatchEvent } from '../../apiserver/store';
import { resolveType, servedTypes } from '../../../kube/registry';
import { WorkQueue } from '../../workqueue';
import {
  blocksOwner,
  deletionStartsWith,
  hasFinalizer,
  isBeingDeleted,
  isDeletingDependents,
  ownerRefs,
  unblockedOwnerUids,
} from './owners';

interface Identity {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

type Classified = { solid: OwnerReference[]; dangling: OwnerReference[]; waiting: OwnerReference[] };

/** Event source of the collector (NewGarbageCollector). */
const GC_COMPONENT = 'garbage-collector-controller';

/** Kinds the collector never tracks (garbagecollector.go DefaultIgnoredResources: events). */
const IGNORED_KINDS = new Set(['Event']);

export class GarbageCollector implements Component {
  private ctx!: SimContext;
  private attemptToDelete!: WorkQueue;
  private attemptToOrphan!: WorkQueue;
  /** uid -> where the object lives, for every object the collector has seen and not seen deleted */
  private readonly known = new Map<string, Identity>();

  start(ctx: SimContext): void {
    this.ctx = ctx;
    this.attemptToDelete = new WorkQueue(ctx.clock, (uid) => this.attemptToDeleteItem(uid));
    this.attemptToOrphan = new WorkQueue(ctx.clock, (uid) => this.orphanDependents(uid));
    // Like upstream's graph builder, it watches every resource it can list (all but Events).
    const kinds = servedTypes(ctx.config.version).map((t) => t.kind).filter((k) => !IGNORED_KINDS.has(k));
    ctx.api.watch((ev) => this.observe(ev), kinds);
  }

  // ---- graph changes ---------------------------------------------------------------------------

  private observe(ev: WatchEvent): void {
    const obj = ev.object;
    if (IGNORED_KINDS.has(obj.kind)) return;
    const uid = obj.metadata.uid!;
    if (ev.type === 'DELETED') return this.observeDeletion(obj, uid);
    if (!sameIdentity(this.known.get(uid), obj)) {
      this.known.set(uid, { apiVersion: obj.apiVersion, kind: obj.kind, namespace: obj.metadata.namespace, name: obj.metadata.name });
    }
    if (!ownerRefsKept(ev.old, obj)) this.observeOwnerChanges(obj, ev.old, uid);
    this.processTransitions(obj, ev.old, uid);
  }

  /** References added since `old` are verified; owners no longer blocked may finish. */
  private observeOwnerChanges(obj: KObject, old: KObject | undefined, uid: string): void {
    const oldUids = new Set(old ? ownerRefs(old).map((r) => r.uid) : []);
    const added = ownerRefs(obj).filter((r) => !oldUids.has(r.uid));
    if (added.some((r) => this.potentiallyInvalid(obj, r))) this.attemptToDelete.add(uid);
    if (old) for (const owner of unblockedOwnerUids(old, obj)) this.enqueueIfDeletingDependents(owner);
  }

  /**
   * addDependentToOwners: a reference the collector must verify against the API server — to an
   * owner it has never seen (a "virtual" node), or one whose kind, name, apiVersion or namespace
   * do not match the owner it knows by that uid. A namespaced owner in another namespace also
   * earns the dependent an OwnerRefInvalidNamespace warning.
   */
  private potentiallyInvalid(dependent: KObject, ref: OwnerReference): boolean {
    const owner = this.known.get(ref.uid);
    if (!owner) return true;
    if (owner.namespace && owner.namespace !== dependent.metadata.namespace) {
      const coordinates = `[${ref.apiVersion}/${ref.kind}, namespace: ${dependent.metadata.namespace ?? ''}, name: ${ref.name}, uid: ${ref.uid}]`;
      const message = `ownerRef ${coordinates} does not exist in namespace "${dependent.metadata.namespace ?? ''}"`;
      this.ctx.events.record(dependent, 'Warning', 'OwnerRefInvalidNamespace', message, GC_COMPONENT);
      return true;
    }
    return owner.apiVersion !== ref.apiVersion || owner.kind !== ref.kind || owner.name !== ref.name;
  }

  /** processTransitions: deletion with the orphan or foregroundDeletion finalizer has just begun. */
  private processTransitions(obj: KObject, old: KObject | undefined, uid: string): void {
    if (deletionStartsWith(obj, old, ORPHAN_FINALIZER)) {
      this.attemptToOrphan.add(uid);
      return;
    }
    if (deletionStartsWith(obj, old, FOREGROUND_FINALIZER)) {
      for (const dep of this.ctx.api.dependents(uid)) this.attemptToDelete.add(dep.metadata.uid!);
      this.attemptToDelete.add(uid);
    }
  }

  /** An object is gone: its dependents may now be garbage, its foreground owners may finish. */
  private observeDeletion(obj: KObject, uid: string): void {
    this.known.delete(uid);
    for (const dep of this.ctx.api.dependents(uid)) this.attemptToDelete.add(dep.metadata.uid!);
    for (const ref of ownerRefs(obj)) this.enqueueIfDeletingDependents(ref.uid);
  }

  private enqueueIfDeletingDependents(uid: string): void {
    const owner = this.live(uid);
    if (owner && isDeletingDependents(owner)) this.attemptToDelete.add(uid);
  }

  // ---- attemptToDelete -------------------------------------------------------------------------

  /** attemptToDeleteItem */
  private attemptToDeleteItem(uid: string): void {
    const item = this.live(uid);
    if (!item) return;
    if (isDeletingDependents(item)) return this.processDeletingDependents(item);
    if (isBeingDeleted(item)) return; // a one-way trip: its dependents are handled once it is gone
    const refs = ownerRefs(item);
    if (!refs.length) return;
    const classified = this.classifyReferences(item, refs);
    if (!classified) return;
    const { solid, dangling, waiting } = classified;
    if (solid.length) {
      if (dangling.length || waiting.length) this.removeOwnerRefs(item, [...dangling, ...waiting].map((r) => r.uid));
      return;
    }
    const dependents = this.ctx.api.dependents(uid);
    if (waiting.length && dependents.length) {
      // cycle guard: a dependent already deleting its own dependents must not wait on this item
      if (dependents.some(isDeletingDependents)) this.unblockOwnerRefs(item);
      return this.deleteObject(item, 'Foreground');
    }
    this.deleteObject(item, hasFinalizer(item, ORPHAN_FINALIZER) ? 'Orphan' : hasFinalizer(item, FOREGROUND_FINALIZER) ? 'Foreground' : 'Background');
  }

  /**
   * processDeletingDependentsItem: done when no dependent blocks; otherwise push the blocking ones
   * (that are not themselves deleting dependents) to deletion.
   */
  private processDeletingDependents(owner: KObject): void {
    const uid = owner.metadata.uid!;
    const blocking = this.ctx.api.dependents(uid).filter((d) => blocksOwner(d, uid));
    if (!blocking.length) return this.removeFinalizer(owner, FOREGROUND_FINALIZER);
    for (const dep of blocking) if (!isDeletingDependents(dep)) this.attemptToDelete.add(dep.metadata.uid!);
  }

  /**
   * classifyReferences: solid (owner exists, not deleting its dependents), dangling (no object
   * with that uid under the reference's name — looked up in the dependent's namespace for a
   * namespaced owner kind), waiting (owner deleting its dependents in foreground). undefined when
   * a reference cannot be resolved: an unknown kind (upstream retries until discovery knows it)
   * or a cluster-scoped object pointing at a namespaced owner (upstream gives up on it).
   */
  private classifyReferences(item: KObject, refs: OwnerReference[]): Classified | undefined {
    const out: Classified = { solid: [], dangling: [], waiting: [] };
    for (const ref of refs) {
      let namespaced: boolean;
      try {
        namespaced = resolveType(ref.apiVersion, ref.kind, this.ctx.config.version).namespaced;
      } catch (err) {
        if (err instanceof ApiError) return undefined;
        throw err;
      }
      if (namespaced && !item.metadata.namespace) return undefined;
      const owner = this.ctx.api.get<KObject>(ref.kind, namespaced ? item.metadata.namespace : undefined, ref.name);
      if (!owner || owner.metadata.uid !== ref.uid) out.dangling.push(ref);
      else if (isDeletingDependents(owner)) out.waiting.push(ref);
      else out.solid.push(ref);
    }
    return out;
  }

  // ---- orphan ----------------------------------------------------------------------------------

  /** attemptToOrphanWorker: drop the owner from every dependent, then the orphan finalizer. */
  private orphanDependents(uid: string): void {
    const owner = this.live(uid);
    if (!owner) return;
    for (const dep of this.ctx.api.dependents(uid)) this.removeOwnerRefs(dep, [uid]);
    this.removeFinalizer(owner, ORPHAN_FINALIZER);
  }

  // ---- writes ----------------------------------------------------------------------------------

  private deleteObject(item: KObject, propagationPolicy: PropagationPolicy): void {
    this.tolerateNotFound(() =>
      this.ctx.api.delete(item.kind, item.metadata.namespace, item.metadata.name, { propagationPolicy, uid: item.metadata.uid }),
    );
  }

  /** The delete-owner-reference patch: the listed owners leave the object's ownerReferences. */
  private removeOwnerRefs(item: KObject, ownerUids: string[]): void {
    const drop = new Set(ownerUids);
    const next = clone(item);
    const kept = ownerRefs(item).filter((r) => !drop.has(r.uid));
    if (kept.length) next.metadata.ownerReferences = kept;
    else delete next.metadata.ownerReferences;
    this.tolerateNotFound(() => this.ctx.api.update(next));
  }

  /** unblockOwnerReferences: every blockOwnerDeletion=true becomes false. */
  private unblockOwnerRefs(item: KObject): void {
    const next = clone(item);
    next.metadata.ownerReferences = ownerRefs(item).map((r) => (r.blockOwnerDeletion ? { ...r, blockOwnerDeletion: false } : r));
    this.tolerateNotFound(() => this.ctx.api.update(next));
  }

  private removeFinalizer(item: KObject, finalizer: string): void {
    const next = clone(item);
    next.metadata.finalizers = (item.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    this.tolerateNotFound(() => this.ctx.api.update(next));
  }

  /** An object that vanished meanwhile needs nothing more; other API errors retry via the queue. */
  private tolerateNotFound(write: () => unknown): void {
    try {
      write();
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 404) throw err;
    }
  }

  /** The object with this uid as it is now, if it still exists. */
  private live(uid: string): KObject | undefined {
    const id = this.known.get(uid);
    if (!id) return undefined;
    const obj = this.ctx.api.get<KObject>(id.kind, id.namespace, id.name);
    return obj?.metadata.uid === uid ? obj : undefined;
  }
}

/** The collector already knows the object under this uid where it is (most writes are updates). */
function sameIdentity(known: Identity | undefined, obj: KObject): boolean {
  return !!known && known.apiVersion === obj.apiVersion && known.kind === obj.kind
    && known.namespace === obj.metadata.namespace && known.name === obj.metadata.name;
}

/**
 * An update that carries the stored owner references (the store shares the frozen list between
 * versions), at most one: nothing added and nothing unblocked, so nothing to look at. With
 * several references to one uid, which of them counts is subtle enough to take the full path.
 */
function ownerRefsKept(old: KObject | undefined, obj: KObject): boolean {
  return !!old && old.metadata.ownerReferences === obj.metadata.ownerReferences && ownerRefs(obj).length <= 1;
}
