/**
 * Field patterns: a path into an object where '*' walks every item of a list
 * (['containers', '*', 'restartPolicyRules']) and '{}' every value of a map.
 */
export type ConcretePath = (string | number)[];

/** The concrete paths of `pattern` that hold a value (null and empty lists count as absent). */
export function presentPaths(value: unknown, pattern: readonly string[], at: ConcretePath = []): ConcretePath[] {
  const found: ConcretePath[] = [];
  walkPresent(value, pattern, 0, [...at], (path) => {
    found.push([...path]);
    return false;
  });
  return found;
}

/**
 * Whether some concrete path of `pattern` holds a value (that `accept` takes): presentPaths(...)
 * is not empty, found without building the paths and stopping at the first. The API server asks
 * this of every gated pod field on every pod and template write, and most are absent.
 */
export function anyPresent(value: unknown, pattern: readonly string[], accept?: (value: unknown) => boolean): boolean {
  return walkPresent(value, pattern, 0, [], (_path, found) => !accept || accept(found));
}

/** Called with each present path (the shared buffer) and its value; true stops the walk. */
type Visit = (path: ConcretePath, value: unknown) => boolean;

/**
 * Depth-first, in the order of the list items and map entries, on one path buffer that a visitor
 * copies if it keeps it: a new array per level (the pattern's rest, the path so far) was most of
 * what this cost. Returns true when the visitor stopped it.
 */
function walkPresent(value: unknown, pattern: readonly string[], depth: number, at: ConcretePath, visit: Visit): boolean {
  if (depth === pattern.length) {
    return !(value === undefined || value === null || (Array.isArray(value) && !value.length)) && visit(at, value);
  }
  if (value === null || typeof value !== 'object') return false;
  const head = pattern[depth]!;
  if (head === '*') {
    if (!Array.isArray(value)) return false;
    for (let i = 0; i < value.length; i++) if (descend(value[i], i, pattern, depth, at, visit)) return true;
    return false;
  }
  if (head === '{}') {
    if (Array.isArray(value)) return false;
    for (const [key, item] of Object.entries(value)) if (descend(item, key, pattern, depth, at, visit)) return true;
    return false;
  }
  return descend((value as Record<string, unknown>)[head], head, pattern, depth, at, visit);
}

function descend(item: unknown, key: string | number, pattern: readonly string[], depth: number, at: ConcretePath, visit: Visit): boolean {
  at.push(key);
  const stopped = walkPresent(item, pattern, depth + 1, at, visit);
  at.pop();
  return stopped;
}

/** "spec.containers[0].restartPolicyRules" */
export function dottedPath(path: ConcretePath): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i ? `.${p}` : p)).join('');
}

/** The value at a concrete path (undefined when the path leads nowhere). */
export function valueAt(root: unknown, path: ConcretePath): unknown {
  return path.reduce<unknown>((at, key) => (at !== null && typeof at === 'object' ? (at as Record<string | number, unknown>)[key] : undefined), root);
}
