/**
 * One sync of one Deployment: the working copy of the Deployment (mutated as upstream mutates
 * its DeepCopy) and the writes every strategy shares — finding or creating the new ReplicaSet,
 * scaling a ReplicaSet with its ScalingReplicaSet event, writing status, cleaning old revisions
 * (sync.go, progress.go). Like upstream, the working copy keeps the resourceVersion it was read
 * with, so a second status write in one sync conflicts and the sync is retried.
 */
import { ApiError } from '../../../errors';
import { labelSelectorMatches } from '../../../kube/labels';
import { clone, controllerRef } from '../../../kube/object';
import type { KubeVersion } from '../../../kube/version';
import { deepEqual } from '../../../kube/equal';
import type { ApiServer } from '../../apiserver/store';
import type { Clock } from '../../clock';
import type { EventRecorder } from '../../events';
import { newControllerRef } from '../replicaset/types';
import { intAnnotation, isSaturated, replicasAnnotationsNeedUpdate, setDeploymentRevision, setNewReplicaSetAnnotations, setReplicasAnnotations } from './annotations';
import { getCondition, newCondition, setCondition } from './conditions';
import { maxSurge } from './fenceposts';
import { computeHash } from './hash';
import { newRSNewReplicas } from './replica-math';
import { byRevision, findNewReplicaSet, findOldReplicaSets, maxRevision } from './replica-sets';
import { createdEventMessage, scaledEventMessage } from './scaling-event';
import { calculateStatus, progressCheckDelayMs, rolloutStatus, type Now } from './status';
import {
  COMPONENT, DEPLOYMENT_GVK, DESIRED_REPLICAS_ANNOTATION, HASH_LABEL, hasProgressDeadline, hasRevisionHistoryLimit, MAX_REV_HISTORY_LENGTH_IN_CHARS,
  Reason, REVISION_ANNOTATION, replicasOf, type DeploymentObj, type PodObj, type ReplicaSetObj,
} from './types';

export interface Services {
  api: ApiServer;
  events: EventRecorder;
  clock: Clock;
  version: KubeVersion;
  /** enqueue this deployment again after ms */
  requeueAfter: (ms: number) => void;
}

export interface ReplicaSets {
  newRS: ReplicaSetObj | undefined;
  oldRSs: ReplicaSetObj[];
}

export class DeploymentSync {
  /** the working copy (upstream's d := deployment.DeepCopy()) */
  readonly d: DeploymentObj;
  /** the ReplicaSet whose template matches, once looked up (templateMatch) */
  private matched: { rs: ReplicaSetObj | undefined } | undefined;

  constructor(
    readonly s: Services,
    deployment: DeploymentObj,
    /** the ReplicaSets this deployment owns after adoption */
    readonly rsList: ReplicaSetObj[],
    /**
     * its pods by owning ReplicaSet uid (getPodMapForDeployment). Upstream lists them on every
     * sync; only the Recreate strategy reads them, so here they are listed when it asks.
     */
    readonly podMap: () => Map<string, PodObj[]>,
  ) {
    this.d = clone(deployment);
  }

  now(): Now {
    return { ms: this.s.clock.now(), text: this.s.api.timestamp(), parseTime: (t) => this.s.api.parseTime(t) };
  }

  // ---- the new and old ReplicaSets ------------------------------------------------------------

  /** getAllReplicaSetsAndSyncRevision */
  replicaSets(createIfNotExisted: boolean): ReplicaSets {
    const existing = this.templateMatch();
    const oldRSs = findOldReplicaSets(this.rsList, existing);
    return { newRS: this.newReplicaSet(existing, oldRSs, createIfNotExisted), oldRSs };
  }

  /**
   * FindNewReplicaSet over the claimed ReplicaSets. Upstream looks it up several times a sync
   * (old and new lists, isScalingEvent, the rollout); neither the list nor the template changes
   * within a sync, so it is looked up once.
   */
  private templateMatch(): ReplicaSetObj | undefined {
    this.matched ??= { rs: findNewReplicaSet(this.d, this.rsList) };
    return this.matched.rs;
  }

  /**
   * getNewReplicaSet: the RS whose template equals the deployment's gets the next revision
   * (max old + 1) and the deployment's annotations; otherwise, when asked, one is created as
   * `<deployment>-<pod-template-hash>`.
   */
  private newReplicaSet(existing: ReplicaSetObj | undefined, oldRSs: ReplicaSetObj[], create: boolean): ReplicaSetObj | undefined {
    const newRevision = maxRevision(oldRSs) + 1n;
    if (existing) return this.syncExistingNewRS(existing, newRevision);
    if (!create) return undefined;
    return this.createNewRS(oldRSs, newRevision);
  }

