/**
 * Scenario results cross from a worker thread to the main thread by structured clone, which
 * keeps plain data but drops classes: a Matcher in a failure's expected document would arrive as
 * a plain object and be reported differently. Matchers travel tagged and are rebuilt on arrival,
 * with the captured value a `!same $(pv)` was compared with (plain data).
 */
import { Matcher, isMatcher } from '../check/matchers';

const TAG = '$kscenarioMatcher';

export function toWire<T>(value: T): T {
  return walk(value, (v) => (isMatcher(v) ? { [TAG]: { kind: v.kind, arg: toWire(v.arg), location: v.location, resolved: v.resolved } } : undefined)) as T;
}

export function fromWire<T>(value: T): T {
  return walk(value, (v) => {
    const tagged = (v as Record<string, unknown>)[TAG] as Pick<Matcher, 'kind' | 'arg' | 'location' | 'resolved'> | undefined;
    return tagged ? new Matcher(tagged.kind, fromWire(tagged.arg), tagged.location, tagged.resolved) : undefined;
  }) as T;
}

/** A copy of plain data (key order and undefined values kept) in which `replace` may swap any object. */
function walk(value: unknown, replace: (v: object) => unknown): unknown {
  if (!value || typeof value !== 'object') return value;
  const replaced = replace(value);
  if (replaced !== undefined) return replaced;
  if (Array.isArray(value)) return value.map((v) => walk(v, replace));
  const out: Record<string, unknown> = {};
  // defineProperty: a key named __proto__ (user data) stays a key, not a prototype
  for (const [k, v] of Object.entries(value)) Object.defineProperty(out, k, { value: walk(v, replace), enumerable: true, writable: true, configurable: true });
  return out;
}
