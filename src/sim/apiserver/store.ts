/**
 * The simulator's API server: one store of objects with the request pipeline of a real one —
 * served-version check, defaulting, admission, validation, uid/resourceVersion/generation,
 * finalizers and graceful deletion — and a watch stream that controllers and the history
 * recorder consume. Objects handed out are frozen: copy (k8s/object clone) before editing.
 */
import type { Node, Pod, PersistentVolumeClaim, ServiceAccount } from 'kubernetes-types/core/v1';
import { ApiError, LimitError } from '../../errors';
import { deepEqual, deepEqualExcept, deepFreeze } from '../../kube/equal';
import { type KObject, type Meta, keyOf, storeKey } from '../../kube/object';
import { setOwn } from '../../own-keys';
import type { KubeVersion } from '../../kube/version';
import type { Clock } from '../clock';
import type { Rng } from '../rng';
import {
  defaultStorageClass, defaultTolerationSeconds, onlyOneDefaultPriorityClass, persistentVolumeClaimResize, priority, serviceAccount, storageObjectInUseProtection, taintNodesByCondition,
} from './admission';
import { applyDefaults, dropDisabledFields, generateJobSelector } from '../../kube/defaults';
import { mergeStringData } from '../../kube/secret-string-data';
import { podResizeAdmission, resizeRequest, resizeServed, validatePodResize } from './pod-resize';
import { isMirrorPod } from '../../kube/pod-state';
import { resolveType, typeForKind, type ResourceType } from '../../kube/registry';
import { alreadyExists, conflict, DetailedApiError, forbiddenError, groupResource, invalidError, notFound } from '../../kube/status-errors';
import {
  beginNamespaceDeletion, initialStatus, namespaceFinalizers, podGracePeriod, prepareForCreate, prepareForUpdate,
  shouldDeleteDuringUpdate, tracksGeneration, withPhaseTransitionTime,
} from './strategy';
import { validateCreate, validateStatusUpdate, validateUpdate } from '../../kube/validation';
import { decodeRequest, type FieldValidation } from '../../kube/decode-check';
import { applyBinding, bindingOptions } from './binding';
import { nodeTopologyLabels, withTopologyLabels } from './pod-topology-labels';
import { admitPodSecurity, type PodSecurityEnv } from './pod-security';
import { limitRangerDefaults, limitRangerValidate } from './limit-ranger';
import { checkQuota } from './resource-quota';
import { DEFAULT_SIZE_LIMITS, limitHint, limitText, podCountFields, type SizeLimits } from '../../kube/size-limits';
import { keyText, WriteChurn } from './write-churn';

export type WatchType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchEvent {
  type: WatchType;
  object: KObject;
  /** the previous state, for MODIFIED */
  old?: KObject;
}

export type WatchHandler = (ev: WatchEvent) => void;

interface Watcher {
  handler: WatchHandler;
  /** undefined: every kind */
  kinds?: ReadonlySet<string>;
}

export type Operation = 'CREATE' | 'UPDATE';

/**
 * A stateful admission step some component owns (e.g. the Service registry allocating cluster
 * IPs). Returns the object to store, or throws ApiError to reject the request.
 */
export type AdmissionHook = (obj: KObject, op: Operation, old: KObject | undefined) => KObject;

export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';

export interface DeleteOptions {
  propagationPolicy?: PropagationPolicy;
  gracePeriodSeconds?: number;
  /** metav1.Preconditions.uid: delete only this incarnation */
  uid?: string;
}

/** Finalizers the garbage collector honours (metav1.FinalizerOrphanDependents / FinalizerDeleteDependents). */
export const ORPHAN_FINALIZER = 'orphan';
export const FOREGROUND_FINALIZER = 'foregroundDeletion';

/** Objects of the system namespaces every cluster starts with. */
export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/**
 * Namespaces the NamespaceLifecycle admission plugin refuses to delete (its immortalNamespaces:
 * default, kube-system, kube-public). kube-node-lease is not among them: it can be deleted, and
 * the API server's system namespaces controller creates it again.
 */
export const IMMORTAL_NAMESPACES = ['default', 'kube-system', 'kube-public'];

/**
 * Who sends a write. A client's body arrives as JSON and is decoded first (a value of the wrong
 * type is refused there); the simulator's components write typed objects, as upstream's
 * controllers do through client-go, which cannot hold such values, so they skip that walk.
 */
export interface WriteOptions {
  client?: boolean;
  /** what a client's unknown fields do (default Warn, as without the query parameter) */
  fieldValidation?: FieldValidation;
}

/** Subresources written with update(): status, and a namespace's finalize. */
export type Subresource = 'status' | 'finalize' | 'resize';

