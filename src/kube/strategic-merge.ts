/**
 * Strategic merge patch as the API server applies it (k8s.io/apimachinery
 * pkg/util/strategicpatch patch.go, StrategicMergeMapPatch with MergeParallelList and
 * IgnoreUnmatchedNulls), with each field's strategy from src/kube/patch-meta.ts:
 * - maps merge; `null` deletes a key; a map or list the original lacks is taken from the patch
 *   with its nulls and directive-bearing parts left out (discardNullValuesFromPatch, removeDirectives);
 * - `$patch: replace` in a map puts the map in place of the original one, `$patch: delete` empties it,
 *   any other value is refused (handleDirectiveInMergeMap);
 * - `$retainKeys: [...]` clears the original's keys not listed, and every key the patch sets must be
 *   listed (applyRetainKeysDirective);
 * - lists tagged `merge` merge element-wise by their merge key (or as a set of scalars); an element
 *   `{$patch: delete, <key>: v}` removes the elements with that key, `{$patch: replace}` makes the
 *   list the patch's other elements, `$patch: merge` or another value is refused
 *   (mergeSliceWithSpecialElements); other lists are replaced;
 * - `$deleteFromPrimitiveList/<field>: [...]` removes those scalars from the list (deleteFromSlice);
 * - order (normalizeElementOrder, mergeSortedSlice): the patch's elements keep the patch's order,
 *   the others the original's, and the two are interleaved by the original's order — so an element
 *   the original did not have goes before the original's elements that follow it, and a patch
 *   of only new elements puts them at the front; `$setElementOrder/<field>: [...]` gives the order
 *   outright (mergePatchIntoOriginal).
 * Errors carry the API server's messages and statuses (interpretStrategicMergePatchError: the
 * patch-format errors are 400 BadRequest; the others reach the client as 500 with reason Unknown).
 */
import { ApiError } from '../errors';
import { patchMetaAt, type PatchMeta } from './patch-meta';

type Json = unknown;
type JsonMap = Record<string, Json>;

const DIRECTIVE = '$patch';
const RETAIN_KEYS = '$retainKeys';
const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList';
const SET_ELEMENT_ORDER = '$setElementOrder';

export function isMap(v: Json): v is JsonMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Where a value sits: the object's kind and the field names from its root. */
interface Place {
  kind: string | undefined;
  path: readonly string[];
}

export function strategicMergePatch(target: Json, patch: Json): Json {
  if (!isMap(patch)) return patch;
  const kind = [target, patch].map((o) => (isMap(o) && typeof o.kind === 'string' ? o.kind : undefined)).find(Boolean);
  return mergeMap(isMap(target) ? target : undefined, structuredClone(patch), { kind, path: [] });
}

function mergeMap(original: JsonMap | undefined, patch: JsonMap, at: Place): JsonMap {
  if (DIRECTIVE in patch) return mapDirective(patch, at);
  const out: JsonMap = { ...(original ?? {}) };
  applyRetainKeys(out, patch);
  const ordered = applySetElementOrder(out, patch, at);
  for (const [key, value] of Object.entries(patch)) {
    if (key === RETAIN_KEYS || key.startsWith(SET_ELEMENT_ORDER) || ordered.has(key)) continue;
    if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
      deleteFromPrimitiveList(out, key, value);
      continue;
    }
    if (value === null) {
      delete out[key];
      continue;
    }
    mergeField(out, key, value, { kind: at.kind, path: [...at.path, key] });
  }
  return out;
}

/** One key of the patch onto the (copied) original map. */
function mergeField(out: JsonMap, key: string, value: Json, at: Place): void {
  const current = out[key];
  const meta = patchMetaAt(at.kind, at.path);
  if (isMap(current) && isMap(value)) {
    out[key] = meta?.strategy === 'replace' ? decoded(value) : mergeMap(current, value, at);
  } else if (Array.isArray(current) && Array.isArray(value)) {
    out[key] = meta?.strategy === 'merge' ? mergeList(current, value, meta, at) : decoded(value);
  } else {
    // absent from the original, or of another type: the patch's value, without nulls and directives
    const kept = withoutDirectives(withoutNulls(value));
    if (kept === DROPPED) delete out[key];
    else out[key] = kept;
  }
}

