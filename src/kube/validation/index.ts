/**
 * Validation of objects on create and update, per kind, as the API server runs it on defaulted
 * objects (each registry strategy's Validate / ValidateUpdate). Kinds without specific rules get
 * the generic object-metadata checks.
 */
import type { KObject } from '../object';
import type { KubeVersion } from '../version';
import { obj, type Obj } from './access';
import { validateAppsCreate, validateAppsUpdate } from './apps';
import { validateBatchCreate, validateBatchUpdate } from './batch';
import { validateMiscCreate, validateMiscUpdate } from './core-misc';
import type { FieldError } from './field-error';
import { validateObjectMeta, validateObjectMetaUpdate } from './meta';
import { validatePodCreate, validatePodUpdate } from './pod';
import { validatePodStatusFields } from './pod-status';
import { validateAppsStatus } from './apps-status';
import { validateResourceQuotaStatus } from './resource-quota';
import { validatePDBCreate, validatePDBUpdate } from './policy';
import { validatePriorityClassCreate, validatePriorityClassUpdate } from './priority-class';
import { validateServiceCreate, validateServiceKindUpdate } from './service';
import { validateStorageCreate, validateStorageUpdate } from './storage';
import { typeForKind } from '../registry';

export { formatFieldError, errorBody, FieldPath, type FieldError, type FieldErrorType } from './field-error';
export { parseCronSchedule, CronParseError, type CronSchedule } from './cron';
export { warningsOnCreate } from './warnings';

type Create = (o: Obj, v: KubeVersion) => FieldError[] | undefined;
type Update = (o: Obj, old: Obj, v: KubeVersion) => FieldError[] | undefined;

const CREATE: Create[] = [
  (o, v) => (o.kind === 'Pod' ? validatePodCreate(o, v) : undefined),
  (o, v) => (o.kind === 'PodDisruptionBudget' ? validatePDBCreate(o, v) : undefined),
  validateAppsCreate,
  validateBatchCreate,
  validateStorageCreate,
  validateServiceCreate,
  validateMiscCreate,
  validatePriorityClassCreate,
];

const UPDATE: Update[] = [
  (o, old, v) => (o.kind === 'Pod' ? validatePodUpdate(o, old, v) : undefined),
  (o, old, v) => (o.kind === 'PodDisruptionBudget' ? validatePDBUpdate(o, old, v) : undefined),
  validateAppsUpdate,
  validateBatchUpdate,
  validateStorageUpdate,
  validateServiceKindUpdate,
  validateMiscUpdate,
  validatePriorityClassUpdate,
];

/** Metadata rules for kinds with nothing more specific: DNS-subdomain names. */
function genericMeta(o: Obj, v: KubeVersion): FieldError[] {
  let namespaced = true;
  try {
    namespaced = typeForKind(String(o.kind)).namespaced;
  } catch {
    // unknown kinds are rejected earlier by resolveType; treat as namespaced here
  }
  return validateObjectMeta(o.metadata, { name: 'subdomain', namespaced }, v);
}

export function validateCreate(o: KObject, v: KubeVersion): FieldError[] {
  const object = obj(o);
  for (const check of CREATE) {
    const errs = check(object, v);
    if (errs) return errs;
  }
  return genericMeta(object, v);
}

export function validateUpdate(o: KObject, old: KObject, v: KubeVersion): FieldError[] {
  const object = obj(o);
  const before = obj(old);
  for (const check of UPDATE) {
    const errs = check(object, before, v);
    if (errs) return errs;
  }
  return [...validateObjectMetaUpdate(object.metadata, before.metadata, v), ...genericMeta(object, v)];
}

/**
 * Validation of a status subresource write. Upstream's status strategies (e.g. podStatusStrategy,
 * deploymentStatusStrategy) validate the metadata update and the status, never the spec, which
 * the write cannot change. The status field rules simulated are the pod's (pod-status.ts: what an
 * outside controller writes with a status patch — readiness gate conditions) and the counts of
 * Deployments, ReplicaSets and StatefulSets (apps-status.ts), and a ResourceQuota's resource lists
 * (resource-quota.ts); other kinds' are not.
 */
export function validateStatusUpdate(o: KObject, old: KObject, v: KubeVersion): FieldError[] {
  const object = obj(o);
  const before = obj(old);
  const meta = validateObjectMetaUpdate(object.metadata, before.metadata, v);
  if (object.kind === 'Pod') return [...meta, ...validatePodStatusFields(object, before, v)];
  if (object.kind === 'ResourceQuota') return [...meta, ...validateResourceQuotaStatus(object, v)];
  // ValidateStatefulSetStatusUpdate checks the status before the metadata; the others after
  if (object.kind === 'StatefulSet') return [...validateAppsStatus(object, before), ...meta];
  return [...meta, ...validateAppsStatus(object, before)];
}
