/** Structural equality and freezing for plain JSON data (key order ignored). */

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => deepEqual(x, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  return ak.length === bk.length && ak.every((k) => deepEqual(ao[k], bo[k]));
}

/**
 * Freezes a JSON tree. Subtrees already frozen are skipped, so an object built by spreading an
 * old (frozen) one costs only its new parts.
 */
export function deepFreeze<T>(o: T): T {
  if (typeof o !== 'object' || o === null || Object.isFrozen(o)) return o;
  Object.freeze(o);
  // index loops: Object.values allocated an array per node, on every write's whole object
  if (Array.isArray(o)) {
    for (let i = 0; i < o.length; i++) deepFreeze(o[i]);
  } else {
    const record = o as Record<string, unknown>;
    for (const k in record) deepFreeze(record[k]);
  }
  return o;
}

/**
 * apimachinery's equality.Semantic.DeepEqual on plain JSON: like deepEqual, but nil and empty
 * maps or lists are equal (an absent field is nil); scalars never count as empty.
 */
export function semanticEqual(a: unknown, b: unknown): boolean {
  if (a === b || (emptyish(a) && emptyish(b))) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => semanticEqual(x, b[i]));
  if (isPlainMap(a) && isPlainMap(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => semanticEqual(a[k], b[k]));
  }
  return false;
}

function isPlainMap(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function emptyish(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === 'object' && Object.keys(v as object).length === 0;
}
