/**
 * scheduling.k8s.io PriorityClass validation (pkg/apis/scheduling/validation): a name starting
 * with `system-` is reserved for the two built-in classes (with their values and globalDefault
 * false); any other class may not exceed 1000000000; preemptionPolicy is PreemptLowerPriority or
 * Never; value and preemptionPolicy are immutable.
 */
import type { KubeVersion } from '../version';
import { has, num, str, type Obj } from './access';
import { FieldPath, forbidden, notSupported, required, type FieldError } from './field-error';
import { immutable, validateObjectMeta, validateObjectMetaUpdate } from './meta';

/** scheduling.SystemPriorityClasses: name → value (both with globalDefault false). */
export const SYSTEM_PRIORITY_CLASSES: Readonly<Record<string, number>> = {
  'system-node-critical': 2000001000,
  'system-cluster-critical': 2000000000,
};
const HIGHEST_USER_DEFINABLE_PRIORITY = 1000000000;
const PREEMPTION_POLICIES = ['PreemptLowerPriority', 'Never'];

export function validatePriorityClassCreate(o: Obj, v: KubeVersion): FieldError[] | undefined {
  if (o.kind !== 'PriorityClass') return undefined;
  const errs = validateObjectMeta(o.metadata, { name: 'subdomain', namespaced: false }, v);
  const name = str((o.metadata as Obj | undefined)?.name);
  const value = num(o.value);
  if (name.startsWith('system-')) {
    const why = systemClassProblem(name, value, o.globalDefault === true);
    if (why) errs.push(forbidden(FieldPath.of('metadata', 'name'), `priority class names with 'system-' prefix are reserved for system use only. error: ${why}`));
  } else if (value > HIGHEST_USER_DEFINABLE_PRIORITY) {
    errs.push(forbidden(FieldPath.of('value'), `maximum allowed value of a user defined priority is ${HIGHEST_USER_DEFINABLE_PRIORITY}`));
  }
  if (has(o, 'preemptionPolicy')) errs.push(...preemptionPolicy(str(o.preemptionPolicy)));
  return errs;
}

export function validatePriorityClassUpdate(o: Obj, old: Obj, v: KubeVersion): FieldError[] | undefined {
  if (o.kind !== 'PriorityClass') return undefined;
  const errs = validateObjectMetaUpdate(o.metadata, old.metadata, v);
  if (num(o.value) !== num(old.value)) errs.push(forbidden(FieldPath.of('value'), 'may not be changed in an update.'));
  errs.push(...immutable(o.preemptionPolicy, old.preemptionPolicy, FieldPath.of('preemptionPolicy')));
  return errs;
}

/** IsKnownSystemPriorityClass's error, or undefined for a built-in class as it must be. */
function systemClassProblem(name: string, value: number, globalDefault: boolean): string | undefined {
  const expected = SYSTEM_PRIORITY_CLASSES[name];
  if (expected === undefined) return `${name} is not a known system priority class`;
  if (value !== expected) return `value of ${name} PriorityClass must be ${expected}`;
  if (globalDefault) return `globalDefault of ${name} PriorityClass must be false`;
  return undefined;
}

function preemptionPolicy(policy: string): FieldError[] {
  const p = FieldPath.of('preemptionPolicy');
  if (!policy) return [required(p)];
  return PREEMPTION_POLICIES.includes(policy) ? [] : [notSupported(p, policy, PREEMPTION_POLICIES)];
}
