/**
 * `kubectl rollout undo deployment/<name> [--to-revision=N]` (kubectl
 * pkg/polymorphichelpers/rollback.go DeploymentRollbacker): the client copies the pod template
 * of the ReplicaSet with the wanted revision (0 = the previous one) back into the Deployment —
 * without its pod-template-hash label — together with that ReplicaSet's annotations. The
 * controller then finds that ReplicaSet as the new one and gives it the next revision number.
 * The message returned is what kubectl prints after the resource name.
 */
import { KscenarioError } from '../errors';
import { clone, controllerRef } from '../kube/object';
import type { ObjectApi } from '../backend/contract';
import { ANNOTATIONS_TO_SKIP } from '../sim/controllers/deployment/annotations';
import { equalIgnoreHash, revisionOf } from '../sim/controllers/deployment/replica-sets';
import { HASH_LABEL, type DeploymentObj, type ReplicaSetObj } from '../sim/controllers/deployment/types';

export async function rollbackDeployment(api: ObjectApi, namespace: string, name: string, toRevision = 0): Promise<string> {
  if (toRevision < 0) throw fail(`unable to find specified revision ${toRevision} in history`);
  const d = (await api.get({ kind: 'Deployment', namespace, name })) as DeploymentObj | undefined;
  if (!d) throw fail(`failed to retrieve Deployment ${name}: deployments.apps "${name}" not found`);
  const owned = (await api.list('ReplicaSet', namespace))
    .filter((o): o is ReplicaSetObj => controllerRef(o)?.uid === d.metadata.uid);
  const rs = revisionToRestore(owned as ReplicaSetObj[], d, toRevision);
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
  await api.update(next);
  return 'rolled back';
}

/** deploymentRevision: the RS with that revision, or for 0 the one with the second-highest revision. */
function revisionToRestore(owned: ReplicaSetObj[], d: DeploymentObj, toRevision: number): ReplicaSetObj {
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
