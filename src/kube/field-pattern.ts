/**
 * Field patterns: a path into an object where '*' walks every item of a list
 * (['containers', '*', 'restartPolicyRules']) and '{}' every value of a map.
 */
export type ConcretePath = (string | number)[];

/** The concrete paths of `pattern` that hold a value (null and empty lists count as absent). */
export function presentPaths(value: unknown, pattern: readonly string[], at: ConcretePath = []): ConcretePath[] {
  if (!pattern.length) return value === undefined || value === null || (Array.isArray(value) && !value.length) ? [] : [at];
  if (value === null || typeof value !== 'object') return [];
  const [head, ...rest] = pattern as [string, ...string[]];
  if (head === '*') return Array.isArray(value) ? value.flatMap((item, i) => presentPaths(item, rest, [...at, i])) : [];
  if (head === '{}') return Array.isArray(value) ? [] : Object.entries(value).flatMap(([key, item]) => presentPaths(item, rest, [...at, key]));
  return presentPaths((value as Record<string, unknown>)[head], rest, [...at, head]);
}

/** "spec.containers[0].restartPolicyRules" */
export function dottedPath(path: ConcretePath): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i ? `.${p}` : p)).join('');
}

/** The value at a concrete path (undefined when the path leads nowhere). */
export function valueAt(root: unknown, path: ConcretePath): unknown {
  return path.reduce<unknown>((at, key) => (at !== null && typeof at === 'object' ? (at as Record<string | number, unknown>)[key] : undefined), root);
}
