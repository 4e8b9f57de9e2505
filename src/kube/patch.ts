/**
 * The three patch types of the Kubernetes API and kubectl apply's three-way merge.
 * - merge: JSON merge patch (RFC 7386): maps merge, null deletes, lists replace.
 * - json: JSON patch (RFC 6902).
 * - strategic: like merge, but lists of objects with a patch merge key (containers by name,
 *   ports by containerPort, ...) merge element-wise (k8s.io/apimachinery strategicpatch, with the
 *   merge keys declared in the core/apps API types).
 */
import { ApiError } from '../errors';

type Json = unknown;
type JsonMap = Record<string, Json>;

function isMap(v: Json): v is JsonMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

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
 * `patchMergeKey` of list fields in the built-in types (k8s.io/api core/v1 and apps/v1 types.go).
 * Lists not named here are replaced wholesale, as they are for types without a merge key.
 */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  env: 'name',
  ports: 'containerPort',
  imagePullSecrets: 'name',
  conditions: 'type',
  hostAliases: 'ip',
  ownerReferences: 'uid',
  topologySpreadConstraints: 'topologyKey',
  resourceClaims: 'name',
};

/** Fields declared as sets of scalars (patchStrategy merge on primitive lists). */
const MERGED_SCALAR_LISTS = new Set(['finalizers']);

export function strategicMergePatch(target: Json, patch: Json, field = ''): Json {
  if (Array.isArray(patch)) return mergeList(target, patch, field);
  if (!isMap(patch)) return patch;
  if ('$patch' in patch) return mapDirective(patch);
  const out: JsonMap = isMap(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$')) continue; // directives: $retainKeys below; $setElementOrder and $deleteFromPrimitiveList are not supported
    if (v === null) delete out[k];
    else out[k] = strategicMergePatch(out[k], v, k);
  }
  // $retainKeys: keys of the map not listed are cleared (strategicpatch retainKeys strategy).
  const retain = patch.$retainKeys;
  if (Array.isArray(retain)) for (const k of Object.keys(out)) if (!retain.includes(k)) delete out[k];
  return out;
}

/**
 * `$patch` in a map (strategicpatch mergeMap → handleDirectiveInMergeMap): `replace` puts the
 * patch's map, without the directive, in place of the original one — this is how a StatefulSet's
 * or DaemonSet's ControllerRevision (`{"spec":{"template":{...,"$patch":"replace"}}}`) restores a
 * whole pod template; `delete` leaves an empty map. Upstream hands the patch map back as it is,
 * nulls included, and decoding into the typed object turns a null into the zero value (absent);
 * merging it onto nothing here gives that same result (nulls dropped, nested directives
 * applied) on untyped JSON. Any other value is upstream's ErrBadPatchType.
 */
function mapDirective(patch: JsonMap): JsonMap {
  const { $patch: directive, ...rest } = patch;
  if (directive === 'replace') return strategicMergePatch({}, rest) as JsonMap;
  if (directive === 'delete') return {};
  // ErrBadPatchType is not among the errors interpretStrategicMergePatchError maps to a status, so
  // it reaches the client as a plain error: 500 with reason Unknown (ErrorToAPIStatus; recalled,
  // unverified). The map prints as Go's %v would not: JSON here.
  throw new ApiError(500, 'Unknown', `unknown patch type: ${String(directive)} in map: ${JSON.stringify(patch)}`);
}

/**
 * Fields declared with patchStrategy "retainKeys" in the API types (apps/v1 DeploymentSpec.Strategy,
 * DaemonSetSpec.UpdateStrategy): kubectl apply's three-way patch lists the keys it wants in
 * `$retainKeys`, so switching `type` drops the other union member (e.g. rollingUpdate).
 * StatefulSet's updateStrategy has no such strategy, which is why it needs `rollingUpdate: null`.
 */
const RETAIN_KEYS: Record<string, string> = { Deployment: 'strategy', DaemonSet: 'updateStrategy' };

function withRetainKeys(kind: unknown, patch: JsonMap, desired: JsonMap): JsonMap {
  const field = RETAIN_KEYS[String(kind)];
  const desiredSpec = desired.spec as JsonMap | undefined;
  const wanted = field && desiredSpec && isMap(desiredSpec[field]) ? (desiredSpec[field] as JsonMap) : undefined;
  const spec = patch.spec as JsonMap | undefined;
  if (!field || !wanted || !spec || !isMap(spec[field])) return patch;
  return { ...patch, spec: { ...spec, [field]: { ...(spec[field] as JsonMap), $retainKeys: Object.keys(wanted).sort() } } };
}

function mergeList(target: Json, patch: Json[], field: string): Json {
  const current = Array.isArray(target) ? target : [];
  if (MERGED_SCALAR_LISTS.has(field)) return [...current, ...patch.filter((p) => !current.includes(p))];
  const key = MERGE_KEYS[field];
  // `ports` is keyed by containerPort in containers but by port in Services: key by what the elements carry.
  const k = key === 'containerPort' && patch.some((p) => isMap(p) && 'port' in p && !('containerPort' in p)) ? 'port' : key;
  if (!k || !patch.every(isMap)) return patch;
  // `{"$patch": "replace"}` as an element (mergeSliceWithSpecialElements): the list becomes the
  // patch's other elements, the directive elements dropped.
  if (patch.some((p) => (p as JsonMap).$patch === 'replace')) return patch.filter((p) => (p as JsonMap).$patch === undefined);
  const out = current.map((c) => c);
  for (const p of patch as JsonMap[]) {
    if (p.$patch === 'delete') {
      const i = out.findIndex((c) => isMap(c) && c[k] === p[k]);
      if (i >= 0) out.splice(i, 1);
      continue;
    }
    const i = out.findIndex((c) => isMap(c) && c[k] === p[k]);
    if (i >= 0) out[i] = strategicMergePatch(out[i], p, '');
    else out.push(p);
  }
  return out;
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
  const patch = withRetainKeys(desired.kind, withDeletions(desired, last) as JsonMap, desired);
  const merged = strategicMergePatch(live, patch) as JsonMap;
  return withLastApplied(merged, desired);
}

export function withLastApplied(obj: JsonMap, desired: JsonMap): JsonMap {
  const meta = (obj.metadata ?? {}) as JsonMap;
  const annotations = { ...((meta.annotations as JsonMap) ?? {}), [LAST_APPLIED]: JSON.stringify(desired) + '\n' };
  return { ...obj, metadata: { ...meta, annotations } };
}

/** `desired`, plus `null` for every map key that `last` had and `desired` dropped. */
function withDeletions(desired: Json, last: Json): Json {
  if (!isMap(desired)) return desired;
  const out: JsonMap = {};
  for (const [k, v] of Object.entries(desired)) out[k] = isMap(last) ? withDeletions(v, last[k]) : v;
  if (isMap(last)) for (const k of Object.keys(last)) if (!(k in desired)) out[k] = null;
  return out;
}

/** Applies a patch of the given content type to a copy of `target` (the API server's patcher). */
export function applyPatch<T>(type: 'merge' | 'json' | 'strategic', target: T, patch: unknown): T {
  const apply = type === 'json' ? jsonPatch : type === 'merge' ? mergePatch : strategicMergePatch;
  return apply(structuredClone(target) as Json, patch as Json) as T;
}
