/**
 * Matching an expected value (what the user wrote, possibly holding Matchers) against an observed
 * one. Returns every mismatch, not just the first, so a report can list them all.
 *
 * Rules (scenario format, "Matching rules"), and the choices made where the format is silent:
 * - Maps: every written key must be present and match; other observed keys are ignored. A missing
 *   or null map is read as `{}` (Kubernetes omits empty fields), so `status: {podIP: !absent}`
 *   holds on an object without status; any other mismatch under a missing map is reported once,
 *   as the map missing. An empty map written (`running: {}`) means "present": a map that holds
 *   nothing to compare would otherwise match a missing one, and writers use it to say "the
 *   container is running" (write `!absent` for the opposite).
 * - A missing field where `0`, `false` or `""` is expected is a mismatch, as any missing value is;
 *   the message says that the API omits such zero values and how to write "zero or omitted".
 * - Lists: when every expected element is a map with a scalar `name` (containers, ports, env,
 *   volumes) the list is matched by name, order ignored; failing that, by `type` (conditions,
 *   addresses). A keyed element missing from the observed list is a mismatch; extra observed
 *   elements are ignored. Any other list must match element by element with the same length.
 *   A missing or null list is read as `[]`.
 * - Scalars are equal when they are identical, or
 *   - one side is a boolean and the other the same word as a string in any case: conditions say
 *     `status: "True"`, and YAML reads an unquoted `True` as a boolean;
 *   - both parse as Kubernetes quantities and one side is a number or carries a unit suffix or
 *     exponent (`1Gi` = `1024Mi`, `500m` = `0.5`, `"4"` = 4, `2` = `2000m`). Two suffix-less
 *     strings compare as text: `"1.16"` ≠ `"1.160"` (label values and versions are text; the API
 *     server writes quantities in canonical form, so a user writing a plain-number string for a
 *     quantity writes the canonical text anyway).
 *   - `null` expected matches a missing or null observed value.
 * - Matchers: see `matchMatcher` below.
 */
import { parseQuantity } from '../kube/quantity';
import { snapshot, type Captured } from './bindings';
import { isMatcher, type Matcher } from './matchers';
import { compilePattern } from './regex';
import { ownValue } from '../own-keys';
import { isPlainObject, toInlineYaml } from './yaml-text';

export type PathSegment = string | number;

export interface Mismatch {
  /**
   * Where in the expected value, as the user wrote it: map keys and indices of the expected list
   * (for keyed lists too), so the runner can point at the line of the scenario file.
   */
  path: PathSegment[];
  /** The field as shown to users: `spec.containers[name=nginx].image`, `metadata.labels["app.kubernetes.io/name"]`. */
  field: string;
  expected: unknown;
  /** undefined when the observed value is missing */
  observed: unknown;
  message: string;
}

/**
 * A position in both forms (the expected-document path and the display field), and whether only
 * a yes/no answer is wanted: then the first mismatch ends the walk and no message is formatted
 * (history replay tests objects at every change; formatting YAML there would dominate).
 */
interface At {
  path: PathSegment[];
  field: string;
  quick: boolean;
  /** where `!capture` puts what it finds (left out where nothing is to be captured) */
  captured?: Captured;
}

/** Every mismatch; values that `!capture` tags find go into `captured` when it is given. */
export function matchValue(expected: unknown, observed: unknown, path: PathSegment[] = [], captured?: Captured): Mismatch[] {
  return matchAt(expected, observed, { path, field: fieldOf(path), quick: false, captured });
}

/** True when `matchValue` would find nothing; stops at the first mismatch. */
export function matches(expected: unknown, observed: unknown): boolean {
  return matchAt(expected, observed, QUICK).length === 0;
}

const QUICK: At = { path: [], field: '', quick: true };

function matchAt(expected: unknown, observed: unknown, at: At): Mismatch[] {
  if (isMatcher(expected)) return matchMatcher(expected, observed, at);
  if (Array.isArray(expected)) return matchList(expected, observed, at);
  if (isPlainObject(expected)) return matchMap(expected, observed, at);
  if (scalarsEqual(expected, observed)) return [];
  return [mismatch(at, expected, observed, () => expectedButObserved(expected, observed))];
}

function matchMap(expected: Record<string, unknown>, observed: unknown, at: At): Mismatch[] {
  if (observed === undefined || observed === null) {
    if (Object.keys(expected).length === 0) return [mismatch(at, expected, observed, EMPTY_MAP_MISSING)];
    const inside = matchMapEntries(expected, {}, { ...at, quick: true });
    return inside.length === 0 ? [] : [mismatch(at, expected, observed, () => `missing, expected ${toInlineYaml(expected)}`)];
  }
  if (!isPlainObject(observed)) return [mismatch(at, expected, observed, () => `expected a map, observed ${toInlineYaml(observed)}`)];
  return matchMapEntries(expected, observed, at);
}

