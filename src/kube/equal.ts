/** Structural equality and freezing for plain JSON data (key order ignored). */

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], bb[i])) return false;
    return true;
  }
  return deepEqualExcept(a as Record<string, unknown>, b as Record<string, unknown>);
}

/** deepEqual of two maps, leaving out the keys in `skip` (as if both had them undefined). */
export function deepEqualExcept(a: Record<string, unknown>, b: Record<string, unknown>, skip?: ReadonlySet<string>): boolean {
  // Counted in place, not through filtered key arrays: the store and the kubelet compare whole
  // objects on most writes, and two arrays per node were a steady share of the garbage. for-in
  // rather than Object.keys for the same reason (it allocates no array); on these plain JSON maps
  // it visits the same own keys in the same order, as nothing they inherit is enumerable.
  let defined = 0;
  for (const k in a) {
    const av = a[k];
    if (av === undefined || skip?.has(k)) continue;
    defined++;
    if (!deepEqual(av, b[k])) return false;
  }
  return defined === definedKeys(b, skip);
}

/** How many own keys of `o` outside `skip` hold a value other than undefined. */
function definedKeys(o: Record<string, unknown>, skip?: ReadonlySet<string>): number {
  let n = 0;
  for (const k in o) if (o[k] !== undefined && !skip?.has(k)) n++;
  return n;
}

/**
 * Freezes a JSON tree. Subtrees already frozen are skipped, so an object built by spreading an
 * old (frozen) one costs only its new parts.
 */
export function deepFreeze<T>(o: T): T {
  if (typeof o !== 'object' || o === null || Object.isFrozen(o)) return o;
  Object.freeze(o);
  // index loops: Object.values allocated an array per node, on every write's whole object; and
  // only objects are visited (most leaves are strings, and a call per leaf was half the calls)
  if (Array.isArray(o)) {
    for (let i = 0; i < o.length; i++) freezeChild(o[i]);
  } else {
    const record = o as Record<string, unknown>;
    for (const k in record) freezeChild(record[k]);
  }
  return o;
}

function freezeChild(v: unknown): void {
  if (typeof v === 'object' && v !== null) deepFreeze(v);
}

/**
 * apimachinery's equality.Semantic.DeepEqual on plain JSON: like deepEqual, but nil and empty
 * maps or lists are equal (an absent field is nil); scalars never count as empty.
 */
export function semanticEqual(a: unknown, b: unknown): boolean {
  if (a === b || (emptyish(a) && emptyish(b))) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!semanticEqual(a[i], b[i])) return false;
    return true;
  }
  if (isPlainMap(a) && isPlainMap(b)) {
    // every key of either map, each once, without building their union (template comparisons
    // of Deployments run this over whole pod templates)
    for (const k in a) if (!semanticEqual(a[k], b[k])) return false;
    for (const k in b) if (!Object.hasOwn(a, k) && !semanticEqual(a[k], b[k])) return false;
    return true;
  }
  return false;
}

function isPlainMap(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function emptyish(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v !== 'object') return false;
  for (const k in v) if (Object.hasOwn(v, k)) return false;
  return true;
}
