/**
 * A ReplicaSet's status (replica_set_utils.go calculateStatus and updateRsStatus):
 * replicas = active claimed pods; fullyLabeledReplicas = those whose labels include every template
 * label; readyReplicas; availableReplicas (Ready for minReadySeconds); terminatingReplicas when the
 * DeploymentReplicaSetTerminatingReplicas gate is on; the ReplicaFailure condition while creating
 * or deleting pods fails. Zero counts are left out, as the API's omitempty JSON does (replicas
 * always shows).
 */
import type { ReplicaSetCondition } from 'kubernetes-types/apps/v1';
import { deepEqual } from '../../../kube/equal';
import { atLeast, type KubeVersion } from '../../../kube/version';
import { isPodAvailable, isPodReady } from '../../../kube/pod-state';
import { hasTemplateLabels } from './pod-tally';
import type { PodObj, ReplicaSetObj, RsStatus } from './types';
import { replicasOf } from './types';

export interface StatusInput {
  rs: ReplicaSetObj;
  counts: StatusCounts;
  /** the error manageReplicas ended with */
  manageError?: unknown;
  /** API time text of now, for condition transition times */
  nowText: string;
  version: KubeVersion;
}

/** What calculateStatus counts among the claimed pods. */
export interface StatusCounts {
  /** active claimed pods */
  active: number;
  fullyLabeled: number;
  ready: number;
  available: number;
  /** terminating pods it controls and selects */
  terminating: number;
}

/**
 * DeploymentReplicaSetTerminatingReplicas: alpha (off) in 1.33 and 1.34, beta (on) in 1.35
 * (KEP-3973). Off means the field stays unset.
 */
export function countsTerminating(v: KubeVersion): boolean {
  return atLeast(v, '1.35');
}

/** The counts of calculateStatus over the claimed active pods and the claimed terminating ones. */
export function countPods(rs: ReplicaSetObj, active: readonly PodObj[], terminating: readonly PodObj[], nowMs: number, parseTime: (t: string) => number): StatusCounts {
  const minReady = rs.spec.minReadySeconds ?? 0;
  return {
    active: active.length,
    fullyLabeled: active.filter((p) => hasTemplateLabels(rs, p)).length,
    ready: active.filter(isPodReady).length,
    available: active.filter((p) => isPodAvailable(p, minReady, nowMs, parseTime)).length,
    terminating: terminating.length,
  };
}

export function calculateStatus(input: StatusInput): RsStatus {
  const { rs, counts } = input;
  const status: RsStatus = { replicas: counts.active };
  if (counts.fullyLabeled) status.fullyLabeledReplicas = counts.fullyLabeled;
  if (counts.ready) status.readyReplicas = counts.ready;
  if (counts.available) status.availableReplicas = counts.available;
  if (countsTerminating(input.version)) status.terminatingReplicas = counts.terminating;
  if (rs.status?.observedGeneration) status.observedGeneration = rs.status.observedGeneration;
  const conditions = failureConditions(input);
  if (conditions.length) status.conditions = conditions;
  return status;
}

/**
 * ReplicaFailure: set (reason FailedCreate/FailedDelete, the error as message) when a sync fails
 * and none is set yet; removed by a sync without error. Other conditions are kept.
 */
function failureConditions(input: StatusInput): ReplicaSetCondition[] {
  const current = input.rs.status?.conditions ?? [];
  const existing = current.find((c) => c.type === 'ReplicaFailure');
  if (input.manageError === undefined) return current.filter((c) => c.type !== 'ReplicaFailure');
  if (existing) return [...current];
  const diff = input.counts.active - replicasOf(input.rs);
  const cond: ReplicaSetCondition = {
    type: 'ReplicaFailure',
    status: 'True',
    lastTransitionTime: input.nowText,
    message: input.manageError instanceof Error ? input.manageError.message : String(input.manageError),
  };
  if (diff < 0) cond.reason = 'FailedCreate';
  else if (diff > 0) cond.reason = 'FailedDelete';
  return [...current.filter((c) => c.type !== 'ReplicaFailure'), cond];
}

/**
 * updateReplicaSetStatus writes only when a count, the conditions or the observed generation
 * differ; the written status carries the generation acted on.
 */
export function statusToWrite(rs: ReplicaSetObj, next: RsStatus): RsStatus | undefined {
  const generation = rs.metadata.generation ?? 0;
  const cur: RsStatus = rs.status ?? ({} as RsStatus);
  const same = (['replicas', 'fullyLabeledReplicas', 'readyReplicas', 'availableReplicas', 'terminatingReplicas'] as const)
    .every((k) => (cur[k] ?? 0) === (next[k] ?? 0) && (k !== 'terminatingReplicas' || (cur[k] === undefined) === (next[k] === undefined)));
  if (same && (cur.observedGeneration ?? 0) === generation && deepEqual(cur.conditions ?? [], next.conditions ?? [])) return undefined;
  const out: RsStatus = { ...next };
  if (generation) out.observedGeneration = generation;
  else delete out.observedGeneration;
  return out;
}