  private syncExistingNewRS(existing: ReplicaSetObj, newRevision: bigint): ReplicaSetObj {
    const rs = annotatableCopy(existing);
    const annotationsChanged = setNewReplicaSetAnnotations(this.d, rs, newRevision, true, MAX_REV_HISTORY_LENGTH_IN_CHARS);
    const minReady = this.d.spec.minReadySeconds ?? 0;
    if (annotationsChanged || (rs.spec.minReadySeconds ?? 0) !== minReady) {
      rs.spec.minReadySeconds = minReady;
      return this.s.api.update<ReplicaSetObj>(rs);
    }
    let needsUpdate = setDeploymentRevision(this.d, rs.metadata.annotations?.[REVISION_ANNOTATION]);
    if (hasProgressDeadline(this.d) && !getCondition(this.d.status, 'Progressing')) {
      const cond = newCondition('Progressing', 'True', Reason.FoundNewRS, `Found new replica set "${rs.metadata.name}"`, this.now().text);
      setCondition(this.status(), cond);
      needsUpdate = true;
    }
    if (needsUpdate) this.writeStatus();
    return rs;
  }

  private createNewRS(oldRSs: ReplicaSetObj[], newRevision: bigint): ReplicaSetObj {
    const rs = this.newRSObject();
    rs.spec.replicas = newRSNewReplicas(this.d, [...oldRSs, rs], rs);
    setNewReplicaSetAnnotations(this.d, rs, newRevision, false, MAX_REV_HISTORY_LENGTH_IN_CHARS);
    let created: ReplicaSetObj;
    let alreadyExisted = false;
    try {
      created = this.s.api.create<ReplicaSetObj>(rs);
    } catch (err) {
      const reused = this.onCreateFailure(err, rs);
      created = reused;
      alreadyExisted = true;
    }
    const replicas = replicasOf(rs);
    if (!alreadyExisted && replicas > 0) {
      this.record('Normal', 'ScalingReplicaSet', createdEventMessage(this.s.version, created.metadata.name, replicas));
    }
    let needsUpdate = setDeploymentRevision(this.d, String(newRevision));
    if (!alreadyExisted && hasProgressDeadline(this.d)) {
      setCondition(this.status(), newCondition('Progressing', 'True', Reason.NewReplicaSet, `Created new replica set "${created.metadata.name}"`, this.now().text));
      needsUpdate = true;
    }
    if (needsUpdate) this.writeStatus();
    return created;
  }

