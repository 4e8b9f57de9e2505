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
import { compareRestarts, isPodActive, isPodReady, readySince } from '../../../kube/pod-state';
import type { PodObj } from './types';

export const DELETION_COST_ANNOTATION = 'controller.kubernetes.io/pod-deletion-cost';

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

export interface RankContext {
  nowMs: number;
  parseTime: (t: string) => number;
}

interface Ranked {
  pod: PodObj;
  /** active related pods on this pod's node (getPodsRankedByRelatedPodsOnSameNode) */
  rank: number;
}

/** getPodsToDelete: the first `count` of `pods` in deletion order (all of them without sorting when count covers them). */
export function podsToDelete(pods: readonly PodObj[], related: readonly PodObj[], count: number, ctx: RankContext): PodObj[] {
  if (count >= pods.length) return pods.slice(0, count);
  const onNode = new Map<string, number>();
  for (const p of related) {
    if (isPodActive(p)) onNode.set(nodeOf(p), (onNode.get(nodeOf(p)) ?? 0) + 1);
  }
  const ranked: Ranked[] = pods.map((pod) => ({ pod, rank: onNode.get(nodeOf(pod)) ?? 0 }));
  ranked.sort((a, b) => compareForDeletion(a, b, ctx) || a.pod.metadata.name.localeCompare(b.pod.metadata.name));
  return ranked.slice(0, count).map((r) => r.pod);
}

function nodeOf(pod: PodObj): string {
  return pod.spec?.nodeName ?? '';
}

/** Negative when `a` should be deleted before `b`, positive when after, 0 when upstream sees no difference. */
export function compareForDeletion(a: Ranked, b: Ranked, ctx: RankContext): number {
  const steps = [byAssignment, byPhase, byReadiness, byDeletionCost, byRank, byReadyTime, byRestarts, byCreation];
  for (const step of steps) {
    const c = step(a, b, ctx);
    if (c !== 0) return c;
  }
  return 0;
}

type Step = (a: Ranked, b: Ranked, ctx: RankContext) => number;

const first = (aFirst: boolean): number => (aFirst ? -1 : 1);

const byAssignment: Step = (a, b) => {
  const na = nodeOf(a.pod);
  const nb = nodeOf(b.pod);
  return na !== nb && (!na || !nb) ? first(!na) : 0;
};

const byPhase: Step = (a, b) => {
  const pa = PHASE_ORDINAL[a.pod.status?.phase ?? ''] ?? 0;
  const pb = PHASE_ORDINAL[b.pod.status?.phase ?? ''] ?? 0;
  return pa - pb;
};

const byReadiness: Step = (a, b) => {
  const ra = isPodReady(a.pod);
  return ra !== isPodReady(b.pod) ? first(!ra) : 0;
};

const byDeletionCost: Step = (a, b) => deletionCost(a.pod) - deletionCost(b.pod);

const byRank: Step = (a, b) => b.rank - a.rank;

const byReadyTime: Step = (a, b, ctx) => {
  if (!isPodReady(a.pod) || !isPodReady(b.pod)) return 0;
  return newerFirst(readySince(a.pod, ctx.parseTime), readySince(b.pod, ctx.parseTime), a, b, ctx.nowMs);
};

const byRestarts: Step = (a, b) => compareRestarts(a.pod, b.pod);

const byCreation: Step = (a, b, ctx) => {
  const t = (p: PodObj) => (p.metadata.creationTimestamp ? ctx.parseTime(p.metadata.creationTimestamp) : undefined);
  return newerFirst(t(a.pod), t(b.pod), a, b, ctx.nowMs);
};

/**
 * Equal times: no decision. A zero (missing) time comes first (afterOrZero). Otherwise the
 * log2 buckets of the ages in nanoseconds decide (logarithmicRankDiff), then the uid.
 */
function newerFirst(ta: number | undefined, tb: number | undefined, a: Ranked, b: Ranked, nowMs: number): number {
  if (ta === tb) return 0;
  if (ta === undefined || tb === undefined) return first(ta === undefined);
  const diff = logBucket(nowMs - ta) - logBucket(nowMs - tb);
  if (diff !== 0) return diff;
  const ua = a.pod.metadata.uid ?? '';
  const ub = b.pod.metadata.uid ?? '';
  return ua < ub ? -1 : ua > ub ? 1 : 0;
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
