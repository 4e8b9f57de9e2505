/**
 * ajv's errors turned into messages a scenario author can act on, each with the path of the value
 * (or key) it is about. Alternatives (anyOf/oneOf) are narrowed to the branch the value was meant
 * for; rules the schema states with an `errorMessage` (one of target or kind+selector, ...) report
 * that message once; matchers written where the schema does not allow one are reported as such.
 */
import type { ErrorObject } from 'ajv';
import type { YamlPath } from './loaded';
import { fieldName, pathKey, show, type Problem } from './problem';
import {
  dereference,
  isMarker,
  MATCHER_MARKER,
  pointerOf,
  schemaAt,
  schemaPosition,
  validatorAt,
  type MatcherSlots,
  type SchemaNode,
} from './schema';
import { didYouMean } from '../kube/suggest';

/** enums with more values than this list them in the hint, not in the message */
const LONG_ENUM = 12;

export interface SchemaErrorInput {
  errors: ErrorObject[];
  slots: MatcherSlots;
  /** the validated copy (matchers replaced by markers) */
  data: unknown;
  /** prefix of every path (when a part of a document was validated on its own) */
  basePath?: YamlPath;
}

export function schemaProblems(input: SchemaErrorInput): Problem[] {
  const misplaced = misplacedMatchers(input.data, input.slots);
  const misplacedPointers = misplaced.map((m) => m.pointer);
  const relevant = input.errors.filter(
    (e) => !misplacedPointers.some((p) => isUnder(e.instancePath, p)) && !isStepShapeError(e) && e.keyword !== 'propertyNames',
  );
  const problems = [
    ...misplaced.map((m) => m.problem),
    ...dominantOnly(simplify(relevant)).map((e) => describe(e, input.data)),
  ];
  const base = input.basePath ?? [];
  return dedupe(problems).map((p) => ({ ...p, path: [...base, ...p.path] }));
}

function isUnder(pointer: string, ancestor: string): boolean {
  return pointer === ancestor || pointer.startsWith(`${ancestor}/`);
}

/** The one-verb rule and unknown step fields are reported by step-shape.ts, with better words. */
function isStepShapeError(e: ErrorObject): boolean {
  if (e.keyword === 'type') return false;
  const at = schemaPosition(e.parentSchema);
  return !!at && at[0] === 'definitions' && at[1] === 'Step' && (at.length === 2 || at[2] === 'allOf');
}

// ---- matchers where the schema has no place for one ----

function misplacedMatchers(data: unknown, slots: MatcherSlots): Array<{ pointer: string; problem: Problem }> {
  const out: Array<{ pointer: string; problem: Problem }> = [];
  const visit = (v: unknown, path: YamlPath): void => {
    if (isMarker(v)) {
      const pointer = toPointer(path);
      if (!matcherAllowed(pointer, slots)) {
        out.push({
          pointer,
          problem: {
            code: 'SCHEMA',
            path,
            message: `${fieldName(path)}: the matcher !${v[MATCHER_MARKER]} cannot be used here`,
            hint: misplacedHint(v[MATCHER_MARKER]),
          },
        });
      }
      return;
    }
    if (Array.isArray(v)) v.forEach((x, i) => visit(x, [...path, i]));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) visit(x, [...path, k]);
  };
  visit(data, []);
  return out;
}

function misplacedHint(tag: string): string {
  if (tag === 'same' || tag === 'differs') return 'a name, target, pod or selector takes a captured value as $(name), e.g. name: pvc-$(uid); !same and !differs compare in checks';
  return 'matchers compare observed values: use them in expect (match, each, count, content, reason, message), expectHistory and expectError';
}

function matcherAllowed(pointer: string, slots: MatcherSlots): boolean {
  if (slots.get(pointer) === 'value') return true;
  for (const [at, kind] of slots) if (kind === 'subtree' && isUnder(pointer, at) && pointer !== at) return true;
  return false;
}

function toPointer(path: YamlPath): string {
  return path.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

function toPath(pointer: string, data: unknown): YamlPath {
  if (pointer === '') return [];
  const out: Array<string | number> = [];
  let cur: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const s = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const seg = Array.isArray(cur) && /^\d+$/.test(s) ? Number(s) : s;
    out.push(seg);
    cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[String(seg)] : undefined;
  }
  return out;
}

// ---- rules with an errorMessage ----

interface RuleMessage {
  message: string;
  /** how many trailing instance segments lie below the node that states the rule */
  strip: number;
}

const PATH_MAPS = new Set(['properties', 'patternProperties']);
const RULE_LISTS = new Set(['allOf', 'anyOf', 'oneOf']);
const RULE_SINGLE = new Set(['not', 'if', 'then', 'else', 'propertyNames']);

/**
 * The errorMessage that explains an error: the failing node's own, or that of a node above it
 * which states a rule (not/if/then/else/oneOf/dependencies) the error is part of.
 */
