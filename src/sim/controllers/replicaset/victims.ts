/**
 * Which pods a ReplicaSet deletes when it has too many (replica_set.go getPodsToDelete and
 * controller_utils.go ActivePodsWithRanks.Less). Earlier in the order = deleted first:
 *  1. unassigned before assigned;  2. Pending < Unknown < Running;  3. not ready before ready;
 *  4. lower controller.kubernetes.io/pod-deletion-cost first (gate PodDeletionCost, on since 1.22);
 *  5. more active related pods on the same node first (rank);  6. both ready: ready more recently
 *  first;  7. more container restarts first (then more sidecar restarts);  8. created more recently first.
 * 6 and 8 compare on a log2 scale of age (LogarithmicScaleDown, on since 1.22) and break ties in
 * a bucket by uid. Upstream's sort is unstable for full ties; we fall back to the name so the
 * simulation stays deterministic.
 */
import { isPodActive, isPodReady, maxContainerRestarts, maxSidecarRestarts, readySince } from '../../../kube/pod-state';
import type { PodObj } from './types';

export const DELETION_COST_ANNOTATION = 'controller.kubernetes.io/pod-deletion-cost';

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

export interface RankContext {
  nowMs: number;
  parseTime: (t: string) => number;
}

/**
 * A pod to rank, with what the ranking last read of it: a caller that ranks the same pods at each
 * sync keeps its candidates, so each pod version is read once (facts of an older version are
 * read again). A ReplicaSet scaling n pods down ranks them all at each of its n/500 syncs, and
 * the versions mostly stay the same in between (the facts are a function of the frozen version).
 */
export interface RankCandidate {
  readonly pod: PodObj;
  facts?: PodFacts;
}

/** What the comparison reads of one pod version, derived once rather than at every comparison. */
export interface PodFacts {
  pod: PodObj;
  node: string;
  phase: number;
  ready: boolean;
  readyMs: number | undefined;
  createdMs: number | undefined;
  cost: number;
  restarts: number;
  sidecarRestarts: number;
  /** the ranking time the buckets below were computed for (bucketOf); NaN before the first */
  bucketsAtMs: number;
  readyBucket: number | undefined;
  createdBucket: number | undefined;
}

/** A ranking: its time, and the active related pods on each node (getPodsRankedByRelatedPodsOnSameNode). */
interface Ranking {
  nowMs: number;
  onNode: ReadonlyMap<string, number>;
}

/**
 * getPodsToDelete: the first `count` of `pods` in deletion order (all of them without sorting when
 * count covers them). `relatedOnNode`: the active related pods on each node (activeByNode).
 */
export function podsToDelete(candidates: readonly RankCandidate[], relatedOnNode: ReadonlyMap<string, number>, count: number, ctx: RankContext): PodObj[] {
  if (count >= candidates.length) return candidates.slice(0, count).map((c) => c.pod);
  // the facts of each version are kept; a node's rank is looked up when compared (an object per
  // pod per sync, made to carry it, was most of the ranking's garbage)
  const ranking: Ranking = { nowMs: ctx.nowMs, onNode: relatedOnNode };
  const facts = candidates.map((c) => factsOf(c, ctx));
  const order = (a: PodFacts, b: PodFacts) => compareForDeletion(a, b, ranking) || a.pod.metadata.name.localeCompare(b.pod.metadata.name);
  return firstInOrder(facts, count, order).map((f) => f.pod);
}

/** How many of `pods` are active on each node ('' for unassigned): the ranks of getPodsRankedByRelatedPodsOnSameNode. */
export function activeByNode(pods: Iterable<PodObj>, into = new Map<string, number>()): Map<string, number> {
  for (const p of pods) if (isPodActive(p)) into.set(nodeOf(p), (into.get(nodeOf(p)) ?? 0) + 1);
  return into;
}

function factsOf(candidate: RankCandidate, ctx: RankContext): PodFacts {
  const { pod } = candidate;
  if (candidate.facts?.pod === pod) return candidate.facts;
  return (candidate.facts = podFacts(pod, ctx.parseTime));
}

function podFacts(pod: PodObj, parseTime: (t: string) => number): PodFacts {
  const ready = isPodReady(pod);
  const created = pod.metadata.creationTimestamp;
  return {
    pod,
    node: nodeOf(pod),
    phase: PHASE_ORDINAL[pod.status?.phase ?? ''] ?? 0,
    ready,
    readyMs: ready ? readySince(pod, parseTime) : undefined,
    createdMs: created ? parseTime(created) : undefined,
    cost: deletionCost(pod),
    restarts: maxContainerRestarts(pod),
    sidecarRestarts: maxSidecarRestarts(pod),
    bucketsAtMs: NaN,
    readyBucket: undefined,
    createdBucket: undefined,
  };
}

/**
 * The first `count` items in `order` (a total order), sorted: what sorting them all and taking
 * the head gives, in O(n log count) — a scale-down of a few pods out of thousands is common.
 */