  /** The new RS: template + hash label, selector + hash, the deployment as controller. */
  private newRSObject(): ReplicaSetObj {
    const template = clone(this.d.spec.template);
    const hash = computeHash(template, this.d.status?.collisionCount);
    const labels = { ...(template.metadata?.labels ?? {}), [HASH_LABEL]: hash };
    template.metadata = { ...(template.metadata ?? {}), labels };
    const selector = clone(this.d.spec.selector);
    selector.matchLabels = { ...(selector.matchLabels ?? {}), [HASH_LABEL]: hash };
    return {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${this.d.metadata.name}-${hash}`,
        namespace: this.d.metadata.namespace,
        ownerReferences: [newControllerRef(this.d, DEPLOYMENT_GVK)],
        labels: { ...labels },
      },
      spec: { replicas: 0, minReadySeconds: this.d.spec.minReadySeconds ?? 0, selector, template },
    };
  }

  /**
   * AlreadyExists: our own RS with an equal template is reused; anything else is a hash
   * collision — bump status.collisionCount and fail so the next sync tries another name. Other
   * errors: Progressing=False/ReplicaSetCreateError and a warning event.
   */
  private onCreateFailure(err: unknown, rs: ReplicaSetObj): ReplicaSetObj {
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof ApiError && err.reason === 'AlreadyExists') {
      const found = this.s.api.get<ReplicaSetObj>('ReplicaSet', rs.metadata.namespace, rs.metadata.name);
      if (!found) throw err;
      if (controllerRef(found)?.uid === this.d.metadata.uid && findNewReplicaSet(this.d, [found])) return found;
      this.status().collisionCount = (this.d.status?.collisionCount ?? 0) + 1;
      this.trySilently(() => this.writeStatus());
      throw err;
    }
    if (err instanceof ApiError && err.causes.some((c) => c.reason === 'NamespaceTerminating')) throw err;
    const msg = `Failed to create new replica set "${rs.metadata.name}": ${message}`;
    if (hasProgressDeadline(this.d)) {
      setCondition(this.status(), newCondition('Progressing', 'False', Reason.FailedRSCreate, msg, this.now().text));
      this.trySilently(() => this.writeStatus());
    }
    this.record('Warning', Reason.FailedRSCreate, msg);
    throw err;
  }

  // ---- scaling --------------------------------------------------------------------------------

  /** scaleReplicaSetAndRecordEvent: nothing to do when already at newScale. */
  scaleAndRecord(rs: ReplicaSetObj, newScale: number): { scaled: boolean; rs: ReplicaSetObj } {
    if (replicasOf(rs) === newScale) return { scaled: false, rs };
    return this.scale(rs, newScale);
  }

  /**
   * scaleReplicaSet: writes spec.replicas and the desired/max replica annotations when either is
   * stale; a size change is reported as a ScalingReplicaSet event (scaling-event.ts).
   */
  scale(rs: ReplicaSetObj, newScale: number, operation?: 'up' | 'down'): { scaled: boolean; rs: ReplicaSetObj } {
    const desired = replicasOf(this.d);
    const max = desired + maxSurge(this.d);
    const oldScale = replicasOf(rs);
    const sizeChanges = oldScale !== newScale;
    if (!sizeChanges && !replicasAnnotationsNeedUpdate(rs, desired, max)) return { scaled: false, rs };
    const copy = clone(rs);
    copy.spec.replicas = newScale;
    setReplicasAnnotations(copy, desired, max);
    const updated = this.s.api.update<ReplicaSetObj>(copy);
    if (!sizeChanges) return { scaled: false, rs: updated };
    const op = operation ?? (oldScale < newScale ? 'up' : 'down');
    this.record('Normal', 'ScalingReplicaSet', scaledEventMessage(this.s.version, op, updated.metadata.name, oldScale, newScale));
    return { scaled: true, rs: updated };
  }

  // ---- status ---------------------------------------------------------------------------------

  private status() {
    return (this.d.status ??= {});
  }

  /** syncDeploymentStatus: write calculateStatus when it differs. */
  syncDeploymentStatus(all: (ReplicaSetObj | undefined)[], newRS: ReplicaSetObj | undefined): void {
    const next = calculateStatus(all, newRS, this.d, this.s.version, this.now());
    if (deepEqual(this.d.status ?? {}, next)) return;
    this.d.status = next;
    this.writeStatus();
  }

  /** syncRolloutStatus: status with progress conditions; when unchanged, maybe a progress re-check. */
  syncRolloutStatus(all: (ReplicaSetObj | undefined)[], newRS: ReplicaSetObj | undefined): void {
    const now = this.now();
    const next = rolloutStatus(all, newRS, this.d, this.s.version, now);
    if (deepEqual(this.d.status ?? {}, next)) {
      const delay = progressCheckDelayMs(this.d, next, now);
      if (delay !== undefined) this.s.requeueAfter(delay);
      return;
    }
    this.d.status = next;
    this.writeStatus();
  }

  /**
   * UpdateStatus of the working copy. The Deployment status strategy keeps metadata changes other
   * than labels (that is how the revision annotation reaches the Deployment); the simulator's
   * store keeps only status, so changed annotations follow in a second write.
   */
  writeStatus(): void {
    // The store freezes what it is given: hand it a copy, the working copy stays editable.
    // The status write carries the revision annotations too (the status strategy keeps them).
    this.s.api.updateStatus<DeploymentObj>(clone(this.d));
  }

  // ---- history --------------------------------------------------------------------------------

  /**
   * cleanupDeployment: beyond revisionHistoryLimit, delete the oldest revisions that are scaled to
   * 0, have no pods and whose spec the RS controller has seen.
   */
  cleanup(oldRSs: ReplicaSetObj[]): void {
    if (!hasRevisionHistoryLimit(this.d)) return;
    const cleanable = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp);
    const diff = cleanable.length - this.d.spec.revisionHistoryLimit!;
    if (diff <= 0) return;
    for (const rs of [...cleanable].sort(byRevision).slice(0, diff)) {
      if ((rs.status?.replicas ?? 0) !== 0 || replicasOf(rs) !== 0) continue;
      if ((rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) continue;
      try {
        this.s.api.delete('ReplicaSet', rs.metadata.namespace, rs.metadata.name);
      } catch (err) {
        if (!(err instanceof ApiError && err.reason === 'NotFound')) throw err;
      }
    }
  }

  /** isScalingEvent: an active RS's desired-replicas annotation differs from spec.replicas. */
  isScalingEvent(): boolean {
    const { newRS, oldRSs } = this.replicaSets(false);
    return [newRS, ...oldRSs].some((rs) => {
      if (!rs || replicasOf(rs) === 0) return false;
      const desired = intAnnotation(rs, DESIRED_REPLICAS_ANNOTATION);
      return desired !== undefined && desired !== replicasOf(this.d);
    });
  }

  isSaturated(rs: ReplicaSetObj | undefined): boolean {
    return isSaturated(this.d, rs);
  }

  podsSelected(pod: PodObj): boolean {
    return labelSelectorMatches(this.d.spec.selector, pod.metadata.labels);
  }

  record(type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.s.events.record(this.d, type, reason, message, COMPONENT);
  }

  private trySilently(fn: () => void): void {
    try {
      fn();
    } catch {
      // upstream ignores this error: a bigger one is being returned
    }
  }
}

/**
 * A copy of a stored ReplicaSet in which the annotations and the spec's own fields may be set,
 * which is all syncExistingNewRS edits: the rest (the pod template above all) stays shared and
 * frozen instead of being deep-copied at every sync; the store takes frozen parts as they are.
 */
function annotatableCopy(rs: ReplicaSetObj): ReplicaSetObj {
  const annotations = rs.metadata.annotations;
  return { ...rs, metadata: { ...rs.metadata, ...(annotations ? { annotations: { ...annotations } } : {}) }, spec: { ...rs.spec } };
}
