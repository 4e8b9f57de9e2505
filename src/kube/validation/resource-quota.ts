/**
 * ResourceQuota spec validation of scopes (pkg/apis/core/validation validateResourceQuotaScopes,
 * validateScopedResourceSelectorRequirement), with the helpers it uses from pkg/apis/core/helper
 * (IsStandardResourceQuotaScope, IsResourceQuotaScopeValidForResource, IsStandardQuotaResourceName):
 * - a scope must be one of the standard ones;
 * - a standard quota resource in `hard` must suit every scope (BestEffort tracks pods only;
 *   Terminating, NotTerminating, NotBestEffort, PriorityClass and CrossNamespacePodAffinity track
 *   pods and their compute resources; VolumeAttributesClass claims and their storage);
 * - BestEffort with NotBestEffort, or Terminating with NotTerminating, conflict;
 * - in a scope selector, the four pod-state scopes and CrossNamespacePodAffinity take only the
 *   Exists operator, In/NotIn need values and Exists/DoesNotExist take none.
 * Go walks `hard` as a sorted set; errors repeat per offending resource and are deduplicated when
 * the API server joins them. The resource names and quantities of `hard` (and, on create, of the
 * status lists) are checked in quota-resources.ts. The
 * VolumeAttributesClass scope is accepted on every emulated version: the 1.29–1.33 gate on it
 * (VolumeAttributesClass, beta and off by default) is not modelled here.
 */
import type { KubeVersion } from '../version';
import { arr, obj, objs, str, type Obj } from './access';
import { FieldPath, invalid, required, type FieldError } from './field-error';
import { validateObjectMeta, validateObjectMetaUpdate } from './meta';
import { goStringSlice, goStruct, GoValue } from './go-value';
import { isStandardQuotaResource, validateQuotaResourceList } from './quota-resources';

const POD_COUNT = ['pods'];
const POD_COMPUTE = ['cpu', 'memory', 'limits.cpu', 'limits.memory', 'requests.cpu', 'requests.memory'];
const PVC_COUNT_AND_STORAGE = ['persistentvolumeclaims', 'requests.storage'];

/** helper.standardResourceQuotaScopes plus CrossNamespacePodAffinity. */
const STANDARD_SCOPES = ['Terminating', 'NotTerminating', 'BestEffort', 'NotBestEffort', 'PriorityClass', 'VolumeAttributesClass', 'CrossNamespacePodAffinity'];

/** The scopes whose selector requirement must use Exists. */
const EXISTS_ONLY_SCOPES = ['BestEffort', 'NotBestEffort', 'Terminating', 'NotTerminating', 'CrossNamespacePodAffinity'];
const CONFLICTING_PAIRS: Array<[string, string]> = [['BestEffort', 'NotBestEffort'], ['Terminating', 'NotTerminating']];

function scopeSuitsResource(scope: string, resource: string): boolean {
  switch (scope) {
    case 'Terminating': case 'NotTerminating': case 'NotBestEffort': case 'PriorityClass': case 'CrossNamespacePodAffinity':
      return POD_COUNT.includes(resource) || POD_COMPUTE.includes(resource);
    case 'BestEffort':
      return POD_COUNT.includes(resource);
    case 'VolumeAttributesClass':
      return PVC_COUNT_AND_STORAGE.includes(resource);
    default:
      return true;
  }
}

/** The hard resources a scope does not suit, one entry per resource (sorted, as sets.List gives). */
function unsuitedResources(scope: string, hard: readonly string[]): string[] {
  return hard.filter((k) => isStandardQuotaResource(k) && !scopeSuitsResource(scope, k));
}

function conflicts(scopes: readonly string[]): number {
  return CONFLICTING_PAIRS.filter(([a, b]) => scopes.includes(a) && scopes.includes(b)).length;
}

/** `spec.scopes`, a []core.ResourceQuotaScope. */
function scopesValue(scopes: readonly string[] | undefined): GoValue {
  return goStringSlice(scopes, '[]core.ResourceQuotaScope');
}

function validateScopes(spec: Obj, hard: readonly string[]): FieldError[] {
  if (!Array.isArray(spec.scopes) || spec.scopes.length === 0) return [];
  const scopes = arr(spec.scopes).map(str);
  const p = FieldPath.of('spec', 'scopes');
  const value = scopesValue(scopes);
  const errs: FieldError[] = [];
  for (const scope of scopes) {
    if (!STANDARD_SCOPES.includes(scope)) errs.push(invalid(p, value, 'unsupported scope'));
    for (const _ of unsuitedResources(scope, hard)) errs.push(invalid(p, value, 'unsupported scope applied to resource'));
  }
  for (let i = conflicts(scopes); i > 0; i--) errs.push(invalid(p, value, 'conflicting scopes'));
  return errs;
}

