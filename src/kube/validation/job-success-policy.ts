/**
 * Job spec.successPolicy validation (pkg/apis/batch/validation validateSuccessPolicy,
 * validateIndexesFormat): only for Indexed Jobs; 1 to 20 rules, each with succeededIndexes (an
 * increasing list of indexes and ranges below completions) or succeededCount (at most the
 * completions, and at most the number of indexes the rule names), or both.
 */
import { arr, has, isObj, optNum, str, type Obj } from './access';
import { goStruct, GoValue } from './go-value';
import { FieldPath, invalid, required, tooLong, tooMany, type FieldError } from './field-error';
import { nonNegative } from './meta';

const MAX_RULES = 20;
const MAX_INDEXES_LENGTH = 64 * 1024;

export function validateSuccessPolicy(spec: Obj, p: FieldPath): FieldError[] {
  if (!isObj(spec.successPolicy)) return [];
  const at = p.child('successPolicy');
  if (str(spec.completionMode) !== 'Indexed') return [invalid(at, goSuccessPolicy(spec.successPolicy), 'requires indexed completion mode')];
  const rules = arr(spec.successPolicy.rules);
  const rulesAt = at.child('rules');
  const errs: FieldError[] = [];
  if (!rules.length) errs.push(required(rulesAt, 'at least one rules must be specified when the successPolicy is specified'));
  if (rules.length > MAX_RULES) errs.push(tooMany(rulesAt, rules.length, MAX_RULES));
  const completions = optNum(spec.completions) ?? 0;
  rules.forEach((rule, i) => errs.push(...validateRule(isObj(rule) ? rule : {}, completions, rulesAt.index(i))));
  return errs;
}

function validateRule(rule: Obj, completions: number, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!has(rule, 'succeededCount') && !has(rule, 'succeededIndexes')) {
    errs.push(required(p, 'at least one of succeededCount or succeededIndexes must be specified'));
  }
  let named = 0;
  if (has(rule, 'succeededIndexes')) {
    const text = str(rule.succeededIndexes);
    if (text.length > MAX_INDEXES_LENGTH) errs.push(tooLong(p.child('succeededIndexes'), MAX_INDEXES_LENGTH));
    const parsed = countIndexes(text, completions);
    if (typeof parsed === 'string') errs.push(invalid(p.child('succeededIndexes'), text, `error parsing succeededIndexes: ${parsed}`));
    else named = parsed;
  }
  const count = optNum(rule.succeededCount);
  if (count !== undefined) {
    const countAt = p.child('succeededCount');
    errs.push(...nonNegative(count, countAt));
    if (count > completions) errs.push(invalid(countAt, count, `must be less than or equal to ${completions} (the number of specified completions)`));
    if (has(rule, 'succeededIndexes') && count > named) {
      errs.push(invalid(countAt, count, `must be less than or equal to ${named} (the number of indexes in the specified succeededIndexes field)`));
    }
  }
  return errs;
}

/** validateIndexesFormat: the number of indexes named, or the parse error's text. */
function countIndexes(text: string, completions: number): number | string {
  if (!text) return 0;
  let last: number | undefined;
  let count = 0;
  for (const part of text.split(',')) {
    const range = parseRange(part, completions);
    if (typeof range === 'string') return range;
    if (last !== undefined && last >= range[0]) return `non-increasing order, previous: ${last}, current: ${range[0]}`;
    count += range[1] - range[0] + 1;
    last = range[1];
  }
  return count;
}

function parseRange(part: string, completions: number): [number, number] | string {
  const limits = part.split('-');
  if (limits.length > 2) return `the fragment ${JSON.stringify(part)} violates the requirement that an index interval can have at most two parts separated by '-'`;
  const [first, second] = limits.map((l) => (/^[+-]?\d+$/.test(l) ? Number(l) : NaN)) as [number, number?];
  if (Number.isNaN(first)) return `cannot convert string to integer for index: ${JSON.stringify(limits[0])}`;
  if (first >= completions) return `too large index: ${JSON.stringify(limits[0])}`;
  if (limits.length === 1) return [first, first];
  if (second === undefined || Number.isNaN(second)) return `cannot convert string to integer for index: ${JSON.stringify(limits[1])}`;
  if (second >= completions) return `too large index: ${JSON.stringify(limits[1])}`;
  if (first >= second) return `non-increasing order, previous: ${first}, current: ${second}`;
  return [first, second];
}

/**
 * The internal batch.SuccessPolicy as field.Invalid prints it: no json tags, so encoding/json uses
 * the Go field names (1.34+); `%#v` before (rules rendered with goStruct's fake pointer addresses).
 */
function goSuccessPolicy(policy: Obj): GoValue {
  const rules = arr(policy.rules).map((r) => {
    const rule = isObj(r) ? r : {};
    return goStruct('batch.SuccessPolicyRule', [
      ['SucceededIndexes', has(rule, 'succeededIndexes') ? str(rule.succeededIndexes) : null, '*string'],
      ['SucceededCount', optNum(rule.succeededCount) ?? null, '*int32'],
    ]);
  });
  const syntax = `batch.SuccessPolicy{Rules:[]batch.SuccessPolicyRule{${rules.map((r) => r.goSyntax).join(', ')}}}`;
  return new GoValue(syntax, { Rules: rules.map((r) => r.json) });
}
