/**
 * The ReplicaSet controller (pkg/controller/replicaset/replica_set.go): keeps spec.replicas active
 * pods for every ReplicaSet, adopting matching orphans and releasing pods it no longer selects,
 * and reports what it sees in status. Watch handlers only enqueue; all writes happen in sync.
 */
import { ApiError } from '../../../errors';
import { deepEqual } from '../../../kube/equal';
import { labelSelectorMatches } from '../../../kube/labels';
import { controllerRef } from '../../../kube/object';
import { atLeast, type KubeVersion } from '../../../kube/version';
import type { ApiServer, WatchEvent } from '../../apiserver/store';
import type { Clock } from '../../clock';
import type { Component, SimContext } from '../../context';
import { WorkQueue } from '../../workqueue';
import { OrphanIndex } from '../shared/orphan-index';
import { claimObjects } from '../shared/controller-ref-manager';
import { UidTrackingExpectations } from '../shared/uid-tracking-expectations';
import { podCandidates, relatedActiveByNode } from './lookup';
import { ReplicaSetPodControl } from './pod-control';
import { isPodActive, isPodReady, isPodTerminating, nextAvailabilityCheckMs } from '../../../kube/pod-state';
import { readyPodRequeueMs } from '../shared/availability-requeue';
import { SLOW_START_INITIAL_BATCH_SIZE, slowStartBatch } from './slow-start';
import { calculateStatus, countPods, countsTerminating, statusToWrite, type StatusCounts } from './status';
import { PodTally } from './pod-tally';
import { REPLICASET_GVK, replicasOf, type PodObj, type ReplicaSetObj } from './types';
import { podsToDelete, type RankCandidate } from './victims';
import { queueKey, splitQueueKey } from '../shared/queue-key';
import { controlledBy, orphansIn, ownersSelecting, resolveControllerRef } from '../shared/owner-lookup';

/** BurstReplicas: at most this many pods are created or deleted per sync. */
export const BURST_REPLICAS = 500;

export class ReplicaSetController implements Component {
  private api!: ApiServer;
  private clock!: Clock;
  private version!: KubeVersion;
  private queue!: WorkQueue;
  private podControl!: ReplicaSetPodControl;
  private expectations!: UidTrackingExpectations;
  private readonly orphans = new OrphanIndex('Pod');
  private readonly tally = new PodTally();
  /**
   * The ranking candidate of each pod version a sync that claims its pods scales down from (the
   * tally keeps its own for the other syncs), so the facts read of a version are read once.
   */
  private readonly claimedCandidates = new WeakMap<PodObj, RankCandidate>();

  start(ctx: SimContext): void {
    this.api = ctx.api;
    this.clock = ctx.clock;
    this.version = ctx.config.version;
    this.queue = new WorkQueue(ctx.clock, (key) => this.sync(key));
    this.podControl = new ReplicaSetPodControl(ctx.api, ctx.events);
    this.expectations = new UidTrackingExpectations(() => ctx.clock.now());
    ctx.api.watch((ev) => this.onEvent(ev), ['Pod', 'ReplicaSet']);
  }

  // ---- watch handlers (enqueue only) ----------------------------------------------------------

  private onEvent(ev: WatchEvent): void {
    if (ev.object.kind === 'Pod') {
      this.orphans.observe(ev.type, ev.object);
      this.tally.observe((ev.type === 'ADDED' ? undefined : ev.old ?? ev.object) as PodObj | undefined, (ev.type === 'DELETED' ? undefined : ev.object) as PodObj | undefined);
      if (ev.type === 'ADDED') this.addPod(ev.object as PodObj);
      else if (ev.type === 'MODIFIED') this.updatePod(ev.old as PodObj, ev.object as PodObj);
      else this.deletePod(ev.object as PodObj);
    } else if (ev.object.kind === 'ReplicaSet') {
      // Upstream forgets expectations on delete, so a new RS of the same name starts clean.
      if (ev.type === 'DELETED') {
        this.expectations.forget(queueKey(ev.object));
        this.tally.forget(ev.object.metadata.uid);
      }
      this.queue.add(queueKey(ev.object));
    }
  }

  private addPod(pod: PodObj): void {
    if (pod.metadata.deletionTimestamp) return this.deletePod(pod);
    const ref = controllerRef(pod);
    if (ref) {
      const rs = this.resolve(pod.metadata.namespace, ref);
      if (!rs) return;
      this.expectations.creationObserved(queueKey(rs));
      this.queue.add(queueKey(rs));
      return;
    }
    // An orphan: every ReplicaSet that selects it may want to adopt it.
    for (const rs of ownersSelecting<ReplicaSetObj>(this.api, 'ReplicaSet', pod)) this.queue.add(queueKey(rs));
  }