/** The internal *core.ScopeSelector as the error prints it (no json tags: Go field names). */
function selectorValue(requirements: readonly Obj[]): GoValue {
  const items = requirements.map((r) => goStruct('core.ScopedResourceSelectorRequirement', [
    ['ScopeName', str(r.scopeName)],
    ['Operator', str(r.operator)],
    ['Values', goStringSlice(Array.isArray(r.values) ? arr(r.values).map(str) : undefined)],
  ]));
  const list = new GoValue(`[]core.ScopedResourceSelectorRequirement{${items.map((i) => i.goSyntax).join(', ')}}`, items.map((i) => i.json));
  return goStruct('core.ScopeSelector', [['MatchExpressions', list]]);
}

function requirementErrors(r: Obj, p: FieldPath, hard: readonly string[], whole: GoValue): FieldError[] {
  const errs: FieldError[] = [];
  const scope = str(r.scopeName);
  const operator = str(r.operator);
  const values = Array.isArray(r.values) ? arr(r.values).map(str) : [];
  if (!STANDARD_SCOPES.includes(scope)) errs.push(invalid(p.child('scopeName'), scope, 'unsupported scope'));
  for (const _ of unsuitedResources(scope, hard)) errs.push(invalid(p, whole, 'unsupported scope applied to resource'));
  if (EXISTS_ONLY_SCOPES.includes(scope) && operator !== 'Exists') {
    errs.push(invalid(p.child('operator'), operator,
      "must be 'Exists' when scope is any of ResourceQuotaScopeTerminating, ResourceQuotaScopeNotTerminating, ResourceQuotaScopeBestEffort, ResourceQuotaScopeNotBestEffort or ResourceQuotaScopeCrossNamespacePodAffinity"));
  }
  if (operator === 'In' || operator === 'NotIn') {
    if (values.length === 0) errs.push(required(p.child('values'), "must be at least one value when `operator` is 'In' or 'NotIn' for scope selector"));
  } else if (operator === 'Exists' || operator === 'DoesNotExist') {
    if (values.length !== 0) errs.push(invalid(p.child('values'), goStringSlice(values), "must be no value when `operator` is 'Exist' or 'DoesNotExist' for scope selector"));
  } else {
    errs.push(invalid(p.child('operator'), operator, 'not a valid selector operator'));
  }
  return errs;
}

function validateScopeSelector(spec: Obj, hard: readonly string[]): FieldError[] {
  if (spec.scopeSelector === undefined || spec.scopeSelector === null) return [];
  const requirements = objs(obj(spec.scopeSelector).matchExpressions);
  // Upstream names the matchExpressions list, without an index, for every requirement.
  const p = FieldPath.of('spec', 'scopeSelector', 'matchExpressions');
  const whole = selectorValue(requirements);
  const errs = requirements.flatMap((r) => requirementErrors(r, p, hard, whole));
  // The conflict is reported with spec.scopes as its value, as upstream does.
  const scopes = Array.isArray(spec.scopes) ? arr(spec.scopes).map(str) : undefined;
  for (let i = conflicts(requirements.map((r) => str(r.scopeName))); i > 0; i--) errs.push(invalid(p, scopesValue(scopes), 'conflicting scopes'));
  return errs;
}

/** ValidateResourceQuotaSpec: the hard list, then scopes and the scope selector. */
function validateSpec(o: Obj, v: KubeVersion): FieldError[] {
  const spec = obj(o.spec);
  const hard = Object.keys(obj(spec.hard)).sort();
  return [
    ...validateQuotaResourceList(obj(spec.hard), FieldPath.of('spec', 'hard'), v),
    ...validateScopes(spec, hard),
    ...validateScopeSelector(spec, hard),
  ];
}

/**
 * The status lists, as ValidateResourceQuotaStatusUpdate checks a status write (its required
 * resourceVersion is the store's business). ValidateResourceQuota checks them on create too, but
 * the strategy's PrepareForCreate has emptied the status by then, so that check never fails.
 */
export function validateResourceQuotaStatus(o: Obj, v: KubeVersion): FieldError[] {
  const status = obj(o.status);
  return [
    ...validateQuotaResourceList(obj(status.hard), FieldPath.of('status', 'hard'), v),
    ...validateQuotaResourceList(obj(status.used), FieldPath.of('status', 'used'), v),
  ];
}

export function validateResourceQuota(o: Obj, v: KubeVersion): FieldError[] {
  return [...validateObjectMeta(o.metadata, { name: 'subdomain', namespaced: true }, v), ...validateSpec(o, v)];
}

/** The scopes as a set: ValidateResourceQuotaUpdate refuses any change of it. */
function scopeSet(o: Obj): string {
  return [...new Set(arr(obj(o.spec).scopes).map(str))].sort().join(',');
}

export function validateResourceQuotaUpdate(o: Obj, old: Obj, v: KubeVersion): FieldError[] {
  const errs = [...validateObjectMetaUpdate(o.metadata, old.metadata, v), ...validateSpec(o, v)];
  if (scopeSet(o) !== scopeSet(old)) {
    const scopes = obj(o.spec).scopes;
    errs.push(invalid(FieldPath.of('spec', 'scopes'), scopesValue(Array.isArray(scopes) ? arr(scopes).map(str) : undefined), 'field is immutable'));
  }
  return errs;
}