function matchMapEntries(expected: Record<string, unknown>, observed: Record<string, unknown>, at: At): Mismatch[] {
  return collect(Object.keys(expected), at, (key) => matchAt(expected[key], ownValue(observed, key), childKey(at, key)));
}

/** Mismatches of every part, or in quick mode only the first one found. */
function collect<T>(parts: readonly T[], at: At, check: (part: T, i: number) => Mismatch[]): Mismatch[] {
  const out: Mismatch[] = [];
  for (let i = 0; i < parts.length; i++) {
    out.push(...check(parts[i]!, i));
    if (at.quick && out.length > 0) break;
  }
  return out;
}

function matchList(expected: unknown[], observed: unknown, at: At): Mismatch[] {
  const list = observed === undefined || observed === null ? [] : observed;
  if (!Array.isArray(list)) return [mismatch(at, expected, observed, () => `expected a list, observed ${toInlineYaml(observed)}`)];
  const key = listKey(expected);
  return key ? matchKeyedList(expected as Array<Record<string, unknown>>, list, key, at) : matchPositionalList(expected, list, at);
}

function matchKeyedList(expected: Array<Record<string, unknown>>, observed: unknown[], key: string, at: At): Mismatch[] {
  return collect(expected, at, (element, i) => {
    const where = childKeyed(at, i, key, element[key]);
    const found = findByKey(observed, key, element[key]);
    if (found === undefined) return [mismatch(where, element, undefined, () => `missing: no element with ${key}=${String(element[key])}`)];
    return matchAt(element, found, where);
  });
}

function matchPositionalList(expected: unknown[], observed: unknown[], at: At): Mismatch[] {
  if (expected.length !== observed.length) {
    const lengths = mismatch(at, expected, observed, () => `expected ${count(expected.length, 'element')}, observed ${observed.length}: ${toInlineYaml(observed)}`);
    if (at.quick) return [lengths];
    const common = expected.slice(0, observed.length);
    return [lengths, ...collect(common, at, (e, i) => matchAt(e, observed[i], childIndex(at, i)))];
  }
  return collect(expected, at, (e, i) => matchAt(e, observed[i], childIndex(at, i)));
}

/**
 * The key a list of expected maps is matched by: `name` when every element has a scalar name,
 * else `type` likewise, else none (positional). An empty list is positional: it must be empty.
 */
export function listKey(expected: unknown[]): 'name' | 'type' | undefined {
  if (expected.length === 0) return undefined;
  for (const key of ['name', 'type'] as const) {
    if (expected.every((e) => isPlainObject(e) && isScalarKey(e[key]))) return key;
  }
  return undefined;
}

/** The first observed element whose key equals `value` (compared as text). */
export function findByKey(observed: unknown[], key: string, value: unknown): Record<string, unknown> | undefined {
  const wanted = String(value);
  return observed.find((o): o is Record<string, unknown> => isPlainObject(o) && isScalarKey(o[key]) && String(o[key]) === wanted);
}

function isScalarKey(v: unknown): v is string | number {
  return typeof v === 'string' || typeof v === 'number';
}

// ---------------------------------------------------------------------------------------------
// Matchers
// - !regex p: the observed value must be a string, number or boolean (numbers and booleans are
//   tested as their text: a port or replica count may be written either way) and the pattern
//   must be found in it (RE2 syntax, linear time: see ./regex; unanchored: write ^ and $ to anchor).
// - !gte !lte !gt !lt n: numbers or quantities on both sides, compared by value.
// - !oneOf [a, b]: any alternative matches; alternatives may be maps, lists or matchers.
// - !not x: x does not match (so `!not worker-1` holds on a missing field).
// - !contains [a, b]: the observed list (missing = []) has a distinct element matching each
//   expected element (a bipartite matching, so `!contains [x, x]` needs two); a single
//   non-list argument means a one-element list.
// - !exists: present and not null. !absent: missing or null. !any: anything, even missing.
// - !capture name: present and not null, like !exists; the value found is captured (bindings.ts).
// - !same $(name): matches the captured value as if it were written here (maps as subsets, 1Gi =
//   1024Mi). !differs $(name): present, and does not match it — "the new pod IP differs" means
//   the pod has an IP, so a missing value does not differ (unlike !not).

