/**
 * Field patterns: a path into an object where '*' walks every item of a list
 * (['containers', '*', 'restartPolicyRules']) and '{}' every value of a map.
 */
export type ConcretePath = (string | number)[];

/** The concrete paths of `pattern` that hold a value (null and empty lists count as absent). */
export function presentPaths(value: unknown, pattern: readonly string[], at: ConcretePath = []): ConcretePath[] {
  const found: ConcretePath[] = [];
  collectPresent(value, pattern, 0, [...at], found);
  return found;
}

/**
 * Depth-first, in the order of the list items and map entries, on one path buffer copied only for
 * a match: the API server checks every gated field of every pod write this way, and a new array
 * per level (the pattern's rest, the path so far) was most of what that cost.
 */
function collectPresent(value: unknown, pattern: readonly string[], depth: number, at: ConcretePath, found: ConcretePath[]): void {
  if (depth === pattern.length) {
    if (!(value === undefined || value === null || (Array.isArray(value) && !value.length))) found.push([...at]);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const head = pattern[depth]!;
  if (head === '*') {
    if (!Array.isArray(value)) return;
    for (let i = 0; i < value.length; i++) descend(value[i], i, pattern, depth, at, found);
  } else if (head === '{}') {
    if (Array.isArray(value)) return;
    for (const [key, item] of Object.entries(value)) descend(item, key, pattern, depth, at, found);
  } else descend((value as Record<string, unknown>)[head], head, pattern, depth, at, found);
}

function descend(item: unknown, key: string | number, pattern: readonly string[], depth: number, at: ConcretePath, found: ConcretePath[]): void {
  at.push(key);
  collectPresent(item, pattern, depth + 1, at, found);
  at.pop();
}

/** "spec.containers[0].restartPolicyRules" */
export function dottedPath(path: ConcretePath): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i ? `.${p}` : p)).join('');
}

/** The value at a concrete path (undefined when the path leads nowhere). */
export function valueAt(root: unknown, path: ConcretePath): unknown {
  return path.reduce<unknown>((at, key) => (at !== null && typeof at === 'object' ? (at as Record<string | number, unknown>)[key] : undefined), root);
}
