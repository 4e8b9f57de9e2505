/**
 * One sync of one StatefulSet against its claimed pods: revisions, then pods, then status, then
 * history (pkg/controller/statefulset/stateful_set_control.go defaultStatefulSetControl).
 */
import type { KubeVersion } from '../../../kube/version';
import type { ApiServer } from '../../apiserver/store';
import type { StatefulSetFeatureGates } from './features';
import type { History } from './history';
import { identityMatches, inOrdinalRange, ordinalOf, podRevision, replicasOf, startOrdinal, storageMatches } from './identity';
import { Availability, isCreated, isFailed, isPending, isRunningAndReady, isSucceeded, isTerminating } from './pod-health';
import type { StatefulPodControl } from './pod-control';
import { ReplicaSlots } from './replica-slots';
import { applyRevision, equalRevision, newRevision, nextRevision, sortRevisions } from './revision';
import { rollingUpdate } from './rolling-update';
import { runForAll } from './run-for-all';
import { type SetStatus, completeRollingUpdate, countReplicas, inconsistentStatus, statusJson } from './status';
import type { PodObj, RevisionObj, StatefulSetObj } from './types';

/** Everything one pass over a set works with (the locals of upstream's updateStatefulSet). */
export interface Pass {
  set: StatefulSetObj;
  updateSet: StatefulSetObj;
  updateRevision: string;
  replicas: ReplicaSlots;
  /** out-of-range pods, descending ordinal */
  condemned: PodObj[];
  firstUnavailable?: PodObj;
  monotonic: boolean;
  availability: Availability;
  status: SetStatus;
  podControl: StatefulPodControl;
  gates: StatefulSetFeatureGates;
  version: KubeVersion;
}

interface Revisions {
  current: RevisionObj;
  update: RevisionObj;
  collisionCount: number;
}

export class StatefulSetControl {
  constructor(
    private readonly api: ApiServer,
    private readonly podControl: StatefulPodControl,
    private readonly history: History,
    private readonly version: KubeVersion,
    private readonly gates: StatefulSetFeatureGates,
  ) {}

  /**
   * UpdateStatefulSet: returns the status written, or throws the sync's error after still writing
   * what status it has and trimming the history, as upstream does.
   */
  update(set: StatefulSetObj, pods: PodObj[], revisions: RevisionObj[], nowMs: number): SetStatus {
    const sorted = sortRevisions(revisions);
    let revs: Revisions | undefined;
    let failure: unknown;
    let status: SetStatus | undefined;
    try {
      revs = this.revisions(set, sorted);
      const result = this.updatePods(set, revs, pods, nowMs);
      status = result.status;
      failure = result.error;
      this.writeStatus(set, status);
    } catch (err) {
      failure ??= err;
    }
    try {
      this.truncateHistory(set, pods, sorted, revs);
    } catch (err) {
      failure ??= err;
    }
    if (failure !== undefined) throw failure;
    return status!;
  }

  /**
   * getStatefulSetRevisions: the update revision is the newest if its data equals the template
   * now; an equal older one is brought back with the next revision number (a rollback); else a
   * new one is created. The current revision is status.currentRevision, or the update revision
   * on first sync.
   */
  private revisions(set: StatefulSetObj, sorted: RevisionObj[]): Revisions {
    let collisionCount = set.status?.collisionCount ?? 0;
    const candidate = newRevision(set, nextRevision(sorted), collisionCount, this.version);
    const equal = sorted.filter((r) => equalRevision(r, candidate));
    let update: RevisionObj;
    if (equal.length && equalRevision(sorted[sorted.length - 1], equal[equal.length - 1])) {
      update = sorted[sorted.length - 1]!;
    } else if (equal.length) {
      update = this.history.renumber(equal[equal.length - 1]!, candidate.revision);
    } else {
      ({ revision: update, collisionCount } = this.history.create(set, candidate, collisionCount));
    }
    const current = sorted.find((r) => r.metadata.name === set.status?.currentRevision) ?? update;
    return { current, update, collisionCount };
  }

  /** updateStatefulSet: returns the status and the error that stopped the pass, if any. */
  private updatePods(set: StatefulSetObj, revs: Revisions, pods: PodObj[], nowMs: number): { status: SetStatus; error?: unknown } {
    const pass = this.newPass(set, revs, pods, nowMs);
    const recount = () => countReplicas(pass.status, [pass.replicas.existingPods(), pass.condemned], pass.availability);
    // A set being deleted only gets its status updated.
    if (set.metadata.deletionTimestamp) return { status: pass.status };

    const stages: Array<[number, (i: number) => boolean]> = [
      [pass.replicas.length, (i) => this.processReplica(pass, i)],
      [pass.condemned.length, (i) => this.fixCondemnedClaims(pass, i)],
      // Scaling down comes before updates, highest ordinal first.
      [pass.condemned.length, (i) => this.processCondemned(pass, i)],
    ];
    for (const [count, step] of stages) {
      const r = runForAll(count, step, pass.monotonic);
      if (r.exit || r.error !== undefined) {
        recount();
        return { status: pass.status, error: r.error };
      }
    }
    recount();
    // OnDelete: pods are updated only when someone deletes them.
    if (set.spec.updateStrategy?.type === 'OnDelete') return { status: pass.status };
    const error = rollingUpdate(pass);
    return { status: pass.status, error };
  }

