/**
 * Job spec.podFailurePolicy and spec.podReplacementPolicy validation (pkg/apis/batch/validation
 * validatePodFailurePolicy, validatePodFailurePolicyRule*, validatePodReplacementPolicy; the same
 * rules in v1.35.4, v1.36.3 and v1.37.2): at most 20 rules; each with an action (FailIndex only
 * with backoffLimitPerIndex) and exactly one of onExitCodes (operator In/NotIn, a container of
 * the template, 1-255 distinct values in increasing order, no 0 for In) and onPodConditions (at
 * most 20 patterns of a qualified type and a True/False/Unknown status). With a pod failure
 * policy the template's restartPolicy must be Never and podReplacementPolicy Failed.
 */
import type { KubeVersion } from '../version';
import { arr, has, isObj, num, obj, objs, str, type Obj } from './access';
import { duplicate, FieldPath, invalid, notSupported, OMIT_VALUE, required, tooMany, type FieldError } from './field-error';
import { goQuote, goStruct, GoValue } from './go-value';
import { isQualifiedName } from './names';

const MAX_RULES = 20;
const MAX_EXIT_CODE_VALUES = 255;
const MAX_CONDITION_PATTERNS = 20;
/** sets.List order: sorted. */
const ACTIONS = ['Count', 'FailIndex', 'FailJob', 'Ignore'];
const OPERATORS = ['In', 'NotIn'];
const CONDITION_STATUSES = ['False', 'True', 'Unknown'];
const REPLACEMENT_POLICIES = ['Failed', 'TerminatingOrFailed'];

/** `%q` of a []string, as the "valid values" details print the sorted set. */
function goQuotedList(values: readonly string[]): string {
  return `[${values.map(goQuote).join(' ')}]`;
}

export function validatePodFailurePolicy(spec: Obj, p: FieldPath, v: KubeVersion): FieldError[] {
  if (!isObj(spec.podFailurePolicy)) return [];
  const rulesAt = p.child('podFailurePolicy', 'rules');
  const rules = arr(spec.podFailurePolicy.rules);
  const errs: FieldError[] = [];
  if (rules.length > MAX_RULES) errs.push(tooMany(rulesAt, rules.length, MAX_RULES));
  const podSpec = obj(obj(spec.template).spec);
  const containers = new Set([...objs(podSpec.containers), ...objs(podSpec.initContainers)].map((c) => str(c.name)));
  rules.forEach((rule, i) => errs.push(...validateRule(spec, obj(rule), rulesAt.index(i), containers, v)));
  return errs;
}

function validateRule(spec: Obj, rule: Obj, p: FieldPath, containers: Set<string>, v: KubeVersion): FieldError[] {
  const errs: FieldError[] = [];
  const action = str(rule.action);
  const actionAt = p.child('action');
  if (!action) errs.push(required(actionAt, `valid values: ${goQuotedList(ACTIONS)}`));
  else if (action === 'FailIndex') {
    if (spec.backoffLimitPerIndex == null) errs.push(invalid(actionAt, action, 'requires the backoffLimitPerIndex to be set'));
  } else if (!ACTIONS.includes(action)) errs.push(notSupported(actionAt, action, ACTIONS));
  const onExitCodes = isObj(rule.onExitCodes) ? rule.onExitCodes : undefined;
  const patterns = arr(rule.onPodConditions);
  if (onExitCodes) errs.push(...validateOnExitCodes(onExitCodes, p.child('onExitCodes'), containers));
  if (patterns.length) errs.push(...validateOnPodConditions(patterns, p.child('onPodConditions'), v));
  if (onExitCodes && patterns.length) errs.push(invalid(p, OMIT_VALUE, 'specifying both OnExitCodes and OnPodConditions is not supported'));
  if (!onExitCodes && !patterns.length) errs.push(invalid(p, OMIT_VALUE, 'specifying one of OnExitCodes and OnPodConditions is required'));
  return errs;
}

function validateOnPodConditions(patterns: unknown[], p: FieldPath, v: KubeVersion): FieldError[] {
  const errs: FieldError[] = [];
  if (patterns.length > MAX_CONDITION_PATTERNS) errs.push(tooMany(p, patterns.length, MAX_CONDITION_PATTERNS));
  patterns.forEach((raw, j) => {
    const pattern = obj(raw);
    const at = p.index(j);
    const type = str(pattern.type);
    errs.push(...isQualifiedName(type, v).map((m) => invalid(at.child('type'), type, m)));
    const status = str(pattern.status);
    if (!status) errs.push(required(at.child('status'), `valid values: ${goQuotedList(CONDITION_STATUSES)}`));
    else if (!CONDITION_STATUSES.includes(status)) errs.push(notSupported(at.child('status'), status, CONDITION_STATUSES));
  });
  return errs;
}