function matchMatcher(m: Matcher, observed: unknown, at: At): Mismatch[] {
  const fail = (message: string | (() => string)) => [mismatch(at, m, observed, message)];
  const quick = { ...at, quick: true, captured: undefined };
  switch (m.kind) {
    case 'any':
      return [];
    case 'exists':
      return observed === undefined || observed === null ? fail('missing, expected a value') : [];
    case 'absent':
      return observed === undefined || observed === null ? [] : fail(() => `expected absent, observed ${toInlineYaml(observed)}`);
    case 'regex':
      return matchRegex(m, observed, fail);
    case 'gte':
    case 'lte':
    case 'gt':
    case 'lt':
      return matchComparison(m, observed, fail);
    case 'oneOf':
      return asList(m.arg).some((alt) => matchAt(alt, observed, quick).length === 0) ? [] : fail(() => expectedButObserved(m, observed));
    case 'not':
      return matchAt(m.arg, observed, quick).length === 0 ? fail(() => `expected ${toInlineYaml(m)}, observed ${toInlineYaml(observed)}`) : [];
    case 'contains':
      return matchContains(m, observed, at);
    case 'capture':
      if (observed === undefined || observed === null) return fail(`missing, expected a value to capture as ${String(m.arg)}`);
      at.captured?.set(String(m.arg), { value: snapshot(observed), path: at.path });
      return [];
    case 'same':
    case 'differs':
      return matchBinding(m, observed, quick, fail);
  }
}

function matchBinding(m: Matcher, observed: unknown, quick: At, fail: Fail): Mismatch[] {
  if (!m.resolved) return fail(`${m.toString()} was not filled in with its captured value`);
  const value = m.resolved.value;
  const shown = () => `${toInlineYaml(value)} (${String(m.arg)})`;
  const same = matchAt(value, observed, quick).length === 0;
  if (m.kind === 'same') return same ? [] : fail(() => expectedButObserved(shown(), observed, false));
  if (observed === undefined || observed === null) return fail(() => `missing, expected a value other than ${shown()}`);
  return same ? fail(() => `expected a value other than ${shown()}, observed ${toInlineYaml(observed)}`) : [];
}

type Fail = (message: string | (() => string)) => Mismatch[];

function matchRegex(m: Matcher, observed: unknown, fail: Fail): Mismatch[] {
  const compiled = compilePattern(String(m.arg));
  if ('error' in compiled) return fail(`invalid regular expression ${JSON.stringify(m.arg)}: ${compiled.error}`);
  if (typeof observed !== 'string' && typeof observed !== 'number' && typeof observed !== 'boolean') {
    return fail(() => expectedButObserved(m, observed));
  }
  return compiled.regex.test(String(observed)) ? [] : fail(() => expectedButObserved(m, observed));
}

const COMPARISONS = { gte: (c: number) => c >= 0, lte: (c: number) => c <= 0, gt: (c: number) => c > 0, lt: (c: number) => c < 0 };

function matchComparison(m: Matcher, observed: unknown, fail: Fail): Mismatch[] {
  const bound = asQuantity(m.arg);
  if (bound === undefined) return fail(`invalid !${m.kind} argument ${JSON.stringify(m.arg)}: not a number or quantity`);
  const value = asQuantity(observed);
  if (value === undefined) return fail(() => expectedButObserved(m, observed));
  const holds = COMPARISONS[m.kind as keyof typeof COMPARISONS](compareNumbers(value, bound));
  return holds ? [] : fail(() => expectedButObserved(m, observed));
}

function matchContains(m: Matcher, observed: unknown, at: At): Mismatch[] {
  const list = observed === undefined || observed === null ? [] : observed;
  if (!Array.isArray(list)) return [mismatch(at, m, observed, () => `expected a list, observed ${toInlineYaml(observed)}`)];
  const wanted = asList(m.arg);
  const fits = wanted.map((w) => list.map((o) => matches(w, o)));
  const assigned = maximumMatching(fits, list.length);
  return collect(wanted, at, (w, i) =>
    assigned[i] === undefined
      ? [mismatch(childIndex(at, i), w, observed, () => `no element matches ${toInlineYaml(w)} in ${toInlineYaml(observed)}`)]
      : [],
  );
}

/**
 * Kuhn's augmenting-path bipartite matching: for each expected element i, the observed element
 * assigned to it (undefined when none is left). Lists here are short; O(E·V) is fine.
 */
