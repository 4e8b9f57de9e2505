/**
 * Reading untyped manifests. Validation must cope with anything a user writes, so it reads through
 * these instead of trusting the kubernetes-types shapes.
 */

export type Obj = Record<string, unknown>;

export function isObj(x: unknown): x is Obj {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** The object at `x`, or an empty one (a missing struct is Go's zero value). */
export function obj(x: unknown): Obj {
  return isObj(x) ? x : {};
}

export function arr(x: unknown): unknown[] {
  return Array.isArray(x) ? x : [];
}

export function objs(x: unknown): Obj[] {
  return arr(x).map(obj);
}

/** A string field; Go's zero value "" when absent. */
export function str(x: unknown): string {
  return typeof x === 'string' ? x : x === undefined || x === null ? '' : String(x);
}

/** An optional string pointer: undefined when absent. */
export function optStr(x: unknown): string | undefined {
  return x === undefined || x === null ? undefined : str(x);
}

/** An integer field; Go's zero value 0 when absent. */
export function num(x: unknown): number {
  return typeof x === 'number' ? x : typeof x === 'string' && x.trim() !== '' && !isNaN(Number(x)) ? Number(x) : 0;
}

export function optNum(x: unknown): number | undefined {
  return x === undefined || x === null ? undefined : num(x);
}

export function strMap(x: unknown): Record<string, string> | undefined {
  if (!isObj(x)) return undefined;
  return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, str(v)]));
}

/** Keys in a fixed order: Go iterates maps randomly, we sort so output is stable. */
export function sortedKeys(m: Obj | Record<string, string> | undefined): string[] {
  return Object.keys(m ?? {}).sort();
}

/** An own field that is set (a user's key such as `constructor` is not found on Object.prototype). */
export const has = (o: Obj, k: string): boolean => Object.hasOwn(o, k) && o[k] !== undefined && o[k] !== null;
