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
import { nodeOf } from './victims';

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

interface Tally {
  rs: ReplicaSetObj;
  counts: PodCounts;
  /** the `active` pods by node name ('' when unassigned): the ranks a scale-down of a sibling reads */
  activeByNode: Map<string, number>;
  /** the `active` pods themselves (latest versions) by uid: what a scale-down chooses from */
  activePods: Map<string, PodObj>;
  /** their uids by pod name as last read (activePods): pods come and go, the order stays */
  byName: string[];
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
   * active pods of a sync in which claiming changes nothing, in the store's order. The order is
   * kept between reads, so a read costs one look-up per pod unless pods joined since (a
   * scale-down of n pods reads them at each of its n/500 syncs; sorting each time cost n log n).
   */
  activePods(rs: ReplicaSetObj, ownedPods: () => readonly PodObj[]): PodObj[] {
    const tally = this.tallyOf(rs, ownedPods);
    const pods: PodObj[] = [];
    for (const uid of tally.byName) {
      const pod = tally.activePods.get(uid);
      if (pod) pods.push(pod);
    }
    if (pods.length === tally.activePods.size) {
      if (pods.length < tally.byName.length) tally.byName = pods.map(uidOf);
      return pods;
    }
    const sorted = [...tally.activePods.values()].sort(byName);
    tally.byName = sorted.map(uidOf);
    return sorted;
  }

  private tallyOf(rs: ReplicaSetObj, ownedPods: () => readonly PodObj[]): Tally {
    const uid = rs.metadata.uid ?? '';
    const known = this.tallies.get(uid);
    if (known && sameTemplateLabels(known.rs, rs)) {
      known.rs = rs;
      return known;
    }
    const tally: Tally = { rs, counts: { ...ZERO }, activeByNode: new Map(), activePods: new Map(), byName: [] };
    for (const pod of ownedPods()) count(tally, pod, 1);
    this.tallies.set(uid, tally);
    return tally;
  }

  /** Feed every pod watch event (old is the previous version of a MODIFIED pod). */
  observe(old: PodObj | undefined, cur: PodObj | undefined): void {
    this.move(old, -1);
    this.move(cur, 1);
  }

  /** A deleted ReplicaSet's counts go with it. */
  forget(rsUid: string | undefined): void {
    this.tallies.delete(rsUid ?? '');
  }

  private move(pod: PodObj | undefined, sign: 1 | -1): void {
    const uid = pod && controllerRef(pod)?.uid;
    const tally = uid === undefined ? undefined : this.tallies.get(uid);
    if (tally && pod) count(tally, pod, sign);
  }
}

/** Adds (1) or takes back (-1) what `pod` contributes to its controller's tally. */
function count(tally: Tally, pod: PodObj, sign: 1 | -1): void {
  const c = contribution(tally.rs, pod);
  add(tally.counts, c, sign);
  if (!c.active) return;
  if (sign > 0) tally.activePods.set(uidOf(pod), pod);
  else tally.activePods.delete(uidOf(pod));
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

function sameTemplateLabels(a: ReplicaSetObj, b: ReplicaSetObj): boolean {
  const x = a.spec.template?.metadata?.labels ?? {};
  const y = b.spec.template?.metadata?.labels ?? {};
  const keys = Object.keys(x);
  return keys.length === Object.keys(y).length && keys.every((k) => x[k] === y[k]);
}
