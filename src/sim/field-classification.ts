/**
 * Reading the field inventory (field-inventory.ts): which rule classifies a field path of a kind,
 * and every path of a release's table with its rule.
 */
import { fieldPaths } from '../kube/field-paths';
import type { KubeVersion } from '../kube/version';
import { KINDS, SECTIONS, type FieldRule, type Rules } from './field-inventory';

/** A rule that is not a `see`, with where it was written. */
export type Classified = Exclude<FieldRule, { is: 'see' }> & {
  /** the rule's scope: the kind (`apps/v1 Deployment`) or the section (`pod spec`) */
  scope: string;
  /** the rule's path in its scope ('' for the whole scope) */
  key: string;
};

/**
 * The rule for `path` of `kindKey`, through `see` sections; undefined when nothing classifies it
 * (the kind is not in the inventory, or no rule is a prefix of the path).
 */
export function classify(kindKey: string, path: string): Classified | undefined {
  // the inventory is fixed, and each release's table repeats most paths of the one before
  const key = `${kindKey}\u0000${path}`;
  if (classified.has(key)) return classified.get(key);
  const last = trace(kindKey, path).at(-1);
  const rule = last && last.is !== 'see' ? (last as Classified) : undefined;
  classified.set(key, rule);
  return rule;
}

const classified = new Map<string, Classified | undefined>();

export type TraceStep = FieldRule & {
  scope: string;
  key: string;
  /** the rule's path in the object: the `see` prefixes followed, then its key */
  at: string;
};

/** Every rule met on the way to `path`'s: the `see` rules followed, then the one that classifies it. */
export function trace(kindKey: string, path: string): TraceStep[] {
  const steps: TraceStep[] = [];
  let rules: Rules | undefined = Object.hasOwn(KINDS, kindKey) ? KINDS[kindKey] : undefined;
  let scope = kindKey;
  let rest = path;
  while (rules) {
    const key = longestPrefix(rules, rest);
    if (key === undefined) break;
    const rule = rules[key]!;
    const base = path.slice(0, path.length - rest.length).replace(/\.$/, '');
    steps.push({ ...rule, scope, key, at: [base, key].filter(Boolean).join('.') });
    if (rule.is !== 'see') break;
    rules = SECTIONS[rule.section];
    scope = rule.section;
    rest = rest.slice(key.length).replace(/^\./, '');
  }
  return steps;
}

/** The longest rule path that is `path` or one of its parents ('' is every path's parent). */
function longestPrefix(rules: Rules, path: string): string | undefined {
  let best: string | undefined;
  for (const key of Object.keys(rules)) {
    if (!isPrefix(key, path)) continue;
    if (best === undefined || key.length > best.length) best = key;
  }
  return best;
}

/** `spec` is a prefix of `spec.replicas` and of `spec[*]`, not of `specs`. */
export function isPrefix(prefix: string, path: string): boolean {
  if (prefix === '' || prefix === path) return true;
  return path.startsWith(prefix) && (path[prefix.length] === '.' || path[prefix.length] === '[' || path[prefix.length] === '{');
}

export interface PathStatus {
  path: string;
  rule: Classified | undefined;
}

/** Every field path of `kindKey` in `version`'s table, with the rule that classifies it. */
export function classifiedPaths(kindKey: string, version: KubeVersion): PathStatus[] {
  return fieldPaths(kindKey, version).map(({ path }) => ({ path, rule: classify(kindKey, path) }));
}