/** []int32 as a bad value: `[]int32{1, 2}` (Go syntax, up to 1.33) or `[1,2]` (JSON). */
function goInt32s(values: unknown): GoValue {
  if (!Array.isArray(values)) return new GoValue('[]int32(nil)', null);
  return new GoValue(`[]int32{${values.join(', ')}}`, values);
}

function validateOnExitCodes(req: Obj, p: FieldPath, containers: Set<string>): FieldError[] {
  const errs: FieldError[] = [];
  const operator = str(req.operator);
  const operatorAt = p.child('operator');
  if (!operator) errs.push(required(operatorAt, `valid values: ${goQuotedList(OPERATORS)}`));
  else if (!OPERATORS.includes(operator)) errs.push(notSupported(operatorAt, operator, OPERATORS));
  if (has(req, 'containerName') && req.containerName != null && !containers.has(str(req.containerName))) {
    errs.push(invalid(p.child('containerName'), str(req.containerName), 'must be one of the container or initContainer names in the pod template'));
  }
  const valuesAt = p.child('values');
  const values = arr(req.values).map(num);
  if (!values.length) errs.push(invalid(valuesAt, goInt32s(req.values), 'at least one value is required'));
  else if (values.length > MAX_EXIT_CODE_VALUES) errs.push(tooMany(valuesAt, values.length, MAX_EXIT_CODE_VALUES));
  const seen = new Set<number>();
  let ordered = true;
  values.forEach((value, j) => {
    if (operator === 'In' && value === 0) errs.push(invalid(valuesAt.index(j), value, 'must not be 0 for the In operator'));
    if (seen.has(value)) errs.push(duplicate(valuesAt.index(j), value));
    else seen.add(value);
    if (j > 0 && values[j - 1]! > value) ordered = false;
  });
  if (!ordered) errs.push(invalid(valuesAt, goInt32s(values), 'must be ordered'));
  return errs;
}

/** validatePodReplacementPolicy: only Failed with a pod failure policy. */
export function validatePodReplacementPolicy(spec: Obj, p: FieldPath): FieldError[] {
  if (!has(spec, 'podReplacementPolicy') || spec.podReplacementPolicy == null) return [];
  const value = str(spec.podReplacementPolicy);
  const at = p.child('podReplacementPolicy');
  if (isObj(spec.podFailurePolicy)) return value === 'Failed' ? [] : [notSupported(at, value, ['Failed'])];
  return REPLACEMENT_POLICIES.includes(value) ? [] : [notSupported(at, value, REPLACEMENT_POLICIES)];
}

/**
 * The internal batch.PodFailurePolicy as field.Invalid prints it (immutability errors): JSON with
 * the Go field names (1.34+), `%#v` before, pointers as goStruct's fake addresses.
 */
export function goPodFailurePolicy(policy: unknown): GoValue {
  if (!isObj(policy)) return new GoValue('(*batch.PodFailurePolicy)(nil)', null);
  const rules = arr(policy.rules).map((raw) => {
    const rule = obj(raw);
    const exit = isObj(rule.onExitCodes) ? rule.onExitCodes : undefined;
    const patterns = objs(rule.onPodConditions).map((c) => goStruct('batch.PodFailurePolicyOnPodConditionsPattern', [['Type', str(c.type)], ['Status', str(c.status)]]));
    const onPodConditions = patterns.length
      ? new GoValue(`[]batch.PodFailurePolicyOnPodConditionsPattern{${patterns.map((x) => x.goSyntax).join(', ')}}`, patterns.map((x) => x.json))
      : new GoValue('[]batch.PodFailurePolicyOnPodConditionsPattern(nil)', null);
    const onExitCodes = exit && { ContainerName: exit.containerName ?? null, Operator: str(exit.operator), Values: arr(exit.values) };
    return goStruct('batch.PodFailurePolicyRule', [
      ['Action', str(rule.action)],
      ['OnExitCodes', onExitCodes ?? null, '*batch.PodFailurePolicyOnExitCodesRequirement'],
      ['OnPodConditions', onPodConditions],
    ]);
  });
  const syntax = `batch.PodFailurePolicy{Rules:[]batch.PodFailurePolicyRule{${rules.map((r) => r.goSyntax).join(', ')}}}`;
  return new GoValue(syntax, { Rules: rules.map((r) => r.json) });
}