/** handleDirectiveInMergeMap. `replace` hands the map back as the patch has it, nulls and all;
 *  decoding into the typed object turns a null into an absent field, which dropping them here does. */
function mapDirective(patch: JsonMap, at: Place): JsonMap {
  const { [DIRECTIVE]: directive, ...rest } = patch;
  if (directive === 'replace') return mergeMap({}, rest, at);
  if (directive === 'delete') return {};
  throw badPatchType(directive, patch);
}

function applyRetainKeys(out: JsonMap, patch: JsonMap): void {
  if (!(RETAIN_KEYS in patch)) return;
  const retained = patch[RETAIN_KEYS];
  if (!Array.isArray(retained)) throw badRequest('invalid patch format of retainKeys');
  for (const [key, value] of Object.entries(patch)) {
    if (value === null || key === RETAIN_KEYS || key.startsWith(DELETE_FROM_PRIMITIVE_LIST) || key.startsWith(SET_ELEMENT_ORDER)) continue;
    if (!retained.includes(key)) throw badRequest('invalid patch format of retainKeys');
  }
  for (const key of Object.keys(out)) if (!retained.includes(key)) delete out[key];
}

function deleteFromPrimitiveList(out: JsonMap, key: string, value: Json): void {
  const field = directiveField(key, DELETE_FROM_PRIMITIVE_LIST, 'invalid patch format of primitive list');
  const current = out[field];
  if (current === undefined) return;
  if (!Array.isArray(current) || !Array.isArray(value)) throw badArgType(current, value);
  if (!current.length && !value.length) return;
  if (elementKind([current, value]) === 'map') return; // upstream merges such lists instead; no built-in field has one
  out[field] = current.filter((item) => !value.includes(item));
}

/**
 * `$setElementOrder/<field>` (mergePatchIntoOriginal): the list is merged as usual, then put in
 * the directive's order; elements it does not name keep their place relative to the original.
 * Returns the fields it handled, which the main loop then skips.
 */
function applySetElementOrder(out: JsonMap, patch: JsonMap, parent: Place): Set<string> {
  const handled = new Set<string>();
  for (const [key, order] of Object.entries(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER)) continue;
    const field = directiveField(key, SET_ELEMENT_ORDER, 'invalid patch format of setElementOrder list');
    if (!Array.isArray(order)) throw badArgType([], order);
    const at = { kind: parent.kind, path: [...parent.path, field] };
    const meta = patchMetaAt(at.kind, at.path);
    const original = out[field];
    const patchList = patch[field];
    if (original !== undefined && !Array.isArray(original)) throw badArgType([], original);
    if (patchList !== undefined && !Array.isArray(patchList)) throw badArgType([], patchList);
    handled.add(field);
    if (original === undefined && patchList === undefined) continue;
    checkOrderMatchesPatch(patchList ?? [], order, meta?.mergeKey);
    let merged: Json[];
    if (original === undefined) merged = withoutDirectives(patchList) as Json[];
    else if (patchList === undefined) merged = original;
    else merged = meta?.strategy === 'merge' ? mergeList(original, patchList, meta, at) : patchList;
    const kind = elementKind([original ?? [], patchList ?? []]);
    const key_ = kind === 'map' ? meta?.mergeKey ?? '' : '';
    const [listed, others] = partition(merged, order, key_);
    out[field] = interleave(listed, others, order, original ?? [], key_);
  }
  return handled;
}

