/**
 * `kubectl rollout undo deployment/<name> [--to-revision=N]` (kubectl
 * pkg/polymorphichelpers/rollback.go DeploymentRollbacker): the client copies the pod template
 * of the ReplicaSet with the wanted revision (0 = the previous one) back into the Deployment —
 * without its pod-template-hash label — together with that ReplicaSet's annotations. The
 * controller then finds that ReplicaSet as the new one and gives it the next revision number.
 * For the simulator backend to call; the message is what kubectl prints after the resource name.
 */
import { KscenarioError } from '../../../errors';
import { clone, controllerRef } from '../../../kube/object';
import type { ApiServer } from '../../apiserver/store';
import { ANNOTATIONS_TO_SKIP } from './annotations';
import { equalIgnoreHash, revisionOf } from './replica-sets';
import { HASH_LABEL, type DeploymentObj, type ReplicaSetObj } from './types';

/** The simulator action behind the runner's `rollout: {action: undo}` for a Deployment. */
export const ROLLOUT_UNDO_ACTION = 'rolloutUndo';

export interface RolloutUndoArgs {
  namespace: string;
  name: string;
  /** 0 (or absent): the previous revision, as kubectl's --to-revision default */
  toRevision: number;
}

export function parseRolloutUndo(args: unknown): RolloutUndoArgs {
  const a = (args ?? {}) as Record<string, unknown>;
  if (typeof a.name !== 'string' || !a.name) throw fail(`${ROLLOUT_UNDO_ACTION} needs the deployment's name`);
  const toRevision = a.toRevision === undefined || a.toRevision === null ? 0 : Number(a.toRevision);
  if (!Number.isInteger(toRevision)) throw fail(`${ROLLOUT_UNDO_ACTION}: toRevision must be an integer, got ${String(a.toRevision)}`);
  return { namespace: typeof a.namespace === 'string' && a.namespace ? a.namespace : 'default', name: a.name, toRevision };
}

export function rollbackDeployment(api: ApiServer, namespace: string, name: string, toRevision = 0): string {
  if (toRevision < 0) throw fail(`unable to find specified revision ${toRevision} in history`);
  const d = api.get<DeploymentObj>('Deployment', namespace, name);
  if (!d) throw fail(`failed to retrieve Deployment ${name}: deployments.apps "${name}" not found`);
  const rs = revisionToRestore(api, d, toRevision);
  if (d.spec.paused) throw fail("you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again");
  if (equalIgnoreHash(rs.spec.template, d.spec.template)) return `skipped rollback (current template already matches revision ${toRevision})`;
  const template = clone(rs.spec.template ?? {});
  if (template.metadata?.labels) delete template.metadata.labels[HASH_LABEL];
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) if (ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;
  for (const [k, v] of Object.entries(rs.metadata.annotations ?? {})) if (!ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;
  const next = clone(d);
  next.spec.template = template;
  next.metadata.annotations = annotations;
  delete next.metadata.resourceVersion; // a JSON patch, not a conditional update
  api.update(next);
  return 'rolled back';
}

/** deploymentRevision: the RS with that revision, or for 0 the one with the second-highest revision. */
function revisionToRestore(api: ApiServer, d: DeploymentObj, toRevision: number): ReplicaSetObj {
  const owned = api.dependents(d.metadata.uid ?? '')
    .filter((o): o is ReplicaSetObj => o.kind === 'ReplicaSet' && controllerRef(o)?.uid === d.metadata.uid);
  let latest: ReplicaSetObj | undefined;
  let latestRev = -1n;
  let previous: ReplicaSetObj | undefined;
  let previousRev = -1n;
  for (const rs of owned) {
    const v = revisionOf(rs);
    if (v === undefined) continue;
    if (toRevision > 0) {
      if (v === BigInt(toRevision)) return rs;
      continue;
    }
    if (latestRev < v) {
      [previous, previousRev, latest, latestRev] = [latest, latestRev, rs, v];
    } else if (previousRev < v) {
      [previous, previousRev] = [rs, v];
    }
  }
  if (toRevision > 0) throw fail(`unable to find specified revision ${toRevision} in history`);
  if (!previous) throw fail(`no rollout history found for deployment "${d.metadata.name}"`);
  return previous;
}

function fail(message: string): KscenarioError {
  return new KscenarioError('BACKEND', message);
}
