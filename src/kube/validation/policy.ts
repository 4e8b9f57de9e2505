/**
 * policy/v1 PodDisruptionBudget (pkg/apis/policy/validation/validation.go). The PDB strategy
 * validates only the spec; object metadata then gets the generic check every resource gets
 * (rest.BeforeCreate: path-segment name rules), which upstream runs only when the spec passed.
 */
import type { KubeVersion } from '../version';
import { has, isObj, obj, str, type Obj } from './access';
import { FieldPath, invalid, notSupported, type FieldError } from './field-error';
import { goIntOrString, goLabelSelector, goStruct } from './go-value';
import { validateLabelSelector, validateObjectMeta, validateObjectMetaUpdate } from './meta';
import { notMoreThan100Percent, positiveIntOrPercent } from './apps';

const EVICTION_POLICIES = ['AlwaysAllow', 'IfHealthyBudget'];

type IntOrString = number | string;
const asIntOrString = (x: unknown): IntOrString | undefined => (typeof x === 'number' || typeof x === 'string' ? x : undefined);

/** The internal policy.PodDisruptionBudgetSpec as the "both set" error prints it. */
function goSpec(spec: Obj): unknown {
  const min = asIntOrString(spec.minAvailable);
  const max = asIntOrString(spec.maxUnavailable);
  return goStruct('policy.PodDisruptionBudgetSpec', [
    ['MinAvailable', min === undefined ? null : goIntOrString(min), '*intstr.IntOrString'],
    ['Selector', isObj(spec.selector) ? goLabelSelector(spec.selector) : null, '*v1.LabelSelector'],
    ['MaxUnavailable', max === undefined ? null : goIntOrString(max), '*intstr.IntOrString'],
    ['UnhealthyPodEvictionPolicy', has(spec, 'unhealthyPodEvictionPolicy') ? str(spec.unhealthyPodEvictionPolicy) : null, '*policy.UnhealthyPodEvictionPolicyType'],
  ]);
}

function pdbSpec(spec: Obj, v: KubeVersion): FieldError[] {
  const p = FieldPath.of('spec');
  const errs: FieldError[] = [];
  const min = asIntOrString(spec.minAvailable);
  const max = asIntOrString(spec.maxUnavailable);
  if (min !== undefined && max !== undefined) errs.push(invalid(p, goSpec(spec), 'minAvailable and maxUnavailable cannot be both set'));
  if (min !== undefined) errs.push(...positiveIntOrPercent(min, p.child('minAvailable')), ...notMoreThan100Percent(min, p.child('minAvailable')));
  if (max !== undefined) errs.push(...positiveIntOrPercent(max, p.child('maxUnavailable')), ...notMoreThan100Percent(max, p.child('maxUnavailable')));
  errs.push(...validateLabelSelector(spec.selector, p.child('selector'), v));
  if (has(spec, 'unhealthyPodEvictionPolicy') && !EVICTION_POLICIES.includes(str(spec.unhealthyPodEvictionPolicy))) {
    errs.push(notSupported(p.child('unhealthyPodEvictionPolicy'), str(spec.unhealthyPodEvictionPolicy), EVICTION_POLICIES));
  }
  return errs;
}

export function validatePDBCreate(o: Obj, v: KubeVersion): FieldError[] {
  const errs = pdbSpec(obj(o.spec), v);
  return errs.length ? errs : validateObjectMeta(o.metadata, { name: 'pathSegment', namespaced: true }, v);
}

export function validatePDBUpdate(o: Obj, old: Obj, v: KubeVersion): FieldError[] {
  return [...validateObjectMetaUpdate(o.metadata, old.metadata, v), ...pdbSpec(obj(o.spec), v)];
}