  private newPass(set: StatefulSetObj, revs: Revisions, pods: PodObj[], nowMs: number): Pass {
    const currentSet = applyRevision(set, revs.current);
    const updateSet = applyRevision(set, revs.update);
    const availability = new Availability(set.spec.minReadySeconds ?? 0, nowMs, (t) => this.api.parseTime(t));
    const status: SetStatus = {
      observedGeneration: set.metadata.generation ?? 0,
      replicas: 0, readyReplicas: 0, availableReplicas: 0, currentReplicas: 0, updatedReplicas: 0,
      currentRevision: revs.current.metadata.name,
      updateRevision: revs.update.metadata.name,
      collisionCount: revs.collisionCount,
    };
    countReplicas(status, [pods], availability);
    const replicas = new ReplicaSlots(startOrdinal(set), replicasOf(set), currentSet, updateSet, status.currentRevision, status.updateRevision);
    const condemned: PodObj[] = [];
    for (const pod of pods) {
      if (inOrdinalRange(pod, set)) replicas.place(pod, ordinalOf(pod));
      else if (ordinalOf(pod) >= 0) condemned.push(pod);
      // A pod whose ordinal does not parse is ignored.
    }
    condemned.sort((a, b) => ordinalOf(b) - ordinalOf(a));
    return {
      set, updateSet, updateRevision: status.updateRevision, replicas, condemned,
      firstUnavailable: firstUnavailable(replicas, condemned, availability),
      monotonic: set.spec.podManagementPolicy !== 'Parallel',
      availability, status, podControl: this.podControl, gates: this.gates, version: this.version,
    };
  }

  /**
   * processReplica: a Failed or Succeeded pod is deleted (re-created once gone); a missing one is
   * created (claims first), unless a stale claim is still being collected; OrderedReady then
   * waits for each pod to be created, not terminating, Running and Ready, and available.
   * Returns true to stop the pass.
   */
  private processReplica(pass: Pass, i: number): boolean {
    const { set, monotonic, podControl } = pass;
    const pod = pass.replicas.get(i);
    if (isFailed(pod) || isSucceeded(pod)) {
      if (!isTerminating(pod)) podControl.deleteStatefulPod(set, pod);
      return true;
    }
    if (!isCreated(pod)) {
      if (podControl.podClaimIsStale(set, pod)) return true;
      podControl.createStatefulPod(set, pod);
      if (monotonic) return true;
    }
    if (isPending(pod)) podControl.createMissingClaims(set, pod);
    if (monotonic && (isTerminating(pod) || !isRunningAndReady(pod) || !pass.availability.isAvailable(pod))) return true;
    // Enforce identity, storage and the claims' retention refs.
    let retentionMatch = true;
    try {
      retentionMatch = podControl.claimsMatchRetentionPolicy(pass.updateSet, pod);
    } catch {
      // upstream: an error here means the pod is being updated anyway; treat as matching
    }
    if (identityMatches(set, pod) && storageMatches(set, pod) && retentionMatch) return false;
    podControl.updateStatefulPod(pass.updateSet, pod);
    return false;
  }

  /** fixPodClaim: condemned pods' claims get the owner refs the policy wants (e.g. the pod, for whenScaled=Delete). */
  private fixCondemnedClaims(pass: Pass, i: number): boolean {
    const pod = pass.condemned[i]!;
    if (!pass.podControl.claimsMatchRetentionPolicy(pass.updateSet, pod)) {
      pass.podControl.updatePodClaimForRetentionPolicy(pass.updateSet, pod);
    }
    return false;
  }

  /**
   * processCondemned: OrderedReady waits for a terminating condemned pod to be gone, and for an
   * unready or unavailable one unless it is the first unavailable pod of the set; then deletes
   * one pod per sync.
   */
  private processCondemned(pass: Pass, i: number): boolean {
    const pod = pass.condemned[i]!;
    if (isTerminating(pod)) return pass.monotonic;
    const healthy = isRunningAndReady(pod) && pass.availability.isAvailable(pod);
    if (pass.monotonic && !healthy && pod !== pass.firstUnavailable) return true;
    pass.podControl.deleteStatefulPod(pass.set, pod);
    return true;
  }

  /** updateStatefulSetStatus: complete a finished rolling update, write only when something changed. */
  private writeStatus(set: StatefulSetObj, status: SetStatus): void {
    completeRollingUpdate(set, status, this.version);
    if (!inconsistentStatus(set, status)) return;
    const fresh = this.api.get<StatefulSetObj>('StatefulSet', set.metadata.namespace, set.metadata.name) ?? set;
    this.api.updateStatus({ ...fresh, status: statusJson(status) });
  }

  /**
   * truncateHistory: revisions that no pod uses and that are neither current nor update are
   * deleted, oldest first, down to revisionHistoryLimit (default 10).
   */
  private truncateHistory(set: StatefulSetObj, pods: PodObj[], sorted: RevisionObj[], revs: Revisions | undefined): void {
    const live = new Set(pods.map(podRevision));
    if (revs) {
      live.add(revs.current.metadata.name);
      live.add(revs.update.metadata.name);
    }
    const old = sorted.filter((r) => !live.has(r.metadata.name));
    const limit = set.spec.revisionHistoryLimit ?? 10;
    if (limit < 0 || old.length <= limit) return;
    for (const r of old.slice(0, old.length - limit)) this.history.delete(r);
  }
}

/**
 * The first unavailable pod: the lowest wanted ordinal that is unavailable (missing counts), else
 * the lowest unavailable condemned one.
 */
function firstUnavailable(replicas: ReplicaSlots, condemned: PodObj[], availability: Availability): PodObj | undefined {
  for (let i = 0; i < replicas.length; i++) {
    const pod = replicas.existing(i);
    if (!pod || availability.isUnavailable(pod)) return pod ?? replicas.get(i);
  }
  for (let i = condemned.length - 1; i >= 0; i--) {
    if (availability.isUnavailable(condemned[i]!)) return condemned[i];
  }
  return undefined;
}
