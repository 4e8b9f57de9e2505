/**
 * The three patch types of the Kubernetes API and kubectl apply's three-way merge.
 * - merge: JSON merge patch (RFC 7386): maps merge, null deletes, lists replace.
 * - json: JSON patch (RFC 6902).
 * - strategic: like merge, but lists tagged with a patch merge key (containers by name, ports by
 *   containerPort, ...) merge element-wise, with the `$patch` and other directives
 *   (src/kube/strategic-merge.ts, the tags in src/kube/patch-meta.ts).
 */
import { ApiError } from '../errors';
import { patchMetaAt } from './patch-meta';
import { isMap, strategicMergePatch } from './strategic-merge';

export { strategicMergePatch } from './strategic-merge';

type Json = unknown;
type JsonMap = Record<string, Json>;

export function mergePatch(target: Json, patch: Json): Json {
  if (!isMap(patch)) return patch;
  const out: JsonMap = isMap(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/**
 * Fields declared with patchStrategy "retainKeys" (apps/v1 DeploymentSpec.Strategy; see
 * patch-meta.ts): kubectl apply's three-way patch lists the keys it wants in `$retainKeys`, so
 * switching `type` drops the other union member (e.g. rollingUpdate). DaemonSet's and
 * StatefulSet's updateStrategy have no such tag, which is why they need `rollingUpdate: null`.
 */
function withRetainKeys(kind: unknown, patch: JsonMap, desired: JsonMap): JsonMap {
  const desiredSpec = desired.spec;
  const spec = patch.spec;
  if (!isMap(desiredSpec) || !isMap(spec)) return patch;
  const out = { ...spec };
  for (const [field, wanted] of Object.entries(desiredSpec)) {
    const retains = patchMetaAt(typeof kind === 'string' ? kind : undefined, ['spec', field])?.strategy === 'retainKeys';
    if (retains && isMap(wanted) && isMap(out[field])) out[field] = { ...(out[field] as JsonMap), $retainKeys: Object.keys(wanted).sort() };
  }
  return { ...patch, spec: out };
}

interface JsonPatchOp {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  value?: Json;
  from?: string;
}

export function jsonPatch(target: Json, ops: Json): Json {
  if (!Array.isArray(ops)) throw new ApiError(400, 'BadRequest', 'json patch must be a list of operations');
  let doc = structuredClone(target);
  for (const op of ops as JsonPatchOp[]) doc = applyOp(doc, op);
  return doc;
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new ApiError(422, 'Invalid', `json patch path "${path}" must start with /`);
  return path.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function applyOp(doc: Json, op: JsonPatchOp): Json {
  const parts = pointer(op.path);
  switch (op.op) {
    case 'add':
      return setAt(doc, parts, op.value, 'add');
    case 'replace':
      getAt(doc, parts, op.path);
      return setAt(doc, parts, op.value, 'replace');
    case 'remove':
      getAt(doc, parts, op.path);
      return removeAt(doc, parts);
    case 'move': {
      const from = pointer(op.from ?? '');
      const v = getAt(doc, from, op.from ?? '');
      return setAt(removeAt(doc, from), parts, v, 'add');
    }
    case 'copy':
      return setAt(doc, parts, structuredClone(getAt(doc, pointer(op.from ?? ''), op.from ?? '')), 'add');
    case 'test':
      if (JSON.stringify(getAt(doc, parts, op.path)) !== JSON.stringify(op.value)) {
        throw new ApiError(422, 'Invalid', `json patch test operation failed at ${op.path}`);
      }
      return doc;
    default:
      throw new ApiError(400, 'BadRequest', `unknown json patch operation "${(op as JsonPatchOp).op}"`);
  }
}

function getAt(doc: Json, parts: string[], path: string): Json {
  let cur = doc;
  for (const p of parts) {
    if (Array.isArray(cur)) cur = cur[Number(p)];
    else if (isMap(cur)) cur = cur[p];
    else cur = undefined;
    if (cur === undefined) throw new ApiError(422, 'Invalid', `json patch: path ${path} does not exist`);
  }
  return cur;
}

function setAt(doc: Json, parts: string[], value: Json, mode: 'add' | 'replace'): Json {
  if (!parts.length) return value;
  const parent = getAt(doc, parts.slice(0, -1), '/' + parts.slice(0, -1).join('/'));
  const last = parts[parts.length - 1]!;
  if (Array.isArray(parent)) {
    const i = last === '-' ? parent.length : Number(last);
    if (mode === 'add') parent.splice(i, 0, value);
    else parent[i] = value;
  } else if (isMap(parent)) parent[last] = value;
  return doc;
}

function removeAt(doc: Json, parts: string[]): Json {
  const parent = getAt(doc, parts.slice(0, -1), '/' + parts.slice(0, -1).join('/'));
  const last = parts[parts.length - 1]!;
  if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else if (isMap(parent)) delete parent[last];
  return doc;
}

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * kubectl apply (client-side): patch = fields of `desired` plus deletions of fields that the
 * last applied configuration had and `desired` no longer has; applied as a strategic merge onto
 * the live object, so fields set by the server and controllers survive. Records `desired` in the
 * last-applied annotation, as kubectl does.
 */
export function threeWayApply(live: JsonMap, desired: JsonMap): JsonMap {
  const annotations = (live.metadata as JsonMap | undefined)?.annotations as Record<string, string> | undefined;
  const last = annotations?.[LAST_APPLIED] ? (JSON.parse(annotations[LAST_APPLIED]!) as JsonMap) : {};
  const kind = typeof desired.kind === 'string' ? desired.kind : undefined;
  const patch = withRetainKeys(kind, withDeletions(desired, last, kind) as JsonMap, desired);
  const merged = strategicMergePatch(live, patch) as JsonMap;
  return withLastApplied(merged, desired);
}

export function withLastApplied(obj: JsonMap, desired: JsonMap): JsonMap {
  const meta = (obj.metadata ?? {}) as JsonMap;
  const annotations = { ...((meta.annotations as JsonMap) ?? {}), [LAST_APPLIED]: JSON.stringify(desired) + '\n' };
  return { ...obj, metadata: { ...meta, annotations } };
}

/**
 * `desired`, plus the deletions of what `last` had and `desired` dropped, as kubectl's three-way
 * patch writes them (strategicpatch diffMaps/diffLists): `null` for a map key; in a list tagged
 * `merge`, `{$patch: delete, <key>: v}` for an element by its merge key and
 * `$deleteFromPrimitiveList/<field>` for scalars. Other lists are sent whole and replace.
 */
function withDeletions(desired: Json, last: Json, kind: string | undefined, path: readonly string[] = []): Json {
  if (!isMap(desired)) return desired;
  const out: JsonMap = {};
  for (const [k, v] of Object.entries(desired)) {
    const before = isMap(last) ? last[k] : undefined;
    const at = [...path, k];
    if (Array.isArray(v) && Array.isArray(before)) Object.assign(out, listWithDeletions(k, v, before, kind, at));
    else out[k] = isMap(last) ? withDeletions(v, before, kind, at) : v;
  }
  if (isMap(last)) for (const k of Object.keys(last)) if (!(k in desired)) out[k] = null;
  return out;
}

function listWithDeletions(field: string, desired: Json[], last: Json[], kind: string | undefined, at: string[]): JsonMap {
  const meta = patchMetaAt(kind, at);
  if (meta?.strategy !== 'merge') return { [field]: desired };
  const key = meta.mergeKey;
  if (!key) {
    const dropped = last.filter((x) => !desired.includes(x));
    return dropped.length ? { [field]: desired, [`$deleteFromPrimitiveList/${field}`]: dropped } : { [field]: desired };
  }
  const keyed = (list: Json[], item: Json): Json => (isMap(item) ? list.find((x) => isMap(x) && x[key] === item[key]) : undefined);
  const kept = desired.map((d) => {
    const element = withDeletions(d, keyed(last, d), kind, at);
    // merge,retainKeys (a pod's volumes): the keys the element keeps, so switching a volume's source drops the old one
    return meta.retainKeys && isMap(element) && isMap(d) ? { ...element, $retainKeys: Object.keys(d).sort() } : element;
  });
  const deleted = last.filter((l) => isMap(l) && keyed(desired, l) === undefined).map((l) => ({ $patch: 'delete', [key]: (l as JsonMap)[key] }));
  return { [field]: [...kept, ...deleted] };
}

/** Applies a patch of the given content type to a copy of `target` (the API server's patcher). */
export function applyPatch<T>(type: 'merge' | 'json' | 'strategic', target: T, patch: unknown): T {
  const apply = type === 'json' ? jsonPatch : type === 'merge' ? mergePatch : strategicMergePatch;
  return apply(structuredClone(target) as Json, patch as Json) as T;
}
