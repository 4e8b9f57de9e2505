/**
 * The RollingUpdate strategy, reached only once every wanted pod exists and (OrderedReady) is
 * Running, Ready and available, and scale-down is done (stateful_set_control.go, end of
 * updateStatefulSet and updateStatefulSetAfterInvariantEstablished).
 */
import { atLeast } from '../../../kube/version';
import { isApiReason } from './errors';
import { maxUnavailableEnabled } from './features';
import type { Pass } from './control';
import { isTerminating } from './pod-health';
import { podRevision } from './identity';
import type { PodObj } from './types';

/** Returns the error that stopped the update, if any. */
export function rollingUpdate(pass: Pass): unknown {
  return maxUnavailableEnabled(pass.version, pass.gates) ? updateWithMaxUnavailable(pass) : updateOneAtATime(pass);
}

/** The lowest index (ordinal - start) the update may touch: the partition. */
function partitionOf(pass: Pass): number {
  return pass.set.spec.updateStrategy?.rollingUpdate?.partition ?? 0;
}

/** Deletes an outdated pod for update; a pod already gone is fine (IsNotFound is ignored upstream). */
function deleteForUpdate(pass: Pass, index: number): unknown {
  try {
    pass.podControl.deleteStatefulPod(pass.set, pass.replicas.get(index));
  } catch (err) {
    if (!isApiReason(err, 'NotFound')) return err;
  }
  pass.status.currentReplicas--;
  return undefined;
}

/**
 * MaxUnavailableStatefulSet off: from the highest index down to the partition, delete the first
 * outdated pod that is not terminating and stop; or stop at the first pod (updated or not) that
 * is unavailable, waiting for it.
 */
function updateOneAtATime(pass: Pass): unknown {
  for (let target = pass.replicas.length - 1; target >= partitionOf(pass); target--) {
    const pod = pass.replicas.get(target);
    if (podRevision(pod) !== pass.updateRevision && !isTerminating(pod)) return deleteForUpdate(pass, target);
    if (pass.availability.isUnavailable(pod)) return undefined;
  }
  return undefined;
}

/**
 * MaxUnavailableStatefulSet on (1.35.0–1.35.3 code): count the unavailable pods among all wanted
 * ordinals; with maxUnavailable or more nothing is deleted (the 1.35 regression, kubernetes#137409);
 * otherwise delete up to maxUnavailable − unavailable outdated, non-terminating pods from the
 * highest index down to the partition.
 */
function updateWithMaxUnavailable(pass: Pass): unknown {
  const rolling = pass.set.spec.updateStrategy?.rollingUpdate;
  const budget = rolling ? maxUnavailableOf(rolling.maxUnavailable, pass.replicas.length) : 1;
  let unavailable = 0;
  for (let i = 0; i < pass.replicas.length; i++) {
    const pod = pass.replicas.existing(i);
    if (!pod || pass.availability.isUnavailable(pod)) unavailable++;
  }
  if (parallelFix(pass)) return updateParallelInTwoPhases(pass, budget, unavailable);
  let toDelete = budget - unavailable;
  for (let target = pass.replicas.length - 1; target >= partitionOf(pass) && toDelete > 0; target--) {
    const pod = pass.replicas.get(target);
    if (podRevision(pod) === pass.updateRevision || isTerminating(pod)) continue;
    const err = deleteForUpdate(pass, target);
    if (err !== undefined) return err;
    toDelete--;
  }
  return undefined;
}

/**
 * From 1.37 (kubernetes#137666, "Parallel pod management should not count old, broken pods for
 * maxUnavailable budget"; not cherry-picked to 1.35, and 1.36 ships the gate off) a Parallel set
 * is updated in two phases.
 */
function parallelFix(pass: Pass): boolean {
  return atLeast(pass.version, '1.37') && pass.set.spec.podManagementPolicy === 'Parallel';
}

/** Outdated (not at the update revision) and not terminating: a pod the update may replace. */
function outdated(pass: Pass, pod: PodObj | undefined): pod is PodObj {
  return pod !== undefined && podRevision(pod) !== pass.updateRevision && !isTerminating(pod);
}

/**
 * Parallel, 1.37 (kubernetes#137666): nothing happens only when the unavailable pods fill the
 * budget and none of them is outdated. Otherwise, from the highest index down to the partition,
 * first every outdated pod that is not available is deleted (whatever the budget: deleting it
 * does not make things worse); then outdated available pods, at most maxUnavailable − unavailable
 * (counted before phase 1). Checked against v1.37.2 stateful_set_control.go: phase 1 is not
 * capped by the budget. A pod already gone counts as deleted (from 1.36 DeleteStatefulPod itself
 * treats NotFound as success).
 */
function updateParallelInTwoPhases(pass: Pass, budget: number, unavailable: number): unknown {
  const lowest = partitionOf(pass);
  let outdatedUnavailable = 0;
  for (let i = 0; i < pass.replicas.length; i++) {
    const pod = pass.replicas.existing(i);
    if (outdated(pass, pod) && pass.availability.isUnavailable(pod)) outdatedUnavailable++;
  }
  if (unavailable >= budget && outdatedUnavailable === 0) return undefined;
  const phase = (wantAvailable: boolean, limit: number): unknown => {
    let left = limit;
    for (let target = pass.replicas.length - 1; target >= lowest && left > 0; target--) {
      const pod = pass.replicas.existing(target);
      if (!outdated(pass, pod) || pass.availability.isAvailable(pod) !== wantAvailable) continue;
      const err = deleteForUpdate(pass, target);
      if (err !== undefined) return err;
      left--;
    }
    return undefined;
  };
  return phase(false, Infinity) ?? phase(true, budget - unavailable);
}

/**
 * getStatefulSetMaxUnavailable: default 1; a percentage of the replicas rounds down; never below 1.
 */
export function maxUnavailableOf(value: number | string | undefined, replicas: number): number {
  const v = value ?? 1;
  let n: number;
  if (typeof v === 'number') n = v;
  else {
    const m = /^(-?\d+)%$/.exec(v);
    n = m ? Math.floor((Number(m[1]) * replicas) / 100) : Number(v);
  }
  return Number.isFinite(n) && n >= 1 ? n : 1;
}
