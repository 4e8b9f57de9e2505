/**
 * Annotations the Deployment controller keeps on ReplicaSets and on the Deployment
 * (deployment_util.go SetNewReplicaSetAnnotations, SetReplicasAnnotations, SetDeploymentRevision,
 * IsSaturated). Functions edit the mutable copy they are given and say whether anything changed.
 */
import { ANNOTATIONS_TO_SKIP, parseRevision } from '../../../kube/workload-revisions';
import {
  DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION, REVISION_ANNOTATION, REVISION_HISTORY_ANNOTATION,
  replicasOf, type DeploymentObj, type ReplicaSetObj,
} from './types';
import { maxSurge } from './fenceposts';

function annotationsOf(o: { metadata: { annotations?: Record<string, string> } }): Record<string, string> {
  return (o.metadata.annotations ??= {});
}

/** copyDeploymentAnnotationsToReplicaSet */
function copyDeploymentAnnotations(d: DeploymentObj, rs: ReplicaSetObj): boolean {
  const target = annotationsOf(rs);
  let changed = false;
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (ANNOTATIONS_TO_SKIP.has(k) || target[k] === v) continue;
    target[k] = v;
    changed = true;
  }
  return changed;
}

/**
 * SetNewReplicaSetAnnotations: copy the deployment's annotations, raise the revision to
 * `newRevision` when lower (a reused old RS keeps its former numbers in revision-history, comma
 * separated, oldest dropped past 2000 characters), and on creation set the replica annotations.
 */
export function setNewReplicaSetAnnotations(d: DeploymentObj, rs: ReplicaSetObj, newRevision: bigint, exists: boolean, historyLimitChars: number): boolean {
  let changed = copyDeploymentAnnotations(d, rs);
  const ann = annotationsOf(rs);
  const oldText = ann[REVISION_ANNOTATION];
  const had = oldText !== undefined;
  let old = 0n;
  if (had && oldText !== '') {
    const parsed = parseRevision(oldText);
    if (parsed === undefined) return false; // upstream: a warning, no change
    old = parsed;
  }
  if (old < newRevision) {
    ann[REVISION_ANNOTATION] = String(newRevision);
    changed = true;
    if (had) appendRevisionHistory(ann, oldText, historyLimitChars);
  }
  if (!exists && setReplicasAnnotations(rs, replicasOf(d), replicasOf(d) + maxSurge(d))) changed = true;
  return changed;
}

function appendRevisionHistory(ann: Record<string, string>, oldRevision: string, limit: number): void {
  const history = ann[REVISION_HISTORY_ANNOTATION] ?? '';
  if (history === '') {
    ann[REVISION_HISTORY_ANNOTATION] = oldRevision;
    return;
  }
  const revisions = history.split(',');
  let total = history.length + oldRevision.length + 1;
  let start = 0;
  while (total > limit && start < revisions.length) total -= revisions[start++]!.length + 1;
  if (total <= limit) ann[REVISION_HISTORY_ANNOTATION] = [...revisions.slice(start), oldRevision].join(',');
}

/** SetReplicasAnnotations: desired-replicas and max-replicas; true when either changed. */
export function setReplicasAnnotations(rs: ReplicaSetObj, desired: number, max: number): boolean {
  const ann = annotationsOf(rs);
  let changed = false;
  if (ann[DESIRED_REPLICAS_ANNOTATION] !== String(desired)) {
    ann[DESIRED_REPLICAS_ANNOTATION] = String(desired);
    changed = true;
  }
  if (ann[MAX_REPLICAS_ANNOTATION] !== String(max)) {
    ann[MAX_REPLICAS_ANNOTATION] = String(max);
    changed = true;
  }
  return changed;
}

/** ReplicasAnnotationsNeedUpdate */
export function replicasAnnotationsNeedUpdate(rs: ReplicaSetObj, desired: number, max: number): boolean {
  const ann = rs.metadata.annotations ?? {};
  return ann[DESIRED_REPLICAS_ANNOTATION] !== String(desired) || ann[MAX_REPLICAS_ANNOTATION] !== String(max);
}

/** An int32 annotation of the RS (getIntFromAnnotation); undefined when absent or malformed. */
export function intAnnotation(rs: ReplicaSetObj, key: string): number | undefined {
  const v = rs.metadata.annotations?.[key];
  return v !== undefined && /^[+-]?\d+$/.test(v) ? Number(v) : undefined;
}

/** IsSaturated: the RS runs the full desired count, all of it available. */
export function isSaturated(d: DeploymentObj, rs: ReplicaSetObj | undefined): boolean {
  if (!rs) return false;
  const desired = intAnnotation(rs, DESIRED_REPLICAS_ANNOTATION);
  const want = replicasOf(d);
  return replicasOf(rs) === want && desired === want && (rs.status?.availableReplicas ?? 0) === want;
}

/** SetDeploymentRevision: true when the deployment's revision annotation changed. */
export function setDeploymentRevision(d: DeploymentObj, revision: string | undefined): boolean {
  const ann = annotationsOf(d);
  if (ann[REVISION_ANNOTATION] === revision) return false;
  if (revision === undefined) delete ann[REVISION_ANNOTATION];
  else ann[REVISION_ANNOTATION] = revision;
  return true;
}