function firstInOrder<T>(items: readonly T[], count: number, order: (a: T, b: T) => number): T[] {
  if (count * 4 >= items.length) return [...items].sort(order).slice(0, count);
  // A max-heap of the best `count` so far: its root is the one to drop next.
  const heap: T[] = [];
  const above = (i: number, j: number) => order(heap[i]!, heap[j]!) > 0;
  const swap = (i: number, j: number) => ([heap[i], heap[j]] = [heap[j]!, heap[i]!]);
  const up = (i: number) => {
    for (let p = (i - 1) >> 1; i > 0 && above(i, p); i = p, p = (i - 1) >> 1) swap(i, p);
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let top = i;
      if (l < heap.length && above(l, top)) top = l;
      if (r < heap.length && above(r, top)) top = r;
      if (top === i) return;
      swap(i, top);
      i = top;
    }
  };
  for (const item of items) {
    if (heap.length < count) {
      heap.push(item);
      up(heap.length - 1);
    } else if (order(item, heap[0]!) < 0) {
      heap[0] = item;
      down(0);
    }
  }
  return heap.sort(order);
}

/** The node a pod's rank is counted under ('' when unassigned); the tally counts by the same key. */
export function nodeOf(pod: PodObj): string {
  return pod.spec?.nodeName ?? '';
}

/**
 * Negative when `a` should be deleted before `b`, positive when after, 0 when upstream sees no
 * difference: the steps of the module comment in order, written out in one function (a list of
 * step functions cost a call per step per comparison, and a scale-down compares every candidate).
 */
function compareForDeletion(a: PodFacts, b: PodFacts, ctx: Ranking): number {
  // 1. unassigned before assigned
  if (a.node !== b.node && (!a.node || !b.node)) return a.node ? 1 : -1;
  // 2. Pending < Unknown < Running
  if (a.phase !== b.phase) return a.phase - b.phase;
  // 3. not ready before ready
  if (a.ready !== b.ready) return a.ready ? 1 : -1;
  // 4. lower deletion cost first
  if (a.cost !== b.cost) return a.cost - b.cost;
  // 5. more active related pods on its node first
  const rank = (ctx.onNode.get(b.node) ?? 0) - (ctx.onNode.get(a.node) ?? 0);
  if (rank !== 0) return rank;
  // 6. both ready: ready more recently first
  if (a.ready && b.ready) {
    const ready = newerFirst(a, b, ctx.nowMs, 'ready');
    if (ready !== 0) return ready;
  }
  // 7. controller_utils.go compareMaxContainerRestarts: more container restarts first, then more
  //    sidecar restarts (added with sidecar containers, 1.28)
  const restarts = b.restarts - a.restarts || b.sidecarRestarts - a.sidecarRestarts;
  if (restarts !== 0) return restarts;
  // 8. created more recently first
  return newerFirst(a, b, ctx.nowMs, 'created');
}

/**
 * Equal times: no decision. A zero (missing) time comes first (afterOrZero). Otherwise the
 * log2 buckets of the ages in nanoseconds decide (logarithmicRankDiff), then the uid.
 */
function newerFirst(a: PodFacts, b: PodFacts, nowMs: number, which: 'ready' | 'created'): number {
  const ta = which === 'ready' ? a.readyMs : a.createdMs;
  const tb = which === 'ready' ? b.readyMs : b.createdMs;
  if (ta === tb) return 0;
  if (ta === undefined || tb === undefined) return ta === undefined ? -1 : 1;
  const diff = bucketOf(a, nowMs, which) - bucketOf(b, nowMs, which);
  if (diff !== 0) return diff;
  const ua = a.pod.metadata.uid ?? '';
  const ub = b.pod.metadata.uid ?? '';
  return ua < ub ? -1 : ua > ub ? 1 : 0;
}

/** The log2 bucket of a pod's ready or creation age at `nowMs`, kept for the ranking at that time. */
function bucketOf(f: PodFacts, nowMs: number, which: 'ready' | 'created'): number {
  if (f.bucketsAtMs !== nowMs) {
    f.bucketsAtMs = nowMs;
    f.readyBucket = f.readyMs === undefined ? undefined : logBucket(nowMs - f.readyMs);
    f.createdBucket = f.createdMs === undefined ? undefined : logBucket(nowMs - f.createdMs);
  }
  return (which === 'ready' ? f.readyBucket : f.createdBucket)!;
}

function logBucket(ageMs: number): number {
  const ns = ageMs * 1e6;
  return ns > 0 ? Math.floor(Math.log2(ns)) : -1;
}

/**
 * GetDeletionCostFromPodAnnotations: an int32 in decimal; anything else counts as 0 (upstream
 * returns 0 with an error the sort ignores).
 */
export function deletionCost(pod: PodObj): number {
  const text = pod.metadata.annotations?.[DELETION_COST_ANNOTATION];
  if (text === undefined || !/^[+-]?\d+$/.test(text)) return 0;
  const n = Number(text);
  return n >= -(2 ** 31) && n < 2 ** 31 ? n : 0;
}