function ruleMessage(e: ErrorObject): RuleMessage | undefined {
  const own = (e.parentSchema as SchemaNode | undefined)?.errorMessage;
  if (own) return { message: own, strip: 0 };
  let at = schemaPosition(e.parentSchema);
  if (!at) return undefined;
  let strip = 0;
  let crossedRule = false;
  while (at.length > 0) {
    const last = at[at.length - 1]!;
    const parentKey = at[at.length - 2];
    if (parentKey === 'definitions') return undefined;
    if (parentKey !== undefined && PATH_MAPS.has(parentKey)) {
      at = at.slice(0, -2);
      strip++;
    } else if (parentKey === 'dependencies' || (parentKey !== undefined && RULE_LISTS.has(parentKey))) {
      at = at.slice(0, -2);
      crossedRule = true;
    } else if (RULE_SINGLE.has(last)) {
      at = at.slice(0, -1);
      crossedRule = true;
    } else if (last === 'items' || last === 'additionalProperties') {
      at = at.slice(0, -1);
      strip++;
    } else {
      return undefined;
    }
    const message = schemaAt(at)?.errorMessage;
    if (message && crossedRule) return { message, strip };
  }
  return undefined;
}

/** errorMessages for values read "is not a duration; ..." and follow the value; others are sentences. */
function isPredicate(message: string): boolean {
  return /^(is|must) /.test(message);
}

// ---- alternatives ----

function jsonTypes(v: unknown): string[] {
  if (v === null) return ['null'];
  if (Array.isArray(v)) return ['array'];
  if (typeof v === 'number') return Number.isInteger(v) ? ['integer', 'number'] : ['number'];
  return [typeof v];
}

function accepts(node: SchemaNode, value: unknown): boolean {
  const n = dereference(node);
  // The Matcher placeholder is an object too, but only a tagged value is meant for it.
  if (n.matcherSlot === 'value') return isMarker(value);
  const types = jsonTypes(value);
  if (n.anyOf || n.oneOf) return ((n.anyOf ?? n.oneOf) as SchemaNode[]).some((b) => accepts(b, value));
  if (n.type !== undefined) return ([] as string[]).concat(n.type as string | string[]).some((t) => types.includes(t));
  if (n.const !== undefined) return jsonTypes(n.const).some((t) => types.includes(t));
  return true;
}

function describeAlternative(node: SchemaNode): string {
  const n = dereference(node);
  const title = (node.title ?? n.title) as string | undefined;
  if (title) {
    const t = /^[A-Z][a-z]/.test(title) ? title[0]!.toLowerCase() + title.slice(1) : title;
    return `${/^[aeiou]/i.test(t) ? 'an' : 'a'} ${t}`;
  }
  return typeWords(n.type);
}

/**
 * Replaces each failed anyOf/oneOf (and the errors of all its branches) with the errors of the
 * branch the value was meant for: the branches whose type fits the value, the one with fewest errors.
 */
function simplify(errors: ErrorObject[]): ErrorObject[] {
  const compound = errors
    .filter((e) => (e.keyword === 'anyOf' || e.keyword === 'oneOf') && !ruleMessage(e))
    .sort((a, b) => a.instancePath.length - b.instancePath.length);
  let result = errors;
  for (const c of compound) {
    if (!result.includes(c)) continue;
    const replaced = result.filter(
      (e) => e === c || (isUnder(e.instancePath, c.instancePath) && e.parentSchema !== c.parentSchema && !ruleMessage(e)),
    );
    result = [...result.filter((e) => !replaced.includes(e)), ...branchErrors(c)];
  }
  return result;
}

function branchErrors(c: ErrorObject): ErrorObject[] {
  const at = schemaPosition(c.parentSchema);
  const branches = (c.schema as SchemaNode[]) ?? [];
  const candidates = branches.map((b, i) => ({ b, i })).filter(({ b }) => accepts(b, c.data));
  if (!at || candidates.length === 0) {
    const expected = branches.map(describeAlternative);
    return [{ ...c, keyword: 'alternatives', params: { expected } }];
  }
  let best: ErrorObject[] | undefined;
  for (const { i } of candidates) {
    const v = validatorAt(pointerOf([...at, c.keyword, String(i)]));
    if (v(c.data)) return [];
    const errs = simplify((v.errors ?? []).map((e) => ({ ...e, instancePath: c.instancePath + e.instancePath })));
    if (!best || errs.length < best.length) best = errs;
  }
  return best ?? [];
}

/** A value of the wrong type gets one message, not also every rule its type would have had. */
function dominantOnly(errors: ErrorObject[]): ErrorObject[] {
  const wrongType = new Set(errors.filter((e) => e.keyword === 'type' || e.keyword === 'alternatives').map((e) => e.instancePath));
  return errors.filter((e) => e.keyword === 'type' || e.keyword === 'alternatives' || !wrongType.has(e.instancePath) || ruleMessage(e));
}