function maximumMatching(fits: boolean[][], observedCount: number): Array<number | undefined> {
  const ownerOf: Array<number | undefined> = new Array(observedCount).fill(undefined);
  const tryAssign = (i: number, seen: boolean[]): boolean => {
    for (let j = 0; j < observedCount; j++) {
      if (!fits[i]![j] || seen[j]) continue;
      seen[j] = true;
      if (ownerOf[j] === undefined || tryAssign(ownerOf[j]!, seen)) {
        ownerOf[j] = i;
        return true;
      }
    }
    return false;
  };
  fits.forEach((_, i) => tryAssign(i, new Array(observedCount).fill(false)));
  const result: Array<number | undefined> = new Array(fits.length).fill(undefined);
  ownerOf.forEach((i, j) => {
    if (i !== undefined) result[i] = j;
  });
  return result;
}

// ---------------------------------------------------------------------------------------------
// Scalars

export function scalarsEqual(expected: unknown, observed: unknown): boolean {
  if (expected === observed) return true;
  if ((expected === null || expected === undefined) && (observed === null || observed === undefined)) return true;
  if (typeof expected === 'boolean' || typeof observed === 'boolean') {
    const e = booleanText(expected);
    return e !== undefined && e === booleanText(observed);
  }
  if (comparableAsQuantities(expected, observed)) return compareNumbers(asQuantity(expected)!, asQuantity(observed)!) === 0;
  return false;
}

function booleanText(v: unknown): string | undefined {
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase();
  return undefined;
}

function comparableAsQuantities(a: unknown, b: unknown): boolean {
  if (asQuantity(a) === undefined || asQuantity(b) === undefined) return false;
  return typeof a === 'number' || typeof b === 'number' || hasUnit(a as string) || hasUnit(b as string);
}

/** A suffix (Mi, m, k) or exponent (1e3) after the number. */
function hasUnit(text: string): boolean {
  return /[^\d.]/.test(text.trim().replace(/^[+-]/, ''));
}

export function asQuantity(v: unknown): number | undefined {
  if (typeof v !== 'number' && typeof v !== 'string') return undefined;
  return parseQuantity(v);
}

/**
 * -1, 0 or 1, with values within a relative 1e-9 counted as equal: parseQuantity multiplies in
 * floating point, so `300m` and `0.3` may differ in the last bit.
 */
export function compareNumbers(a: number, b: number): number {
  if (Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b))) return 0;
  return a < b ? -1 : 1;
}

// ---------------------------------------------------------------------------------------------
// Paths and messages

function asList(arg: unknown): unknown[] {
  return Array.isArray(arg) ? arg : [arg];
}

/** The message is built only when it will be read (not in quick mode). */
function mismatch(at: At, expected: unknown, observed: unknown, message: string | (() => string)): Mismatch {
  const text = at.quick ? '' : typeof message === 'string' ? message : message();
  return { path: at.path, field: at.field, expected, observed, message: text };
}

const EMPTY_MAP_MISSING = 'missing, expected {} (present; write !absent to expect it missing)';

/** `expected` is shown as YAML, or as it is when it is already text for a message (`asYaml` false). */
function expectedButObserved(expected: unknown, observed: unknown, asYaml = true): string {
  const e = asYaml ? toInlineYaml(expected) : String(expected);
  if (observed === undefined && isZeroValue(expected)) {
    return `missing, expected ${e} (the API omits a field whose value is ${e}: write !oneOf [${e}, !absent] to accept either, or !absent)`;
  }
  if (observed === undefined) return `missing, expected ${e}`;
  return `expected ${e}, observed ${toInlineYaml(observed)}`;
}

/** Go's zero values, which the API's `omitempty` fields leave out: 0, false, "". */
function isZeroValue(v: unknown): boolean {
  return v === 0 || v === false || v === '';
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function childKey(at: At, key: string): At {
  return at.quick ? at : { path: [...at.path, key], field: joinField(at.field, key), quick: false, captured: at.captured };
}

function childIndex(at: At, i: number): At {
  return at.quick ? at : { path: [...at.path, i], field: `${at.field}[${i}]`, quick: false, captured: at.captured };
}

function childKeyed(at: At, i: number, key: string, value: unknown): At {
  return at.quick ? at : { path: [...at.path, i], field: `${at.field}[${key}=${String(value)}]`, quick: false, captured: at.captured };
}

function joinField(field: string, key: string): string {
  if (!/^[A-Za-z_][\w-]*$/.test(key)) return `${field}[${JSON.stringify(key)}]`;
  return field ? `${field}.${key}` : key;
}

/** Display form of a plain path: `spec.containers[0].image`. */
export function fieldOf(path: PathSegment[]): string {
  return path.reduce<string>((field, seg) => (typeof seg === 'number' ? `${field}[${seg}]` : joinField(field, seg)), '');
}
