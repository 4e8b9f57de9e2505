/**
 * Revisions of workloads, as the controllers write them and kubectl reads them back:
 * - Deployments number their ReplicaSets with the `deployment.kubernetes.io/revision` annotation
 *   and tell a ReplicaSet's template from the Deployment's ignoring the `pod-template-hash` label
 *   (k8s.io/kubectl pkg/util/deployment, pkg/controller/deployment/util/deployment_util.go).
 * - StatefulSets and DaemonSets keep ControllerRevisions whose data is the pod template as a
 *   strategic merge patch, `{"spec":{"template":{...,"$patch":"replace"}}}` (stateful_set_utils.go
 *   and daemon update.go getPatch; kubectl polymorphichelpers/rollback.go reads it back).
 * Shared by the simulator's controllers and by kubectl's verbs (src/kubectl/rollout-undo.ts).
 */
import type { PodTemplateSpec } from 'kubernetes-types/core/v1';
import { semanticEqual } from './equal';
import type { KObject } from './object';
import { LAST_APPLIED } from './patch';

/** apps.DefaultDeploymentUniqueLabelKey */
export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';
/** apps.DeprecatedRollbackTo */
export const ROLLBACK_TO_ANNOTATION = 'deprecated.deployment.rollback.to';
/** corev1.LastAppliedConfigAnnotation */
export const LAST_APPLIED_ANNOTATION = LAST_APPLIED;

/**
 * annotationsToSkip (deployment_util.go; kubectl rollback.go has the same set): never copied from
 * a Deployment to its ReplicaSets, nor back from a ReplicaSet when a Deployment is rolled back.
 */
export const ANNOTATIONS_TO_SKIP: ReadonlySet<string> = new Set([
  LAST_APPLIED_ANNOTATION, REVISION_ANNOTATION, REVISION_HISTORY_ANNOTATION, DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION, ROLLBACK_TO_ANNOTATION,
]);

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * strconv.ParseInt(text, 10, 64): revisions are int64, beyond JavaScript's exact integers (the
 * conformance test testRollingUpdateDeployment adopts a ReplicaSet at revision
 * 3546343826724305832 and expects 3546343826724305833 next). Undefined when not an int64.
 */
export function parseRevision(text: string): bigint | undefined {
  if (!/^[+-]?\d+$/.test(text)) return undefined;
  const v = BigInt(text);
  return v < INT64_MIN || v > INT64_MAX ? undefined : v;
}

/** Revision (deployment_util.go): the revision annotation (0 when absent, undefined when it does not parse). */
export function revisionOf(obj: { metadata: { annotations?: Record<string, string> | null } }): bigint | undefined {
  const v = obj.metadata.annotations?.[REVISION_ANNOTATION];
  return v === undefined ? 0n : parseRevision(v);
}

/**
 * EqualIgnoreHash: templates equal once pod-template-hash is dropped from both label sets, with
 * apimachinery's semantic equality (an empty map or list equals an absent one).
 */
export function equalIgnoreHash(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  return semanticEqual(withoutHash(a), withoutHash(b));
}

/** The template with the hash label left out; shares every other part (nothing is mutated). */
function withoutHash(t: PodTemplateSpec | undefined): unknown {
  const labels = t?.metadata?.labels;
  if (!t || !labels || !(POD_TEMPLATE_HASH_LABEL in labels)) return t ?? {};
  const { [POD_TEMPLATE_HASH_LABEL]: _hash, ...rest } = labels;
  return { ...t, metadata: { ...t.metadata, labels: rest } };
}

/** A ControllerRevision (apps/v1): `data` is raw JSON, `revision` an int64. */
export type ControllerRevision = KObject & { data?: unknown; revision: number };

/**
 * The pod template a StatefulSet's or DaemonSet's ControllerRevision holds: its data's
 * spec.template without the `$patch` directive (undefined when the data has no template).
 */
export function revisionTemplate(revision: ControllerRevision): Record<string, unknown> | undefined {
  const data = revision.data as { spec?: { template?: unknown } } | undefined;
  const template = data?.spec?.template;
  if (!template || typeof template !== 'object' || Array.isArray(template)) return undefined;
  const rest = { ...(template as Record<string, unknown>) };
  delete rest.$patch;
  return rest;
}

/**
 * Whether a revision holds the template a StatefulSet or DaemonSet has now. kubectl
 * (rollback.go statefulsetMatch/daemonSetMatch) compares the bytes of getPatch(live object)
 * with the revision's raw data; both are serialisations of typed objects, so they agree exactly
 * when the decoded templates are semantically equal — except for `creationTimestamp: null`,
 * which serialisers up to 1.33 write and later ones omit (semantic equality treats both alike,
 * where bytes of a kubectl and a controller of different versions would differ).
 */
export function revisionMatches(template: PodTemplateSpec | undefined, revision: ControllerRevision): boolean {
  const stored = revisionTemplate(revision);
  return stored !== undefined && semanticEqual(template ?? {}, stored);
}