/** Metadata a create request cannot set: the server fills or leaves it (rest.BeforeCreate). */
const SET_BY_CREATE = ['uid', 'resourceVersion', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation'] as const;

/** maxGeneratedNameLength (apiserver storage names): 63 minus the 5 random characters. */
const MAX_GENERATED_PREFIX = 58;

/** 2025-01-01T00:00:00Z: virtual time 0 maps here, so timestamps are the same on every run. */
export const EPOCH_MS = Date.UTC(2025, 0, 1);

export class ApiServer {
  private readonly byKind = new Map<string, Map<string, KObject>>();
  private readonly ownerIndex = new Map<string, Set<string>>();
  /** owner uid -> its dependents' keys sorted, while they stay the same (sortedDependentKeys) */
  private readonly sortedDependents = new Map<string, readonly string[]>();
  /** namespace -> store keys of the objects in it */
  private readonly namespaceIndex = new Map<string, Set<string>>();
  private readonly watchers: Watcher[] = [];
  /** per kind, the watchers that receive it in subscription order (built on first use) */
  private readonly watchersByKind = new Map<string, WatchHandler[]>();
  private readonly hooks = new Map<string, AdmissionHook[]>();
  private resourceVersion = 0;
  /** writes per kind (kindsRevision) */
  private readonly writesByKind = new Map<string, number>();
  private lastSecond = NaN;
  private lastSecondText = '';
  /** warnings admission returned for the latest create or update (PodSecurity's) */
  private lastWarnings: readonly string[] = [];
  /** objects stored now, every kind */
  private stored = 0;
  /** writes per object at the current instant: the livelock guard */
  readonly churn: WriteChurn;

  constructor(
    readonly version: KubeVersion,
    private readonly clock: Clock,
    private readonly rng: Rng,
    readonly limits: Readonly<SizeLimits> = DEFAULT_SIZE_LIMITS,
  ) {
    this.churn = new WriteChurn(() => clock.now(), (err) => clock.fail(err));
  }

  /** RFC 3339 time (seconds precision, as metav1.Time serialises) of virtual time `ms` (default now). */
  timestamp(ms = this.clock.now()): string {
    // Many writes share one virtual second: format each second once.
    const second = Math.floor(ms / 1000);
    if (second !== this.lastSecond) {
      this.lastSecond = second;
      // join, not concatenation: a flat string, which every stored object holding it shares
      this.lastSecondText = [new Date(EPOCH_MS + second * 1000).toISOString().slice(0, 19), 'Z'].join('');
    }
    return this.lastSecondText;
  }

  /** Virtual ms of an RFC 3339 time written by timestamp(). */
  parseTime(text: string): number {
    return Date.parse(text) - EPOCH_MS;
  }

  /** Grows with every write: a cheap way to tell whether anything changed. */
  revision(): number {
    return this.resourceVersion;
  }

  /** Grows with every write of one of these kinds: whether any of them changed. */
  kindsRevision(kinds: readonly string[]): number {
    let sum = 0;
    for (const k of kinds) sum += this.writesByKind.get(k) ?? 0;
    return sum;
  }

  /**
   * Subscribes to changes of the given kinds (default: every kind), as an informer subscribes to
   * one resource. Watchers of one change are called in subscription order, whichever kinds they
   * asked for, so dispatch by kind keeps the order (and the simulation) of a broadcast.
   */
  watch(handler: WatchHandler, kinds?: readonly string[]): () => void {
    const watcher: Watcher = { handler, kinds: kinds && new Set(kinds) };
    this.watchers.push(watcher);
    this.watchersByKind.clear();
    return () => {
      this.watchers.splice(this.watchers.indexOf(watcher), 1);
      this.watchersByKind.clear();
    };
  }

  addAdmissionHook(kind: string, hook: AdmissionHook): void {
    this.hooks.set(kind, [...(this.hooks.get(kind) ?? []), hook]);
  }

  get<T = KObject>(kind: string, namespace: string | undefined, name: string): T | undefined {
    return this.byKind.get(kind)?.get(storeKey(kind, namespace, name)) as T | undefined;
  }

  /** Objects of a kind (optionally one namespace), in creation order. */
  list<T = KObject>(kind: string, namespace?: string): T[] {
    const found: KObject[] = [];
    for (const o of this.byKind.get(kind)?.values() ?? []) if (namespace === undefined || o.metadata.namespace === namespace) found.push(o);
    return found as T[];
  }

  /** Every object in a namespace, all kinds, ordered by kind then name. Costs what the namespace holds. */
  namespacedObjects(namespace: string): KObject[] {
    return [...(this.namespaceIndex.get(namespace) ?? [])].sort().flatMap((k) => {
      const o = this.getByKey(k);
      return o ? [o] : [];
    });
  }

  /** Objects that name `ownerUid` in their ownerReferences (the garbage collector's graph). */
  dependents(ownerUid: string): KObject[] {
    return this.sortedDependentKeys(ownerUid).flatMap((k) => {
      const o = this.getByKey(k);
      return o ? [o] : [];
    });
  }

  /**
   * The store keys of an owner's dependents, sorted, kept until one is added or removed:
   * controllers ask for the dependents of a ReplicaSet of thousands of pods on every sync, and
   * sorting them each time cost more than the rest of the call.
   */
  private sortedDependentKeys(ownerUid: string): readonly string[] {
    let sorted = this.sortedDependents.get(ownerUid);
    if (!sorted) {
      const keys = this.ownerIndex.get(ownerUid);
      if (!keys) return [];
      this.sortedDependents.set(ownerUid, (sorted = [...keys].sort()));
    }
    return sorted;
  }

  /**
   * The warnings validating admission added to the latest create or update (the strategies'
   * warnings are computed by callers, warningsOnCreate): read right after the request.
   */
  admissionWarnings(): readonly string[] {
    return this.lastWarnings;
  }

  create<T = KObject>(input: KObject, opts: WriteOptions = {}): T {
    this.lastWarnings = [];
    const type = this.typeOf(input);
    const unknownFields = opts.client ? this.decode(input, opts.fieldValidation) : [];
    let obj = this.prepareCreate(input, type);
    obj = this.admit(obj, 'CREATE', undefined, requestedName(input));
    const errors = validateCreate(obj, this.version);
    if (errors.length) throw invalidError(obj, errors, this.version);
    // validating admission runs after the strategy's validation (registry Store.Create)
    this.validateAdmission(obj, 'CREATE', undefined);
    this.lastWarnings = [...unknownFields, ...this.lastWarnings];
    if (this.getByKey(keyOf(obj))) throw alreadyExists(type, obj.metadata.name);
    this.checkRoomFor(obj);
    return this.insert(obj, 'ADDED', undefined) as T;
  }

  /**
   * Replaces an object (PUT). `status` writes only the status subresource; a main-resource write
   * keeps the stored status of kinds that have the subresource, as the real API server does.
   * `finalize` (namespaces only) is the one write that may change a namespace's spec.finalizers.
   */
  update<T = KObject>(input: KObject, subresource?: Subresource, opts: WriteOptions = {}): T {
    this.lastWarnings = [];
    const type = this.typeOf(input);
    if ((subresource === 'finalize' && type.kind !== 'Namespace') || (subresource === 'resize' && (type.kind !== 'Pod' || !resizeServed(this.version)))) {
      throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
    }
    const unknownFields = opts.client ? this.decode(input, opts.fieldValidation) : [];
    const old = this.getByKey(keyOf(input));
    if (!old) throw notFound(type, input.metadata.name);
    const rv = input.metadata.resourceVersion;
    if (rv && rv !== old.metadata.resourceVersion) throw conflict(type, input.metadata.name);
    let obj = this.mergeForUpdate(input, old, type, subresource);
    if (subresource !== 'status') obj = this.admit(dropDisabledFields(mergeStringData(applyDefaults(obj, this.version)), old, this.version), 'UPDATE', old, obj.metadata.name, subresource);
    obj = prepareForUpdate(obj, old, input, subresource);
    const errors = subresource === 'status' ? validateStatusUpdate(obj, old, this.version)
      : subresource === 'resize' ? validatePodResize(obj, old, this.version)
        : validateUpdate(obj, old, this.version);
    if (errors.length) throw invalidError(obj, errors, this.version);
    if (subresource !== 'status') {
      this.validateAdmission(obj, 'UPDATE', old, subresource);
      this.checkPodCounts(obj);
    }
    this.lastWarnings = [...unknownFields, ...this.lastWarnings];
    if (shouldDeleteDuringUpdate(obj, old)) return this.remove(old) as T;
    if (deepEqual(obj, old)) return old as T;
    obj = withPhaseTransitionTime(obj, old, this.timestamp(), this.version);
    if (tracksGeneration(obj.kind, this.version) && !sameGenerationContent(obj, old)) {
      obj.metadata.generation = (old.metadata.generation ?? 0) + 1;
    }
    return this.insert(obj, 'MODIFIED', old) as T;
  }

  /**
   * POST pods/<name>/binding: sets spec.nodeName and PodScheduled=True in one write that skips the
   * pod update validation (which forbids changing nodeName), as the binding subresource does.
   */
  bind(namespace: string, name: string, node: string): KObject {
    const old = this.get('Pod', namespace, name);
    if (!old) throw notFound(typeForKind('Pod'), name);
    const bound = applyBinding(old as unknown as Pod, node, bindingOptions(this.version, this.timestamp()));
    // the PodTopologyLabels plugin puts the node's labels on the Binding; the binding copies them
    const labelled = withTopologyLabels(bound, nodeTopologyLabels(this.get('Node', undefined, node), this.version));
    return this.insert(labelled as unknown as KObject, 'MODIFIED', old);
  }

  /** Writes the status subresource. */
  updateStatus<T = KObject>(input: KObject): T {
    return this.update<T>(input, 'status');
  }

  /**
   * PUT namespaces/<name>/finalize: writes a namespace's spec.finalizers. A terminating namespace
   * left with no finalizers at all is removed by this write. Returns undefined when it is gone.
   */
  finalizeNamespace(input: KObject): KObject | undefined {
    return this.update<KObject | undefined>(input, 'finalize');
  }

  /**
   * DELETE. Pods bound to a node get a grace period (the kubelet finishes the deletion); objects
   * with finalizers only get a deletionTimestamp; Orphan/Foreground add the GC's finalizers.
   * Returns the object as left (with deletionTimestamp) or undefined when it is gone.
   */
  delete(kind: string, namespace: string | undefined, name: string, opts: DeleteOptions = {}): KObject | undefined {
    const type = typeForKind(kind);
    // NamespaceLifecycle admission runs before the registry looks the object up.
    if (kind === 'Namespace' && IMMORTAL_NAMESPACES.includes(name)) throw forbiddenError(type, name, 'this namespace may not be deleted');
    const old = this.get(kind, type.namespaced ? (namespace ?? 'default') : undefined, name);
    if (!old) throw notFound(type, name);
    if (kind === 'Namespace') return this.deleteNamespace(old, type, opts);
    if (opts.uid && opts.uid !== old.metadata.uid) throw conflict(type, name);
    const finalizers = this.finalizersForDelete(old, opts.propagationPolicy);
    const grace = kind === 'Pod' ? podGracePeriod(old as unknown as Pod, opts.gracePeriodSeconds) : 0;

    if (old.metadata.deletionTimestamp) {
      // Already terminating: a shorter grace period may bring the deadline forward.
      const current = old.metadata.deletionGracePeriodSeconds ?? 0;
      if (grace === 0 && !finalizers.length) return this.remove(old);
      if (kind !== 'Pod' || grace >= current) return old;
    }
    if (grace === 0 && finalizers.length === 0) return this.remove(old);
    const meta = {
      ...old.metadata,
      finalizers: finalizers.length ? finalizers : undefined,
      deletionTimestamp: this.timestamp(this.clock.now() + grace * 1000),
      deletionGracePeriodSeconds: grace,
      // rest.BeforeDelete / markAsDeleting: starting (or shortening) a deletion is a change of
      // the object's desired state, so a tracked generation moves on.
      ...(old.metadata.generation ? { generation: old.metadata.generation + 1 } : {}),
    };
    if (!meta.finalizers) delete meta.finalizers;
    return this.insert({ ...old, metadata: meta }, 'MODIFIED', old);
  }

  /**
   * etcd deleting a key whose lease expired (Events, event-ttl.ts): below the registry, so no
   * admission and no finalizers; watchers see DELETED. A version written meanwhile is kept.
   */
  expire(obj: KObject): void {
    if (this.getByKey(keyOf(obj)) === obj) this.remove(obj);
  }

  /**
   * Namespace DELETE (pkg/registry/core/namespace/storage/storage.go REST.Delete): the first
   * request marks it Terminating and leaves the namespace controller to empty it; once that has
   * cleared spec.finalizers a DELETE removes it like any object (which the finalize write has
   * usually done already).
   */
  private deleteNamespace(old: KObject, type: ResourceType, opts: DeleteOptions): KObject | undefined {
    const uid = old.metadata.uid;
    if (opts.uid && opts.uid !== uid) {
      throw conflict(type, old.metadata.name, `Precondition failed: UID in precondition: ${opts.uid}, UID in object meta: ${uid}`);
    }
    if (!old.metadata.deletionTimestamp) {
      const finalizers = this.namespaceDeleteFinalizers(old, opts.propagationPolicy);
      return this.insert(beginNamespaceDeletion(old, this.timestamp(), finalizers), 'MODIFIED', old);
    }
    if (namespaceFinalizers(old).length || (old.metadata.finalizers ?? []).length) return old;
    return this.remove(old);
  }

  /**
   * shouldHaveOrphanFinalizer / shouldHaveDeleteDependentsFinalizer (namespace storage.go): Orphan
   * wants orphan, Foreground foregroundDeletion, Background neither; no policy keeps what is there.
   */
  private namespaceDeleteFinalizers(old: KObject, policy: PropagationPolicy | undefined): string[] {
    const current = old.metadata.finalizers ?? [];
    if (!policy) return [...current];
    const wanted = policy === 'Orphan' ? ORPHAN_FINALIZER : policy === 'Foreground' ? FOREGROUND_FINALIZER : undefined;
    const kept = current.filter((f) => (f !== ORPHAN_FINALIZER && f !== FOREGROUND_FINALIZER) || f === wanted);
    if (wanted && !kept.includes(wanted)) kept.push(wanted);
    return kept;
  }

  // ---- pipeline steps -------------------------------------------------------------------------

  /** What the PodSecurity plugin reads: namespace labels and the pods of a namespace (its informers). */
  private get podSecurityEnv(): PodSecurityEnv {
    return {
      version: this.version,
      namespaceLabels: (name) => this.get('Namespace', undefined, name)?.metadata.labels,
      podsIn: (namespace) => this.list<Pod>('Pod', namespace),
    };
  }

  private typeOf(obj: KObject): ResourceType {
    if (!obj || typeof obj !== 'object' || !obj.apiVersion || !obj.kind || !obj.metadata) {
      throw new ApiError(400, 'BadRequest', 'Object must have apiVersion, kind and metadata');
    }
    return resolveType(obj.apiVersion, obj.kind, this.version);
  }

  /**
   * Decoding the body: a value of the wrong type for its field is a 400 before anything else
   * runs; unknown fields are warnings, or refuse the request under Strict field validation.
   */
  private decode(input: KObject, validation?: FieldValidation): string[] {
    return decodeRequest(input as unknown as Record<string, unknown>, this.version, validation);
  }

  private prepareCreate(input: KObject, type: ResourceType): KObject {
    const meta = { ...input.metadata };
    if (type.namespaced) {
      meta.namespace = meta.namespace ?? 'default';
      const ns = this.get('Namespace', undefined, meta.namespace);
      if (!ns) throw notFound(typeForKind('Namespace'), meta.namespace);
      if ((ns.status as { phase?: string } | undefined)?.phase === 'Terminating') throw terminatingNamespace(type, meta);
    } else delete meta.namespace;
    // SimpleNameGenerator: the prefix is cut to 58 characters so the name stays within 63.
    if (!meta.name && meta.generateName) meta.name = meta.generateName.slice(0, MAX_GENERATED_PREFIX) + this.rng.suffix(5);
    for (const f of SET_BY_CREATE) delete meta[f];
    // rest.BeforeCreate fills the uid before the strategy runs: the Job strategy needs it for
    // its generated selector (controller-uid).
    meta.uid = this.rng.uuid();
    let obj: KObject = { ...input, apiVersion: `${type.group ? type.group + '/' : ''}${type.version}`, metadata: meta };
    obj = prepareForCreate(dropDisabledFields(mergeStringData(applyDefaults(obj, this.version)), undefined, this.version), this.version);
    if (obj.kind === 'Job') obj = applyDefaults(generateJobSelector(obj), this.version);
    if (type.hasStatus) {
      const status = initialStatus(obj, this.timestamp());
      if (status === undefined) delete obj.status;
      else obj.status = status;
    }
    return withPhaseTransitionTime(obj, undefined, this.timestamp(), this.version);
  }

  /** Built-in admission plugins (the default enabled set, as far as they matter here), then hooks. */
  private admit(obj: KObject, op: Operation, old: KObject | undefined, requestName = obj.metadata.name, subresource?: Subresource): KObject {
    let out = obj;
    // LimitRanger defaults the resources of a pods/resize request too (SupportsAttributes)
    if (subresource === 'resize') return limitRangerDefaults(out as unknown as Pod, this.list('LimitRange', out.metadata.namespace)) as unknown as KObject;
    if (op === 'CREATE') {
      if (out.kind === 'Pod') out = this.admitPod(out as unknown as Pod, requestName) as unknown as KObject;
      if (out.kind === 'PersistentVolumeClaim') {
        out = defaultStorageClass(out as unknown as PersistentVolumeClaim, this.list('StorageClass')) as unknown as KObject;
      }
      out = storageObjectInUseProtection(out);
      // TaintNodesByCondition: the node lifecycle controller removes the taint once the node is Ready.
      out = taintNodesByCondition(out);
    }
    if (op === 'UPDATE' && out.kind === 'PersistentVolumeClaim' && old) {
      out = persistentVolumeClaimResize(out as unknown as PersistentVolumeClaim, old as unknown as PersistentVolumeClaim, this.list('StorageClass')) as unknown as KObject;
    }
    for (const hook of this.hooks.get(out.kind) ?? []) out = hook(out, op, old);
    return out;
  }

  /**
   * The mutating plugins of the default chain that touch pods, in upstream order: LimitRanger
   * (default resources), ServiceAccount (the account must exist; the kube-api-access token
   * volume), Priority, DefaultTolerationSeconds, PodTopologyLabels (a pod created on a node). They run before the name is generated, so their
   * refusals name the pod by `requestName`.
   */
  private admitPod(pod: Pod, requestName: string): Pod {
    let out = limitRangerDefaults(pod, this.list('LimitRange', pod.metadata?.namespace));
    const suffix = this.rng.suffix(5);
    const account = this.serviceAccountFor(out, requestName);
    out = serviceAccount(out, suffix, account);
    out = priority(out, this.list('PriorityClass'), requestName);
    out = defaultTolerationSeconds(out);
    const node = out.spec?.nodeName;
    return node ? withTopologyLabels(out, nodeTopologyLabels(this.get('Node', undefined, node), this.version)) : out;
  }

  /**
   * serviceaccount admission getServiceAccount: a pod's account must exist, else the create is
   * refused. The `default` account is the exception here: upstream retries its look-up for about a
   * second because the service account controller creates it right after the namespace, which in
   * the simulator happens at the same instant, after this create.
   */
  private serviceAccountFor(pod: Pod, requestName: string): ServiceAccount | undefined {
    if (isMirrorPod(pod)) return undefined;
    const name = pod.spec?.serviceAccountName || 'default';
    const namespace = pod.metadata?.namespace ?? 'default';
    const account = this.get<ServiceAccount>('ServiceAccount', namespace, name);
    if (account || name === 'default') return account;
    throw forbiddenError(typeForKind('Pod'), requestName, `error looking up service account ${namespace}/${name}: serviceaccount "${name}" not found`);
  }

  /**
   * The validating admission plugins that read other objects, after object validation as in the
   * real chain, in upstream order: LimitRanger, PodSecurity (its warnings kept for the caller;
   * subresource writes skipped), then ResourceQuota (last), which charges the request to the
   * quotas' status.used before the object is stored. As upstream, a request that fails afterwards
   * (a name already taken) stays charged until the quota controller's resync.
   */
  private validateAdmission(obj: KObject, op: Operation, old: KObject | undefined, subresource?: Subresource): void {
    const ns = obj.metadata.namespace;
    if (ns) limitRangerValidate(obj, old, this.list('LimitRange', ns), subresource);
    if (!subresource) onlyOneDefaultPriorityClass(obj, op, this.list('PriorityClass'));
    if (!subresource) this.lastWarnings = admitPodSecurity(obj, op, old, this.podSecurityEnv);
    if (subresource === 'resize') this.podResizeValidator(obj, old!);
    if (!ns) return;
    const request = { op, obj, old, subresource, nowMs: this.clock.now(), parseTime: (t: string) => this.parseTime(t) };
    for (const quota of checkQuota(this.list('ResourceQuota', ns), request)) this.updateStatus(quota as unknown as KObject);
  }

  /** PodResizeValidator (1.36+), after PodSecurity and before ResourceQuota in the chain. */
  private podResizeValidator(obj: KObject, old: KObject): void {
    const pod = obj as unknown as Pod;
    const node = pod.spec?.nodeName ? this.get<Node>('Node', undefined, pod.spec.nodeName) : undefined;
    const refusal = podResizeAdmission(pod, old as unknown as Pod, node, this.version);
    if (refusal) throw forbiddenError(typeForKind('Pod'), obj.metadata.name, refusal);
  }

  private mergeForUpdate(input: KObject, old: KObject, type: ResourceType, sub?: Subresource): KObject {
    const meta = serverOwnedMetadata(input.metadata, old.metadata);
    // Status strategies (e.g. pkg/registry/apps/deployment/strategy.go) reset spec and labels
    // but keep other metadata, which is how a controller's status write carries annotations.
    // ResetObjectMetaForStatus and dropNonResizeUpdates: a resize changes container resources only
    if (sub === 'resize') return resizeRequest(input, old);
    if (sub === 'status') {
      const statusMeta = { ...meta, labels: old.metadata.labels };
      if (!statusMeta.labels) delete statusMeta.labels;
      return { ...old, metadata: statusMeta, status: input.status };
    }
    const obj: KObject = { ...input, apiVersion: old.apiVersion, metadata: meta };
    if (type.hasStatus) {
      if (old.status === undefined) delete obj.status;
      else obj.status = old.status;
    }
    return obj;
  }

  private finalizersForDelete(old: KObject, policy: PropagationPolicy | undefined): string[] {
    const finalizers = [...(old.metadata.finalizers ?? [])];
    const add = policy === 'Orphan' ? ORPHAN_FINALIZER : policy === 'Foreground' ? FOREGROUND_FINALIZER : undefined;
    if (add && !finalizers.includes(add)) finalizers.push(add);
    return finalizers;
  }

  // ---- size limits (not Kubernetes': the simulator's, see kube/size-limits.ts) --------------------

  /** One counter check per create: the object, and what it would ask for, must fit the limits. */
  private checkRoomFor(obj: KObject): void {
    const { limits } = this;
    if (this.stored >= limits.maxObjects) this.refuse(obj, 'maxObjects', 'objects are stored');
    if (obj.kind === 'Pod' && (this.byKind.get('Pod')?.size ?? 0) >= limits.maxPods) this.refuse(obj, 'maxPods', 'pods exist');
    if (obj.kind === 'Node' && (this.byKind.get('Node')?.size ?? 0) >= limits.maxNodes) this.refuse(obj, 'maxNodes', 'nodes exist');
    this.checkPodCounts(obj);
  }

  /** A workload asking for more pods than the limit could never run them: refused at the write. */
  private checkPodCounts(obj: KObject): void {
    for (const f of podCountFields(obj)) {
      if (f.value > this.limits.maxPods) {
        throw this.fatal(new LimitError(`${keyText(keyOf(obj))} asks for ${f.path.join('.')}: ${f.value}, more than the simulator's limit of ${limitText(this.limits, 'maxPods')}`, limitHint('maxPods')));
      }
    }
  }

  private refuse(obj: KObject, which: keyof SizeLimits, what: string): never {
    throw this.fatal(new LimitError(`cannot create ${keyText(keyOf(obj))}: the simulator's limit of ${limitText(this.limits, which)} is reached (${this.limits[which].toLocaleString('en-US')} ${what})`, limitHint(which)));
  }

  /** A limit ends the run even when a controller's request meets it and retries (Clock.fail). */
  private fatal(err: LimitError): LimitError {
    this.clock.fail(err);
    return err;
  }

  // ---- storage ---------------------------------------------------------------------------------

  private getByKey(key: string): KObject | undefined {
    return this.byKind.get(key.slice(0, key.indexOf('/')))?.get(key);
  }

  private insert(input: KObject, type: WatchType, old: KObject | undefined): KObject {
    // Every caller hands over an object the pipeline built for this request, but its top level or
    // metadata may still be a stored (frozen) version's, e.g. a resize request's metadata: only
    // those are copied before the server-owned fields are set. Copying both on every write was a
    // steady share of the garbage; assigning in place gives the keys the order the copy gave.
    const meta = Object.isFrozen(input.metadata) ? { ...input.metadata } : input.metadata;
    const obj: KObject = Object.isFrozen(input) || meta !== input.metadata ? { ...input, metadata: meta } : input;
    meta.resourceVersion = String(++this.resourceVersion);
    const key = keyOf(obj);
    this.churn.note(key);
    if (type === 'ADDED') {
      this.stored++;
      meta.creationTimestamp = this.timestamp();
      if (tracksGeneration(obj.kind, this.version)) meta.generation = 1;
    }
    const frozen = deepFreeze(obj);
    let kindMap = this.byKind.get(frozen.kind);
    if (!kindMap) this.byKind.set(frozen.kind, (kindMap = new Map()));
    kindMap.set(key, frozen);
    this.reindexOwners(key, old, frozen);
    if (type === 'ADDED') this.indexNamespace(key, frozen.metadata.namespace, true);
    this.emit({ type, object: frozen, old });
    return frozen;
  }

  private remove(old: KObject): undefined {
    const key = keyOf(old);
    this.churn.note(key);
    if (this.byKind.get(old.kind)?.delete(key)) this.stored--;
    this.reindexOwners(key, old, undefined);
    this.indexNamespace(key, old.metadata.namespace, false);
    this.resourceVersion++;
    const last = deepFreeze({ ...old, metadata: { ...old.metadata, resourceVersion: String(this.resourceVersion) } });
    this.emit({ type: 'DELETED', object: last });
    return undefined;
  }

  private reindexOwners(key: string, old: KObject | undefined, now: KObject | undefined): void {
    // most writes carry the stored (frozen, shared) references: the index stays as it is
    if (old && now && old.metadata.ownerReferences === now.metadata.ownerReferences) return;
    for (const r of old?.metadata.ownerReferences ?? []) {
      if (this.ownerIndex.get(r.uid)?.delete(key)) this.sortedDependents.delete(r.uid);
    }
    for (const r of now?.metadata.ownerReferences ?? []) {
      let set = this.ownerIndex.get(r.uid);
      if (!set) this.ownerIndex.set(r.uid, (set = new Set()));
      if (set.has(key)) continue;
      set.add(key);
      this.sortedDependents.delete(r.uid);
    }
  }

  private indexNamespace(key: string, namespace: string | undefined, present: boolean): void {
    if (!namespace) return;
    let keys = this.namespaceIndex.get(namespace);
    if (present) {
      if (!keys) this.namespaceIndex.set(namespace, (keys = new Set()));
      keys.add(key);
    } else if (keys) {
      keys.delete(key);
      if (!keys.size) this.namespaceIndex.delete(namespace);
    }
  }

  private emit(ev: WatchEvent): void {
    const kind = ev.object.kind;
    this.writesByKind.set(kind, (this.writesByKind.get(kind) ?? 0) + 1);
    let handlers = this.watchersByKind.get(kind);
    if (!handlers) {
      handlers = this.watchers.filter((w) => !w.kinds || w.kinds.has(kind)).map((w) => w.handler);
      this.watchersByKind.set(kind, handlers);
    }
    for (const h of handlers) h(ev);
  }
}

/** The top-level fields metadata.generation does not track. */
const NOT_GENERATION_CONTENT: ReadonlySet<string> = new Set(['metadata', 'status']);

/**
 * Whether what metadata.generation tracks is unchanged: everything but metadata (beyond the name)
 * and status. Compared in place, not on two copies without them: pods track generation, so every
 * pod write compared that way.
 */
function sameGenerationContent(a: KObject, b: KObject): boolean {
  return a.metadata.name === b.metadata.name && deepEqualExcept(a, b, NOT_GENERATION_CONTENT);
}

/**
 * NamespaceLifecycle admission refusing a create in a namespace whose phase is Terminating:
 * admission.NewForbidden names the object by name, else generateName (no name is generated yet),
 * and the error carries a NamespaceTerminating cause that clients (event recorders, controllers)
 * recognise.
 */
function terminatingNamespace(type: ResourceType, meta: { name?: string; generateName?: string; namespace?: string }): DetailedApiError {
  const name = meta.name || meta.generateName || 'Unknown';
  const ns = meta.namespace ?? '';
  return new DetailedApiError(403, 'Forbidden',
    `${groupResource(type)} "${name}" is forbidden: unable to create new content in namespace ${ns} because it is being terminated`,
    { group: type.group, kind: type.plural, name },
    [{ reason: 'NamespaceTerminating', message: `namespace ${ns} is being terminated`, field: 'metadata.namespace' }]);
}

/**
 * The name admission.NewForbidden gives a create refused by a mutating plugin: the object's name,
 * else its generateName (name generation comes later, in rest.BeforeCreate), else "Unknown".
 */
function requestedName(input: KObject): string {
  return input.metadata?.name || input.metadata?.generateName || 'Unknown';
}

/** The metadata a client cannot change with a PUT: the server owns identity and lifecycle. */
const SERVER_OWNED_META = ['uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation', 'resourceVersion', 'namespace'] as const;
const IS_SERVER_OWNED: ReadonlySet<string> = new Set(SERVER_OWNED_META);

/**
 * The request's metadata with the server-owned fields taken from the stored object; fields unset
 * in both are absent. Keys keep the request's order, server-owned ones the request lacks follow
 * (the order of `{ ...input, ...owned }`, which histories serialise). Built key by key: deleting
 * undefined keys from a spread turned every update's metadata into a slow dictionary object.
 */
function serverOwnedMetadata(input: Meta, old: Meta): Meta {
  const out: Record<string, unknown> = {};
  const from = (k: string) => (IS_SERVER_OWNED.has(k) ? (old as Record<string, unknown>)[k] : (input as Record<string, unknown>)[k]);
  for (const k of Object.keys(input)) {
    const v = from(k);
    if (v !== undefined) setOwn(out, k, v);
  }
  for (const k of SERVER_OWNED_META) {
    if (!Object.hasOwn(input, k) && old[k] !== undefined) out[k] = old[k];
  }
  return out as Meta;
}
