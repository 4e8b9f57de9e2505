/**
 * The matcher tags of scenario YAML (`!regex "^web-"`, `!gte 2`, `!oneOf [a, b]`, `!exists`) turned
 * into Matcher objects, each checked for the value it needs where it is written.
 */
import { isScalar, isSeq, parse, type Node, type Scalar } from 'yaml';
import { InputError, type SourceLocation } from '../errors';
import { BINDING_NAME, BINDING_NAME_HINT, hasReference, parseTemplate } from '../check/bindings';
import { Matcher, MATCHER_TAGS, type MatcherKind } from '../check/matchers';
import { isQuantity } from '../kube/quantity';
import { compilePattern, RE2_HINT } from '../check/regex';
import { didYouMean } from './suggest';

const TAG_LIST = MATCHER_TAGS.map((t) => `!${t}`).join(', ');

export type MatcherResult = { matcher: Matcher } | { error: InputError };

/** Converts the node's content (without its tag) into a plain value; may hold Matchers. */
export type ContentToValue = (node: Node) => unknown;

function isMatcherKind(name: string): name is MatcherKind {
  return (MATCHER_TAGS as readonly string[]).includes(name);
}

/** A tag with nothing after it (`!exists`) parses as an empty plain scalar. */
function isEmpty(node: Node): boolean {
  return isScalar(node) && node.type === 'PLAIN' && !node.source;
}

/**
 * The value of a tagged scalar as if it had no tag: yaml leaves a scalar with an unknown tag as
 * text, so a plain `!gte 2` must be resolved again to get the number 2.
 */
export function untaggedScalar(node: Scalar): unknown {
  if (node.type !== 'PLAIN' || typeof node.source !== 'string') return node.value;
  try {
    const v: unknown = parse(node.source);
    return v !== null && typeof v === 'object' ? node.source : v;
  } catch {
    return node.source;
  }
}

function fail(message: string, location: SourceLocation, hint?: string): MatcherResult {
  return { error: new InputError('SCHEMA', message, location, hint) };
}

export function matcherFromTag(tag: string, node: Node, location: SourceLocation, content: ContentToValue): MatcherResult {
  const name = tag.replace(/^!/, '');
  if (!isMatcherKind(name)) {
    return fail(`unknown tag !${name}${didYouMean(name, MATCHER_TAGS).replace(/'(\w+)'/, "'!$1'")}`, location, `matchers are ${TAG_LIST}`);
  }
  const ok = (arg: unknown): MatcherResult => ({ matcher: new Matcher(name, arg, location) });
  switch (name) {
    case 'regex':
      return regexMatcher(node, location, ok);
    case 'gte':
    case 'lte':
    case 'gt':
    case 'lt':
      return comparisonMatcher(name, node, location, ok);
    case 'oneOf':
    case 'contains':
      if (!isSeq(node)) return fail(`!${name} needs a list, e.g. !${name} [a, b]`, location);
      return ok(node.items.map((item) => content(item as Node)));
    case 'not':
      if (isEmpty(node)) return fail('!not needs a value, e.g. !not Running', location);
      return ok(content(node));
    case 'exists':
    case 'absent':
    case 'any':
      if (!isEmpty(node)) return fail(`!${name} takes no value; write it alone, e.g. "key: !${name}"`, location);
      return ok(null);
    case 'capture':
      return captureMatcher(node, location, ok);
    case 'same':
    case 'differs':
      return comparingMatcher(name, node, location, ok);
  }
}

/** `!capture pv`: the argument is the name of the binding it defines. */
function captureMatcher(node: Node, location: SourceLocation, ok: (arg: unknown) => MatcherResult): MatcherResult {
  const value = isScalar(node) && !isEmpty(node) ? untaggedScalar(node) : undefined;
  if (typeof value !== 'string') {
    const got = isScalar(node) && !isEmpty(node) ? `, got ${JSON.stringify(value)}` : isSeq(node) ? ', got a list' : isEmpty(node) ? '' : ', got a map';
    return fail(`!capture needs the name of the binding to define, e.g. !capture pv${got}`, location, BINDING_NAME_HINT);
  }
  const written = /^\$\((.*)\)$/.exec(value);
  if (written) return fail(`!capture defines a binding: write its bare name, !capture ${written[1]}; $(${written[1]}) is how later steps use it`, location);
  if (!BINDING_NAME.test(value)) return fail(`!capture ${JSON.stringify(value)}: not a binding name`, location, BINDING_NAME_HINT);
  return ok(value);
}

/** `!same $(pv)`, `!differs $(ip)`, `!same pvc-$(uid)`: the argument is text with binding references. */
function comparingMatcher(name: MatcherKind, node: Node, location: SourceLocation, ok: (arg: unknown) => MatcherResult): MatcherResult {
  const value = isScalar(node) && !isEmpty(node) ? untaggedScalar(node) : undefined;
  if (typeof value !== 'string' || !hasReference(value)) {
    const bare = typeof value === 'string' && BINDING_NAME.test(value) ? `; did you mean !${name} $(${value})?` : '';
    const got = value === undefined ? (isSeq(node) ? ', got a list' : isEmpty(node) ? '' : ', got a map') : `, got ${JSON.stringify(value)}`;
    return fail(`!${name} compares with a captured value, written $(name): e.g. !${name} $(pv) or !${name} pvc-$(uid)${bare || got}`, location, 'capture the value in an earlier expect step with !capture <name>');
  }
  const parsed = parseTemplate(value);
  if ('error' in parsed) return fail(`!${name} ${value}: ${parsed.error}`, location);
  return ok(value);
}

function regexMatcher(node: Node, location: SourceLocation, ok: (arg: unknown) => MatcherResult): MatcherResult {
  if (!isScalar(node) || isEmpty(node)) return fail('!regex needs a pattern, e.g. !regex "^web-[0-9]+$"', location);
  const pattern = node.type === 'PLAIN' && typeof node.source === 'string' ? node.source : String(node.value);
  const compiled = compilePattern(pattern);
  if ('error' in compiled) return fail(`!regex ${JSON.stringify(pattern)} is not a valid RE2 pattern: ${compiled.error}`, location, RE2_HINT);
  return ok(pattern);
}

function comparisonMatcher(name: MatcherKind, node: Node, location: SourceLocation, ok: (arg: unknown) => MatcherResult): MatcherResult {
  const value = isScalar(node) ? untaggedScalar(node) : undefined;
  if (typeof value === 'number' || (typeof value === 'string' && isQuantity(value))) return ok(value);
  return fail(`!${name} needs a number or a quantity (2, 500m, 1Gi)${value === undefined ? '' : `, got ${JSON.stringify(value)}`}`, location);
}
