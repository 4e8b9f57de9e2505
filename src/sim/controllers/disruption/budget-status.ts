/**
 * The status the disruption controller computes for a budget (disruption.go trySync,
 * buildDisruptedPodMap, countHealthyPods, updatePdbStatus). Pure: times are virtual ms, and
 * `parseTime` reads the RFC 3339 times of status.disruptedPods.
 */
import { deepEqual } from '../../../kube/equal';
import { isPodReady, type PodObj } from '../../../kube/pod-state';
import { conditionsAreUpToDate, setStatusCondition, withDisruptionAllowedCondition } from './condition';
import { DELETION_TIMEOUT_MS, DISRUPTION_ALLOWED, SYNC_FAILED, type PdbObj, type PdbStatus } from './types';

export interface DisruptedPods {
  /** the entries kept: pod name -> time the eviction was granted (RFC 3339) */
  kept: Record<string, string>;
  /** pods whose entry expired without the pod being deleted (each gets a NotDeleted event) */
  expired: PodObj[];
  /** when the earliest kept entry expires (virtual ms), if any */
  recheckAt?: number;
}

/**
 * buildDisruptedPodMap: keeps the entries of pods that still exist and are not being deleted yet,
 * until DeletionTimeout after the eviction; an entry past it is dropped (its pod was expected to
 * be deleted but was not). Entries of deleted or terminating pods are dropped silently.
 */
export function buildDisruptedPodMap(pods: PodObj[], pdb: PdbObj, now: number, parseTime: (t: string) => number): DisruptedPods {
  const current = pdb.status?.disruptedPods ?? {};
  const result: DisruptedPods = { kept: {}, expired: [] };
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp) continue;
    const since = current[pod.metadata.name];
    if (since === undefined) continue;
    const expectedDeletion = parseTime(since) + DELETION_TIMEOUT_MS;
    if (expectedDeletion < now) {
      result.expired.push(pod);
      continue;
    }
    result.kept[pod.metadata.name] = since;
    if (result.recheckAt === undefined || expectedDeletion < result.recheckAt) result.recheckAt = expectedDeletion;
  }
  return result;
}

/** countHealthyPods: Ready pods that are neither being deleted nor recently granted an eviction. */
export function countHealthyPods(pods: PodObj[], disrupted: Record<string, string>, now: number, parseTime: (t: string) => number): number {
  let healthy = 0;
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp) continue;
    const since = disrupted[pod.metadata.name];
    if (since !== undefined && parseTime(since) + DELETION_TIMEOUT_MS > now) continue;
    if (isPodReady(pod)) healthy++;
  }
  return healthy;
}

export interface Counts {
  currentHealthy: number;
  desiredHealthy: number;
  expectedCount: number;
  disruptedPods: Record<string, string>;
}

/**
 * updatePdbStatus: the status to write, or undefined when the stored one is already it.
 * disruptionsAllowed is currentHealthy - desiredHealthy, but 0 while no pods are expected, so a
 * budget whose first pods appear before this controller has counted them is safe.
 */
export function statusToWrite(pdb: PdbObj, counts: Counts, now: string): PdbStatus | undefined {
  let disruptionsAllowed = counts.currentHealthy - counts.desiredHealthy;
  if (counts.expectedCount <= 0 || disruptionsAllowed <= 0) disruptionsAllowed = 0;
  const old = pdb.status;
  const generation = pdb.metadata.generation ?? 0;
  if (old && old.currentHealthy === counts.currentHealthy && old.desiredHealthy === counts.desiredHealthy &&
    old.expectedPods === counts.expectedCount && old.disruptionsAllowed === disruptionsAllowed &&
    // apiequality.Semantic: a nil map equals an empty one
    deepEqual(old.disruptedPods ?? {}, counts.disruptedPods) &&
    (old.observedGeneration ?? 0) === generation && conditionsAreUpToDate(pdb)) {
    return undefined;
  }
  return withDisruptionAllowedCondition(statusFields({
    observedGeneration: generation,
    disruptedPods: counts.disruptedPods,
    disruptionsAllowed,
    currentHealthy: counts.currentHealthy,
    desiredHealthy: counts.desiredHealthy,
    expectedPods: counts.expectedCount,
    conditions: old?.conditions,
  }), now);
}

/** failSafe: disruptionsAllowed 0 and DisruptionAllowed=False/SyncFailed with the error, the rest kept. */
export function failSafeStatus(pdb: PdbObj, message: string, now: string): PdbStatus {
  const old: PdbStatus = pdb.status ?? { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 };
  const conditions = setStatusCondition(old.conditions, {
    type: DISRUPTION_ALLOWED, status: 'False', reason: SYNC_FAILED, message, observedGeneration: old.observedGeneration,
  }, now);
  return statusFields({ ...old, disruptionsAllowed: 0, conditions });
}

/** policy/v1 PodDisruptionBudgetStatus as JSON: observedGeneration, disruptedPods and conditions are omitempty. */
export function statusFields(s: PdbStatus): PdbStatus {
  const out: PdbStatus = {
    ...(s.observedGeneration ? { observedGeneration: s.observedGeneration } : {}),
    ...(s.disruptedPods && Object.keys(s.disruptedPods).length ? { disruptedPods: sortedKeys(s.disruptedPods) } : {}),
    disruptionsAllowed: s.disruptionsAllowed,
    currentHealthy: s.currentHealthy,
    desiredHealthy: s.desiredHealthy,
    expectedPods: s.expectedPods,
  };
  if (s.conditions?.length) out.conditions = s.conditions;
  return out;
}

/** encoding/json writes map keys sorted. */
function sortedKeys(m: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(m).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

