/**
 * Counts of each ReplicaSet's pods kept current from pod deltas, so a sync costs what changed
 * rather than what the ReplicaSet owns. Upstream's syncReplicaSet lists and filters every owned pod
 * on every sync; on a real cluster the work queue folds the bursts of pod events that arrive while
 * a sync runs, but the simulator's syncs take no virtual time, so listing would make a rollout of
 * n pods cost n². The counts are exactly what calculateStatus derives from the claimed pods
 * whenever claiming changes nothing — no orphan to adopt, no owned pod to release — and the
 * controller uses them only then (see canCount); otherwise it takes upstream's full path.
 */
import { labelSelectorMatches } from '../../../kube/labels';
import { byName, controllerRef, uidOf } from '../../../kube/object';
import { isPodActive, isPodReady, isPodTerminating } from '../../../kube/pod-state';
import type { PodObj, ReplicaSetObj } from './types';
import { nodeOf, type RankCandidate } from './victims';

export interface PodCounts {
  /** active pods it controls and selects: status.replicas when nothing is claimed or released */
  active: number;
  /** of those, the ones carrying every template label (fullyLabeledReplicas) */
  fullyLabeled: number;
  /** of those, the Ready ones */
  ready: number;
  /** terminating pods it controls and selects (terminatingReplicas) */
  terminating: number;
  /** active pods it controls but no longer selects: a sync must release them */
  unselected: number;
}

/**
 * One `active` pod: its latest version, and what a scale-down's ranking last read of it (kept
 * with the pod, so a ranking at each of a scale-down's n/500 syncs reads each version once).
 */
interface ActivePod extends RankCandidate {
  pod: PodObj;
  /** false once the pod left the `active` pods (deleted, terminating, released) */
  live: boolean;
}

interface Tally {
  rs: ReplicaSetObj;
  counts: PodCounts;
  /** the `active` pods by node name ('' when unassigned): the ranks a scale-down of a sibling reads */
  activeByNode: Map<string, number>;
  /** the `active` pods themselves by uid: what a scale-down chooses from */
  activePods: Map<string, ActivePod>;
  /**
   * The same pods in name order as last read (activePods), plus any that left since: the walk
   * drops those. A pod that joins makes the next read sort again.
   */
  byName: ActivePod[];
  /** whether a pod left or joined since byName was last made */
  reorder: boolean;
}

const ZERO: PodCounts = { active: 0, fullyLabeled: 0, ready: 0, terminating: 0, unselected: 0 };

export class PodTally {
  /** by ReplicaSet uid */
  private readonly tallies = new Map<string, Tally>();

  /**
   * The counts for `rs`, rebuilt from `ownedPods` when it is new or its template labels changed
   * (the selector is immutable in apps/v1, the template labels are not).
   */
  countsFor(rs: ReplicaSetObj, ownedPods: () => readonly PodObj[]): PodCounts {
    return this.tallyOf(rs, ownedPods).counts;
  }

  /**
   * How many of the `active` pods (controlled, selected, active) are on each node: what
   * getPodsRankedByRelatedPodsOnSameNode counts of this ReplicaSet's pods. Read, not copied.
   */
  activeByNode(rs: ReplicaSetObj, ownedPods: () => readonly PodObj[]): ReadonlyMap<string, number> {
    return this.tallyOf(rs, ownedPods).activeByNode;
  }

  /**
   * The `active` pods (controlled, selected, active), latest versions, by name: the claimed
   * active pods of a sync in which claiming changes nothing, in the store's order, as ranking
   * candidates. The order is kept between reads, so a read costs nothing unless pods left or
   * joined since (a scale-down of n pods reads them at each of its n/500 syncs; sorting each
   * time cost n log n, and looking each pod up by uid was most of what was left). The list
   * returned is the tally's own: read it, do not keep it.
   */
  activePods(rs: ReplicaSetObj, ownedPods: () => readonly PodObj[]): readonly RankCandidate[] {
    const tally = this.tallyOf(rs, ownedPods);
    if (tally.reorder) {
      const still = tally.byName.filter((p) => p.live);
      tally.byName = still.length === tally.activePods.size ? still : [...tally.activePods.values()].sort(byPodName);
      tally.reorder = false;
    }
    return tally.byName;
  }