/** validatePatchWithSetOrderList: the patch's elements must come in the directive's order. */
function checkOrderMatchesPatch(patchList: Json[], order: Json[], mergeKey: string | undefined): void {
  if (!order.length || !patchList.length) return;
  const items = mergeKey ? patchList.filter((p) => !(isMap(p) && p[DIRECTIVE] === 'delete')) : patchList;
  let p = 0;
  let o = 0;
  while (p < items.length && o < order.length) {
    if (isMap(items[p]) && DIRECTIVE in (items[p] as JsonMap)) {
      p++;
      continue;
    }
    if (sameElement(items[p], order[o], mergeKey ?? '')) p++;
    o++;
  }
  if (p < items.length) {
    throw new ApiError(500, 'Unknown', `The order in patch list:\n${goValue(patchList)}\n doesn't match ${SET_ELEMENT_ORDER} list:\n${goValue(order)}\n`);
  }
}

function mergeList(original: Json[], patch: Json[], meta: PatchMeta, at: Place): Json[] {
  if (!original.length && !patch.length) return original;
  const kind = elementKind([original, patch]);
  if (kind !== 'map') {
    const merged = [...original, ...patch.filter((p, i) => !original.includes(p) && patch.indexOf(p) === i)];
    const [fromPatch, serverOnly] = partition(merged, patch, '');
    return interleave(fromPatch, serverOnly, patch, original, '');
  }
  const key = meta.mergeKey;
  if (!key) throw new ApiError(500, 'Unknown', `cannot merge lists without merge key for ${at.path.join('.')}`);
  const special = applySpecialElements(original, patch, key);
  const merged = [...special.original];
  for (const item of special.patch as JsonMap[]) {
    if (!(key in item)) throw noMergeKey(item, key);
    const i = merged.findIndex((m) => isMap(m) && m[key] === item[key]);
    if (i >= 0) merged[i] = mergeMap(merged[i] as JsonMap, item, at);
    else merged.push(item);
  }
  const [fromPatch, serverOnly] = partition(merged, special.patch, key);
  return interleave(fromPatch, serverOnly, special.patch, special.original, key);
}

/** mergeSliceWithSpecialElements: the `$patch` elements of a merging list. */
function applySpecialElements(original: Json[], patch: Json[], key: string): { original: Json[]; patch: Json[] } {
  let remaining = original;
  const plain: Json[] = [];
  let replace = false;
  for (const item of patch as JsonMap[]) {
    if (!(DIRECTIVE in item)) {
      plain.push(item);
      continue;
    }
    const directive = item[DIRECTIVE];
    if (directive === 'delete') {
      if (!(key in item)) throw noMergeKey(item, key);
      remaining = remaining.filter((o) => !(isMap(o) && o[key] === item[key]));
    } else if (directive === 'replace') {
      replace = true; // the whole list becomes the patch's other elements
    } else if (directive === 'merge') {
      throw new ApiError(500, 'Unknown', 'merging lists cannot yet be specified in the patch');
    } else {
      throw badPatchType(directive, item);
    }
  }
  return replace ? { original: plain, patch: [] } : { original: remaining, patch: plain };
}

type ElementKind = 'map' | 'scalar' | 'none';

/** sliceElementType: every element of the lists must be of one kind, and not a list. */
function elementKind(lists: Json[][]): ElementKind {
  let kind: string | undefined;
  for (const item of lists.flat()) {
    if (Array.isArray(item)) throw new ApiError(422, 'Invalid', 'lists of lists are not supported');
    const k = isMap(item) ? 'map' : typeof item;
    if (kind !== undefined && k !== kind) {
      throw new ApiError(500, 'Unknown', `list element types are not identical: ${lists.map(goValue).join(' ')}`);
    }
    kind = k;
  }
  return kind === undefined ? 'none' : kind === 'map' ? 'map' : 'scalar';
}

function sameElement(a: Json, b: Json, key: string): boolean {
  return key ? isMap(a) && isMap(b) && a[key] === b[key] : a === b;
}

function indexIn(list: Json[], item: Json, key: string): number {
  return list.findIndex((x) => sameElement(x, item, key));
}

/** partitionMapsByPresentInList / partitionPrimitivesByPresentInList */
function partition(items: Json[], by: Json[], key: string): [Json[], Json[]] {
  const present = items.filter((i) => indexIn(by, i, key) >= 0);
  return [present, items.filter((i) => indexIn(by, i, key) < 0)];
}

