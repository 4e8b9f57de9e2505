/**
 * The observed value cut down to the shape the user wrote, for reports: a failed check shows the
 * observed object "projected onto the keys that were written" rather than the whole object.
 */
import { isMatcher, type Matcher } from './matchers';
import { findByKey, listKey, matches } from './match';
import { isPlainObject } from './yaml-text';
import { ownValue, setOwn } from '../own-keys';

/**
 * - maps: only the written keys (missing ones are left out);
 * - keyed lists (see `listKey`): the observed elements with the written keys, in the written
 *   order; elements not written are left out;
 * - other lists: element by element, plus any observed elements beyond the written length
 *   (they are what makes the lengths differ);
 * - scalars, and values whose type differs from what was written: the observed value whole;
 * - matchers: `!not x` projects onto x, `!same $(b)` onto b's captured value, `!oneOf` onto the
 *   alternative that matches (or the first one of the same type), `!contains [maps]` projects
 *   every observed element onto the keys of the written maps; other matchers show the observed
 *   value whole.
 */
export function project(expected: unknown, observed: unknown): unknown {
  if (observed === undefined) return undefined;
  if (isMatcher(expected)) return projectMatcher(expected, observed);
  if (Array.isArray(expected)) return Array.isArray(observed) ? projectList(expected, observed) : observed;
  if (isPlainObject(expected)) return isPlainObject(observed) ? projectMap(expected, observed) : observed;
  return observed;
}

function projectMap(expected: Record<string, unknown>, observed: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(expected)) {
    if (!Object.hasOwn(observed, key)) continue;
    const value = project(expected[key], observed[key]);
    if (value !== undefined) setOwn(out, key, value);
  }
  return out;
}

function projectList(expected: unknown[], observed: unknown[]): unknown[] {
  const key = listKey(expected);
  if (key) {
    return (expected as Array<Record<string, unknown>>).flatMap((element) => {
      const found = findByKey(observed, key, element[key]);
      return found === undefined ? [] : [project(element, found)];
    });
  }
  return observed.map((o, i) => (i < expected.length ? project(expected[i], o) : o));
}

function projectMatcher(m: Matcher, observed: unknown): unknown {
  switch (m.kind) {
    case 'not':
      return project(m.arg, observed);
    case 'same':
      return m.resolved ? project(m.resolved.value, observed) : observed;
    case 'oneOf': {
      const alternatives = Array.isArray(m.arg) ? m.arg : [m.arg];
      const chosen = alternatives.find((a) => matches(a, observed)) ?? alternatives.find((a) => sameShape(a, observed));
      return chosen === undefined ? observed : project(chosen, observed);
    }
    case 'contains': {
      const written = (Array.isArray(m.arg) ? m.arg : [m.arg]).filter(isPlainObject);
      if (!Array.isArray(observed) || written.length === 0) return observed;
      const shape = mergeShapes(written);
      return observed.map((o) => (isPlainObject(o) ? project(shape, o) : o));
    }
    default:
      return observed;
  }
}

function sameShape(expected: unknown, observed: unknown): boolean {
  if (Array.isArray(expected)) return Array.isArray(observed);
  if (isPlainObject(expected)) return isPlainObject(observed);
  return false;
}

/** One map holding the keys of all given maps (nested maps merged, otherwise the first wins). */
function mergeShapes(maps: Array<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const map of maps) {
    for (const [key, value] of Object.entries(map)) {
      const prior = ownValue(out, key);
      if (prior === undefined) setOwn(out, key, value);
      else if (isPlainObject(prior) && isPlainObject(value)) setOwn(out, key, mergeShapes([prior, value]));
    }
  }
  return out;
}

/**
 * The observed projection prepared for a diff against `expected`: every part that matches is
 * replaced by the expected text, so the diff marks only real differences (a matched `!gte 2`
 * against 3, `1Gi` against `1024Mi`, or a satisfied `!absent` show as unchanged lines).
 */
export function alignForDiff(expected: unknown, observed: unknown): unknown {
  if (matches(expected, observed)) return expected;
  if (isMatcher(expected) || observed === undefined) return observed;
  if (Array.isArray(expected) && Array.isArray(observed)) return alignList(expected, observed);
  if (isPlainObject(expected) && isPlainObject(observed)) return alignMap(expected, observed);
  return observed;
}

function alignMap(expected: Record<string, unknown>, observed: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const keys = new Set([...Object.keys(observed), ...Object.keys(expected)]);
  for (const key of keys) {
    const value = Object.hasOwn(expected, key) ? alignForDiff(expected[key], ownValue(observed, key)) : observed[key];
    if (value !== undefined) setOwn(out, key, value);
  }
  return out;
}

function alignList(expected: unknown[], observed: unknown[]): unknown[] {
  const key = listKey(expected);
  if (!key) return observed.map((o, i) => (i < expected.length ? alignForDiff(expected[i], o) : o));
  // Observed elements in the written order, each aligned with the written element of its key.
  const used = new Set<unknown>();
  const out: unknown[] = [];
  for (const element of expected as Array<Record<string, unknown>>) {
    const found = findByKey(observed, key, element[key]);
    if (found === undefined || used.has(found)) continue;
    used.add(found);
    out.push(alignForDiff(element, found));
  }
  return [...out, ...observed.filter((o) => !used.has(o))];
}
