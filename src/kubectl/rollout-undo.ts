/**
 * `kubectl rollout undo <kind>/<name> [--to-revision=N]` (kubectl pkg/polymorphichelpers
 * rollback.go and history.go), client-side on the backend contract. The message returned is what
 * kubectl prints after the resource name ("rolled back", "skipped rollback (...)"); refusals
 * throw with kubectl's error text.
 */
import type { PodTemplateSpec } from 'kubernetes-types/core/v1';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { ObjectApi, ObjectRef } from '../backend/contract';
import { KscenarioError } from '../errors';
import { labelSelectorMatches } from '../kube/labels';
import { clone, controllerRef, type KObject } from '../kube/object';
import {
  ANNOTATIONS_TO_SKIP, equalIgnoreHash, POD_TEMPLATE_HASH_LABEL, revisionMatches, revisionOf, type ControllerRevision,
} from '../kube/workload-revisions';

/** The kinds kubectl has a rollbacker for (RollbackerFor). */
export const UNDOABLE_KINDS: readonly string[] = ['Deployment', 'StatefulSet', 'DaemonSet'];

/** `kubectl rollout undo` of a Deployment, StatefulSet or DaemonSet. */
export async function rollback(api: ObjectApi, ref: ObjectRef, toRevision = 0): Promise<string> {
  const namespace = ref.namespace ?? 'default';
  switch (ref.kind) {
    case 'Deployment':
      return rollbackDeployment(api, namespace, ref.name, toRevision);
    case 'StatefulSet':
    case 'DaemonSet':
      return rollbackFromHistory(api, ref.kind, namespace, ref.name, toRevision);
    default:
      // kubectl has no rollbacker for other kinds (RollbackerFor); the verb refuses them before this.
      throw new KscenarioError('BAD_REFERENCE', `${ref.kind}: rollout undo is only supported for ${UNDOABLE_KINDS.join(', ')}`);
  }
}

type DeploymentObj = KObject & { spec: { template?: PodTemplateSpec; paused?: boolean } };
type ReplicaSetObj = KObject & { spec: { template?: PodTemplateSpec } };

/**
 * DeploymentRollbacker: the client copies the pod template of the ReplicaSet with the wanted
 * revision (0 = the previous one) back into the Deployment — without its pod-template-hash label
 * — together with that ReplicaSet's annotations. The controller then finds that ReplicaSet as
 * the new one and gives it the next revision number.
 */
export async function rollbackDeployment(api: ObjectApi, namespace: string, name: string, toRevision = 0): Promise<string> {
  if (toRevision < 0) throw revisionNotFound(toRevision);
  const d = (await api.get({ kind: 'Deployment', namespace, name })) as DeploymentObj | undefined;
  if (!d) throw fail(`failed to retrieve Deployment ${name}: deployments.apps "${name}" not found`);
  const owned = (await api.list('ReplicaSet', namespace))
    .filter((o): o is ReplicaSetObj => controllerRef(o)?.uid === d.metadata.uid);
  const rs = replicaSetToRestore(owned, d, toRevision);
  if (d.spec.paused) throw fail("you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again");
  if (equalIgnoreHash(rs.spec.template, d.spec.template)) return skipped(toRevision);
  const template = clone(rs.spec.template ?? {});
  if (template.metadata?.labels) delete template.metadata.labels[POD_TEMPLATE_HASH_LABEL];
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
function replicaSetToRestore(owned: ReplicaSetObj[], d: DeploymentObj, toRevision: number): ReplicaSetObj {
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
  if (toRevision > 0) throw revisionNotFound(toRevision);
  if (!previous) throw fail(`no rollout history found for deployment "${d.metadata.name}"`);
  return previous;
}

type TemplatedObj = KObject & { spec?: { template?: PodTemplateSpec; selector?: LabelSelector } };

/**
 * StatefulSetRollbacker / DaemonSetRollbacker: the ControllerRevisions the object controls
 * (statefulSetHistory/daemonSetHistory: those in its namespace its selector matches, filtered to
 * the ones whose controllerRef is the object), the wanted one by number or for 0 the second
 * highest (findHistory), skipped when it holds the live template, else its data — the template as
 * a `$patch: replace` strategic merge patch — patched onto the object. The controller then finds
 * that revision's template again and renumbers it to the next revision ("revisions only roll
 * forward").
 */
async function rollbackFromHistory(api: ObjectApi, kind: 'StatefulSet' | 'DaemonSet', namespace: string, name: string, toRevision: number): Promise<string> {
  if (toRevision < 0) throw revisionNotFound(toRevision);
  const obj = (await api.get({ kind, namespace, name })) as TemplatedObj | undefined;
  // history.go: "failed to retrieve DaemonSet %s: %v" / "failed to retrieve Statefulset %s: %s" (sic)
  if (!obj) throw fail(`failed to retrieve ${kind === 'DaemonSet' ? 'DaemonSet' : 'Statefulset'} ${name}: ${kind.toLowerCase()}s.apps "${name}" not found`);
  const history = (await api.list('ControllerRevision', namespace)).filter(
    (r): r is ControllerRevision => labelSelectorMatches(obj.spec?.selector, r.metadata.labels) && controllerRef(r)?.uid === obj.metadata.uid,
  );
  if (toRevision === 0 && history.length <= 1) throw fail('no last revision to roll back to');
  const target = findHistory(toRevision, history);
  if (!target) throw revisionNotFound(toRevision);
  if (revisionMatches(obj.spec?.template, target)) return skipped(toRevision);
  try {
    await api.patch({ kind, namespace, name }, 'strategic', target.data);
  } catch (err) {
    throw fail(`failed restoring revision ${toRevision}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return 'rolled back';
}

/** findHistory: the revision numbered `toRevision`, or for 0 the second highest (a stable sort here; upstream's is not). */
function findHistory(toRevision: number, history: ControllerRevision[]): ControllerRevision | undefined {
  if (toRevision !== 0) return history.find((h) => h.revision === toRevision);
  if (history.length <= 1) return undefined;
  const sorted = [...history].sort((a, b) => a.revision - b.revision);
  return sorted[sorted.length - 2];
}

function skipped(toRevision: number): string {
  return `skipped rollback (current template already matches revision ${toRevision})`;
}

/** revisionNotFoundErr */
function revisionNotFound(toRevision: number): KscenarioError {
  return fail(`unable to find specified revision ${toRevision} in history`);
}

function fail(message: string): KscenarioError {
  return new KscenarioError('BACKEND', message);
}