  private tallyOf(rs: ReplicaSetObj, ownedPods: () => readonly PodObj[]): Tally {
    const uid = rs.metadata.uid ?? '';
    const known = this.tallies.get(uid);
    if (known && sameTemplateLabels(known.rs, rs)) {
      known.rs = rs;
      return known;
    }
    const tally: Tally = { rs, counts: { ...ZERO }, activeByNode: new Map(), activePods: new Map(), byName: [], reorder: false };
    for (const pod of ownedPods()) count(tally, pod, 1);
    this.tallies.set(uid, tally);
    return tally;
  }

  /** Feed every pod watch event (old is the previous version of a MODIFIED pod). */
  observe(old: PodObj | undefined, cur: PodObj | undefined): void {
    this.move(old, -1);
    this.move(cur, 1);
    // a pod that stays active keeps its entry (and its place in the name order); one that left goes
    if (old) this.dropIfLeft(old);
  }

  /** A deleted ReplicaSet's counts go with it. */
  forget(rsUid: string | undefined): void {
    this.tallies.delete(rsUid ?? '');
  }

  private move(pod: PodObj | undefined, sign: 1 | -1): void {
    const tally = pod && this.tallyOfPod(pod);
    if (tally && pod) count(tally, pod, sign);
  }

  private dropIfLeft(pod: PodObj): void {
    const tally = this.tallyOfPod(pod);
    const entry = tally?.activePods.get(uidOf(pod));
    if (entry && !entry.live) tally!.activePods.delete(uidOf(pod));
  }

  private tallyOfPod(pod: PodObj): Tally | undefined {
    const uid = controllerRef(pod)?.uid;
    return uid === undefined ? undefined : this.tallies.get(uid);
  }
}

/** Adds (1) or takes back (-1) what `pod` contributes to its controller's tally. */
function count(tally: Tally, pod: PodObj, sign: 1 | -1): void {
  const c = contribution(tally.rs, pod);
  add(tally.counts, c, sign);
  if (!c.active) return;
  const entry = tally.activePods.get(uidOf(pod));
  if (sign < 0) {
    if (entry) entry.live = false;
    tally.reorder = true;
  } else if (entry) {
    entry.pod = pod;
    entry.live = true;
  } else {
    tally.activePods.set(uidOf(pod), { pod, live: true });
    tally.reorder = true;
  }
  const node = nodeOf(pod);
  const n = (tally.activeByNode.get(node) ?? 0) + sign;
  if (n) tally.activeByNode.set(node, n);
  else tally.activeByNode.delete(node);
}

/** What one pod adds to its controller's counts (all zero for a failed or succeeded pod). */
function contribution(rs: ReplicaSetObj, pod: PodObj): PodCounts {
  const selected = labelSelectorMatches(rs.spec.selector, pod.metadata.labels);
  if (isPodTerminating(pod)) return { ...ZERO, terminating: selected ? 1 : 0 };
  if (!isPodActive(pod)) return ZERO;
  if (!selected) return { ...ZERO, unselected: 1 };
  return {
    active: 1,
    fullyLabeled: hasTemplateLabels(rs, pod) ? 1 : 0,
    ready: isPodReady(pod) ? 1 : 0,
    terminating: 0,
    unselected: 0,
  };
}

function add(into: PodCounts, c: PodCounts, sign: 1 | -1): void {
  into.active += sign * c.active;
  into.fullyLabeled += sign * c.fullyLabeled;
  into.ready += sign * c.ready;
  into.terminating += sign * c.terminating;
  into.unselected += sign * c.unselected;
}

/** Whether the pod's labels include every label of the ReplicaSet's pod template. */
export function hasTemplateLabels(rs: ReplicaSetObj, pod: PodObj): boolean {
  const labels = pod.metadata.labels;
  for (const [k, v] of Object.entries(rs.spec.template?.metadata?.labels ?? {})) if (labels?.[k] !== v) return false;
  return true;
}

function byPodName(a: ActivePod, b: ActivePod): number {
  return byName(a.pod, b.pod);
}

function sameTemplateLabels(a: ReplicaSetObj, b: ReplicaSetObj): boolean {
  const x = a.spec.template?.metadata?.labels ?? {};
  const y = b.spec.template?.metadata?.labels ?? {};
  const keys = Object.keys(x);
  return keys.length === Object.keys(y).length && keys.every((k) => x[k] === y[k]);
}