/**
 * normalizeElementOrder: `fromPatch` sorted by `patchOrder`, `serverOnly` by the original's order,
 * then merged: a server-only element goes first only when both it and the next patch element are
 * in the original and it comes before that element there (mergeSortedSlice).
 */
function interleave(fromPatch: Json[], serverOnly: Json[], patchOrder: Json[], original: Json[], key: string): Json[] {
  const sorted = (items: Json[], order: Json[]): Json[] => {
    const rank = (x: Json): number => {
      const i = indexIn(order, x, key);
      return i < 0 ? Number.MAX_SAFE_INTEGER : i;
    };
    const deleted = items.filter((x) => isMap(x) && x[DIRECTIVE] === 'delete');
    const kept = items.filter((x) => !deleted.includes(x));
    return [...kept.map((x, i) => [x, i] as const).sort((a, b) => rank(a[0]) - rank(b[0]) || a[1] - b[1]).map(([x]) => x), ...deleted];
  };
  const right = sorted(fromPatch, patchOrder);
  const left = sorted(serverOnly, original);
  const out: Json[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (j >= right.length) out.push(left[i++]);
    else if (i >= left.length) out.push(right[j++]);
    else {
      const li = indexIn(original, left[i], key);
      const ri = indexIn(original, right[j], key);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

const DROPPED = Symbol('dropped');

/** removeDirectives: a map with `$patch` is dropped (from lists too); other maps lose nested ones. */
function withoutDirectives(value: Json): Json | typeof DROPPED {
  if (Array.isArray(value)) return value.map(withoutDirectives).filter((v) => v !== DROPPED);
  if (!isMap(value)) return value;
  if (DIRECTIVE in value) return DROPPED;
  const out: JsonMap = {};
  for (const [k, v] of Object.entries(value)) {
    if (k.startsWith('$')) continue; // other directives: unknown fields, which decoding drops
    const kept = withoutDirectives(v);
    if (kept !== DROPPED) out[k] = kept;
  }
  return out;
}

/** A value the patch hands over as it is, as decoding into the typed object leaves it: unknown
 *  `$` keys (directives) are dropped. */
function decoded(value: Json): Json {
  if (Array.isArray(value)) return value.map(decoded);
  if (!isMap(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => !k.startsWith('$')).map(([k, v]) => [k, decoded(v)]));
}

/** discardNullValuesFromPatch */
function withoutNulls(value: Json): Json {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isMap(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => [k, withoutNulls(v)]));
}

function directiveField(key: string, prefix: string, formatError: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) throw badRequest(formatError);
  return key.slice(slash + 1);
}

function badRequest(message: string): ApiError {
  return new ApiError(400, 'BadRequest', message);
}

/** mergepatch.ErrBadPatchType */
function badPatchType(directive: Json, map: JsonMap): ApiError {
  return new ApiError(500, 'Unknown', `unknown patch type: ${goValue(directive)} in map: ${goValue(map)}`);
}

/** mergepatch.ErrNoMergeKey */
function noMergeKey(map: JsonMap, key: string): ApiError {
  return new ApiError(500, 'Unknown', `map: ${goValue(map)} does not contain declared merge key: ${key}`);
}

/** mergepatch.ErrBadArgType, for the JSON shapes a patch can have */
function badArgType(expected: Json, actual: Json): ApiError {
  return new ApiError(500, 'Unknown', `expected a ${goType(expected)}, but received a ${goType(actual)}`);
}

function goType(v: Json): string {
  if (Array.isArray(v)) return '[]interface {}';
  if (isMap(v)) return 'map[string]interface {}';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  if (typeof v === 'boolean') return 'bool';
  return '%!s(<nil>)';
}

/** A value as Go's %v prints the decoded JSON: map[k:v ...] with sorted keys, [a b], <nil>. */
export function goValue(v: Json): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
  if (isMap(v)) return `map[${Object.keys(v).sort().map((k) => `${k}:${goValue(v[k])}`).join(' ')}]`;
  return String(v);
}