  private updatePod(old: PodObj, cur: PodObj): void {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
    const labelChanged = !deepEqual(old.metadata.labels ?? {}, cur.metadata.labels ?? {});
    if (cur.metadata.deletionTimestamp) {
      // Graceful deletion: replace the pod now rather than when the kubelet is done.
      this.deletePod(cur);
      if (labelChanged) this.deletePod(old);
      return;
    }
    const curRef = controllerRef(cur);
    const oldRef = controllerRef(old);
    const refChanged = !deepEqual(curRef, oldRef);
    if (refChanged && oldRef) {
      const rs = this.resolve(old.metadata.namespace, oldRef);
      if (rs) this.queue.add(queueKey(rs));
    }
    if (curRef) {
      const rs = this.resolve(cur.metadata.namespace, curRef);
      if (!rs) return;
      this.queue.add(queueKey(rs));
      const minReady = rs.spec.minReadySeconds ?? 0;
      // Resync once the pod may count as available (readyPodRequeueMs: 1s more before 1.35).
      if (!isPodReady(old) && isPodReady(cur) && minReady > 0) this.queue.add(queueKey(rs), readyPodRequeueMs(minReady, !this.exactAvailabilityChecks()));
      return;
    }
    if (labelChanged || refChanged) {
      for (const rs of ownersSelecting<ReplicaSetObj>(this.api, 'ReplicaSet', cur)) this.queue.add(queueKey(rs));
    }
  }

  private deletePod(pod: PodObj): void {
    const ref = controllerRef(pod);
    if (!ref) return;
    const rs = this.resolve(pod.metadata.namespace, ref);
    if (!rs) return;
    this.expectations.deletionObserved(queueKey(rs), queueKey(pod));
    this.queue.add(queueKey(rs));
  }

  /** resolveControllerRef: the ReplicaSet of that name, only if it is the same incarnation. */
  private resolve(namespace: string | undefined, ref: { kind: string; name: string; uid: string }): ReplicaSetObj | undefined {
    return resolveControllerRef<ReplicaSetObj>(this.api, 'ReplicaSet', namespace, ref);
  }

  // ---- sync -----------------------------------------------------------------------------------

  /** syncReplicaSet */
  private sync(key: string): void {
    const [namespace, name] = splitQueueKey(key);
    const rs = this.api.get<ReplicaSetObj>('ReplicaSet', namespace, name);
    if (!rs) {
      this.expectations.forget(key);
      return;
    }
    const needsSync = this.expectations.satisfied(key) && !rs.metadata.deletionTimestamp;
    const counted = this.countedPods(rs);
    const { counts, manageError, active } = counted
      ? { counts: counted, manageError: needsSync ? this.manageReplicas(key, rs, counted.active, () => this.claimedActivePods(rs)) : undefined, active: [] }
      : this.claimAndManage(key, rs, needsSync);
    const next = calculateStatus({ rs, counts, manageError, nowText: this.api.timestamp(), version: this.version });
    const toWrite = statusToWrite(rs, next);
    const updated = toWrite ? this.api.updateStatus<ReplicaSetObj>({ ...rs, status: toWrite }) : rs;
    if (manageError !== undefined) throw asApiError(manageError);
    const delay = this.availabilityCheckMs(updated, active);
    if (delay !== undefined) this.queue.add(key, delay);
  }

  /**
   * kubernetes#132121 (1.35; v1.35.4/v1.37.2 replica_set.go syncReplicaSet): syncs plan the next
   * availability check themselves, exact to the pod, and the updatePod requeue loses its extra
   * second. Before, one delaying-queue key served every pod, so a pod turning Ready while an
   * earlier requeue waited could be counted available a whole minReadySeconds late (#108266).
   * Unverified: which minor first shipped it. It is in v1.35.4 without a cherry-pick and #135428
   * (Nov 2025, before 1.35's freeze) cites it as merged; it was still in review in late July 2025,
   * at 1.34's code freeze, so 1.34 keeps the old rule here.
   */
  private exactAvailabilityChecks(): boolean {
    return atLeast(this.version, '1.35');
  }

  /**
   * The sync's own requeue for availability, "a last line of defense" (syncReplicaSet). From 1.35:
   * when ready and available replicas differ, when the soonest Ready pod reaches minReadySeconds,
   * else after minReadySeconds. Before: after minReadySeconds, only once every replica is Ready
   * and not all are available. `active` is empty when minReadySeconds is 0 (countedPods).
   */
  private availabilityCheckMs(rs: ReplicaSetObj, active: readonly PodObj[]): number | undefined {
    const minReady = rs.spec.minReadySeconds ?? 0;
    const ready = rs.status?.readyReplicas ?? 0;
    const available = rs.status?.availableReplicas ?? 0;
    if (minReady <= 0) return undefined;
    if (this.exactAvailabilityChecks()) {
      if (ready === available) return undefined;
      return nextAvailabilityCheckMs(active, minReady, this.clock.now(), (t) => this.api.parseTime(t)) ?? minReady * 1000;
    }
    return ready === replicasOf(rs) && available !== replicasOf(rs) ? minReady * 1000 : undefined;
  }