// ---- messages ----

const TYPE_WORDS: Record<string, string> = {
  string: 'a text',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  object: 'a map',
  array: 'a list',
  null: 'null',
};

function typeWords(type: unknown): string {
  return ([] as string[]).concat((type as string | string[]) ?? []).map((t) => TYPE_WORDS[t] ?? t).join(' or ') || 'something else';
}

function got(v: unknown): string {
  if (typeof v === 'number') return `the number ${v}`;
  if (typeof v === 'boolean') return `the boolean ${v}`;
  if (typeof v === 'string') return `the text '${v}'`;
  return show(v);
}

function quoteHint(expected: unknown, value: unknown): string | undefined {
  const wantsText = ([] as unknown[]).concat(expected).includes('string');
  if (!wantsText || (typeof value !== 'number' && typeof value !== 'boolean')) return undefined;
  const lost = typeof value === 'number' && !Number.isInteger(value) ? ' (unquoted, 1.30 becomes 1.3)' : '';
  return `put the value in quotes: YAML reads it as the ${typeof value} ${value}${lost}`;
}

function describe(e: ErrorObject, data: unknown): Problem {
  const path = toPath(e.instancePath, data);
  const field = fieldName(path);
  const value = e.data;
  const schema = e.parentSchema as SchemaNode | undefined;
  const problem = (message: string, hint?: string, at: YamlPath = path, atKey = false): Problem => ({ code: 'SCHEMA', path: at, atKey, message, hint });

  const rule = ruleMessage(e);
  if (rule) {
    const name = (e as ErrorObject & { propertyName?: string }).propertyName;
    if (name !== undefined) return problem(`${field}: key '${name}' ${rule.message}`, undefined, [...path, name], true);
    if (isPredicate(rule.message)) return problem(`${field}: ${show(value)} ${rule.message}`);
    const rulePath = path.slice(0, path.length - rule.strip);
    return problem(`${fieldName(rulePath)}: ${rule.message}`, undefined, rulePath);
  }

  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required': {
      const required = (schema?.required as string[] | undefined) ?? [];
      const hint = required.length > 1 ? `${field} needs ${required.join(', ')}` : undefined;
      return problem(`${field}: missing required field '${p.missingProperty}'`, hint);
    }
    case 'additionalProperties': {
      const name = String(p.additionalProperty);
      const known = Object.keys((schema?.properties as object | undefined) ?? {});
      return problem(`${field}: unknown field '${name}'${didYouMean(name, known)}`, known.length ? `valid fields: ${known.join(', ')}` : undefined, [...path, name], true);
    }
    case 'enum': {
      const allowed = (p.allowedValues as unknown[]) ?? [];
      const suggestion = typeof value === 'string' ? didYouMean(value, allowed.map(String)) : '';
      // a long list (the Kubernetes versions and their patch releases) goes to the hint
      if (allowed.length > LONG_ENUM) return problem(`${field}: ${show(value)} is not an allowed value${suggestion}`, `allowed: ${allowed.map(show).join(', ')}`);
      return problem(`${field}: ${show(value)} is not one of ${allowed.map(show).join(', ')}${suggestion}`);
    }
    case 'const':
      return problem(`${field} must be ${show(p.allowedValue)}, not ${show(value)}`);
    case 'type':
      return problem(`${field} must be ${typeWords(p.type)}, got ${got(value)}`, quoteHint(p.type, value));
    case 'alternatives':
      return problem(`${field} must be ${(p.expected as string[]).join(' or ')}, got ${got(value)}`);
    case 'pattern':
      return problem(`${field}: ${show(value)} does not match the pattern ${p.pattern}`);
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return problem(`${field} must be ${p.comparison} ${p.limit}, got ${show(value)}`);
    case 'minItems':
      return problem(`${field} must have at least ${p.limit} item${p.limit === 1 ? '' : 's'}`);
    case 'maxItems':
      return problem(`${field} must have at most ${p.limit} item${p.limit === 1 ? '' : 's'}`);
    case 'minLength':
      return problem(p.limit === 1 ? `${field} must not be empty` : `${field} must have at least ${p.limit} characters`);
    case 'maxLength':
      return problem(`${field} is too long: at most ${p.limit} characters`);
    case 'minProperties':
      return problem(`${field} must have at least one of: ${Object.keys((schema?.properties as object | undefined) ?? {}).join(', ')}`);
    case 'uniqueItems':
      return problem(`${field} lists the same value twice (items ${Number(p.j) + 1} and ${Number(p.i) + 1})`);
    default:
      return problem(`${field} ${e.message ?? 'is not valid'}`);
  }
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const id = `${pathKey(p.path)}|${p.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