  /**
   * The status counts from the tally, when claiming would change nothing: no owned pod to release,
   * no orphan to adopt, and availability that does not depend on time (minReadySeconds 0).
   * Undefined when the sync must claim its pods one by one.
   */
  private countedPods(rs: ReplicaSetObj): StatusCounts | undefined {
    if ((rs.spec.minReadySeconds ?? 0) > 0) return undefined;
    const counts = this.tally.countsFor(rs, () => controlledBy<PodObj>(this.api, rs.metadata.uid, 'Pod'));
    if (counts.unselected > 0) return undefined;
    const orphans = orphansIn<PodObj>(this.api, this.orphans, rs.metadata.namespace ?? 'default');
    if (orphans.some((p) => isPodActive(p) && labelSelectorMatches(rs.spec.selector, p.metadata.labels))) return undefined;
    return { ...counts, available: counts.ready };
  }

  /** Upstream's path: claim the candidates (adopting and releasing), manage replicas, count. */
  private claimAndManage(key: string, rs: ReplicaSetObj, needsSync: boolean): { counts: StatusCounts; manageError: unknown; active: PodObj[] } {
    const candidates = podCandidates(this.api, this.orphans, rs);
    const selects = (p: PodObj) => labelSelectorMatches(rs.spec.selector, p.metadata.labels);
    const active = claimObjects(this.api, { owner: rs, ownerGvk: REPLICASET_GVK, candidates: candidates.filter(isPodActive), match: selects });
    // FilterClaimedPods: terminating pods that are ours and still selected.
    const terminating = countsTerminating(this.version)
      ? candidates.filter((p) => isPodTerminating(p) && controllerRef(p)?.uid === rs.metadata.uid && selects(p))
      : [];
    const manageError = needsSync ? this.manageReplicas(key, rs, active.length, () => active.map((pod) => this.candidateOf(pod))) : undefined;
    const counts = countPods(rs, active, terminating, this.clock.now(), (t) => this.api.parseTime(t));
    return { counts, manageError, active };
  }

  /**
   * manageReplicas: create or delete the difference; returns the error that stopped it. Only a
   * scale-down needs the claimed active pods themselves; when claiming changed nothing they are
   * the active pods it controls and selects (claimedActivePods), listed only then.
   */
  private manageReplicas(key: string, rs: ReplicaSetObj, active: number, activePods: () => readonly RankCandidate[]): unknown {
    const diff = active - replicasOf(rs);
    if (diff < 0) return this.createPods(key, rs, Math.min(-diff, BURST_REPLICAS));
    if (diff > 0) return this.deletePods(key, rs, activePods(), Math.min(diff, BURST_REPLICAS));
    return undefined;
  }

  /**
   * The active pods it controls and selects, when claiming changes nothing, in the store's order
   * (by name): the tally keeps them (listing them took a scale-down of n pods n steps at each of
   * its n/500 syncs). The order matters even for a ranking: upstream's comparison is not
   * transitive (a uid decides within a log2 age bucket, a later rule across it), so which pods a
   * partial selection finds depends on the order they come in.
   */
  private claimedActivePods(rs: ReplicaSetObj): readonly RankCandidate[] {
    return this.tally.activePods(rs, () => controlledBy<PodObj>(this.api, rs.metadata.uid, 'Pod'));
  }

  private candidateOf(pod: PodObj): RankCandidate {
    let candidate = this.claimedCandidates.get(pod);
    if (!candidate) this.claimedCandidates.set(pod, (candidate = { pod }));
    return candidate;
  }

  private createPods(key: string, rs: ReplicaSetObj, count: number): unknown {
    this.expectations.expectCreations(key, count);
    const result = slowStartBatch(count, SLOW_START_INITIAL_BATCH_SIZE, () => {
      try {
        this.podControl.createPodFor(rs);
      } catch (err) {
        // A terminating namespace makes every create fail: nothing to do, not an error.
        if (!isNamespaceTerminatingError(err)) throw err;
      }
    });
    // Pods never attempted will not be observed: stop expecting them.
    for (let i = result.successes; i < count; i++) this.expectations.creationObserved(key);
    return result.error;
  }

  private deletePods(key: string, rs: ReplicaSetObj, active: readonly RankCandidate[], count: number): unknown {
    const ownActive = (sibling: ReplicaSetObj) => this.tally.activeByNode(sibling, () => controlledBy<PodObj>(this.api, sibling.metadata.uid, 'Pod'));
    const related = relatedActiveByNode(this.api, this.orphans, rs, ownActive);
    const victims = podsToDelete(active, related, count, { nowMs: this.clock.now(), parseTime: (t) => this.api.parseTime(t) });
    this.expectations.expectDeletions(key, victims.map(queueKey));
    let firstError: unknown;
    for (const pod of victims) {
      try {
        this.podControl.deletePod(rs, pod);
      } catch (err) {
        this.expectations.deletionObserved(key, queueKey(pod));
        if (!(err instanceof ApiError && err.reason === 'NotFound')) firstError ??= err;
      }
    }
    return firstError;
  }
}

function isNamespaceTerminatingError(err: unknown): boolean {
  return err instanceof ApiError && (err.causes.some((c) => c.reason === 'NamespaceTerminating') || (err.status === 403 && err.message.includes('because it is being terminated')));
}

function asApiError(err: unknown): ApiError {
  return err instanceof ApiError ? err : new ApiError(500, 'InternalError', err instanceof Error ? err.message : String(err));
}
