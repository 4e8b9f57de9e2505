/**
 * Load-time check of a manifest, the way the emulated API server would judge it on create: shape
 * (apiVersion, kind, metadata), whether the version serves the type, then defaulting and create
 * validation. Problems carry the path of the field as the user wrote it, so the loader can point
 * at the YAML.
 */
import type { KObject } from './object';
import type { KubeVersion } from './version';
import { applyDefaults, dropDisabledFields } from './defaults';
import { mergeLabelKeysIntoSelectors } from './pod-label-keys';
import { noKindMatchMessage, removedApiHint, resolveType } from './registry';
import { isObj } from './validation/access';
import { formatFieldError, validateCreate } from './validation';
import { decodeCheck, decodeErrorMessage, strictDecodingMessage, type DecodeProblem } from './decode-check';

export interface ManifestProblem {
  /** path of the offending field inside the manifest, [] for the whole object */
  path: Array<string | number>;
  code: 'API_NOT_SERVED' | 'MANIFEST_INVALID';
  /** the message the API server (or kubectl) would give */
  message: string;
  /** what the user can do, e.g. "use apps/v1 StatefulSet (PetSet was renamed in 1.5)" */
  hint?: string;
  /** the key of the field is at fault (an unknown field), not its value */
  atKey?: boolean;
}

/** kubectl's client-side complaints about a document that is not an object with a type. */
function shapeProblems(obj: unknown): ManifestProblem[] {
  if (!isObj(obj)) return [{ path: [], code: 'MANIFEST_INVALID', message: 'a manifest must be a mapping with apiVersion, kind and metadata' }];
  const problems: ManifestProblem[] = [];
  if (typeof obj.apiVersion !== 'string' || !obj.apiVersion) problems.push({ path: ['apiVersion'], code: 'MANIFEST_INVALID', message: 'apiVersion not set' });
  if (typeof obj.kind !== 'string' || !obj.kind) problems.push({ path: ['kind'], code: 'MANIFEST_INVALID', message: 'kind not set' });
  if (obj.metadata !== undefined && !isObj(obj.metadata)) problems.push({ path: ['metadata'], code: 'MANIFEST_INVALID', message: 'metadata must be a mapping' });
  return problems;
}

/** The longest prefix of `path` that exists in what the user wrote (errors may sit on defaulted fields). */
function writtenPrefix(obj: unknown, path: ReadonlyArray<string | number>): Array<string | number> {
  const out: Array<string | number> = [];
  let node: unknown = obj;
  for (const seg of path) {
    if (Array.isArray(node) && typeof seg === 'number' && seg < node.length) node = node[seg];
    else if (isObj(node) && typeof seg === 'string' && seg in node) node = node[seg];
    else break;
    out.push(seg);
  }
  return out;
}

/** What the store does before validation that affects the verdict: namespace and generated name. */
function asCreated(obj: KObject, namespaced: boolean): KObject {
  const meta = { ...(isObj(obj.metadata) ? obj.metadata : {}) } as KObject['metadata'];
  if (namespaced) meta.namespace = meta.namespace || 'default';
  else delete meta.namespace;
  if (!meta.name && meta.generateName) meta.name = `${meta.generateName}x7k2p`;
  return { ...obj, metadata: meta };
}

/**
 * What decoding the request body refuses, before defaulting and validation run (a refused body
 * is not validated): the first type mismatch, else each unknown field, as kubectl apply and
 * create send fieldValidation=Strict by default (`--validate=strict`).
 */
function decodeProblems(manifest: KObject, version: KubeVersion): ManifestProblem[] {
  const decoded = decodeCheck(manifest as unknown as Record<string, unknown>, version);
  if (!decoded) return [];
  const problem = (p: DecodeProblem, detail: string, atKey: boolean): ManifestProblem => ({
    path: p.path, code: 'MANIFEST_INVALID', message: decodeErrorMessage(manifest.apiVersion, manifest.kind, detail), ...(p.hint ? { hint: p.hint } : {}), ...(atKey ? { atKey } : {}),
  });
  if (decoded.error) return [problem(decoded.error, decoded.error.detail, false)];
  return decoded.unknownFields.map((u) => problem(u, strictDecodingMessage([u]), true));
}

export function checkManifest(obj: unknown, version: KubeVersion): ManifestProblem[] {
  const shape = shapeProblems(obj);
  if (shape.length) return shape;
  const manifest = obj as KObject;
  let namespaced: boolean;
  try {
    namespaced = resolveType(manifest.apiVersion, manifest.kind, version).namespaced;
  } catch {
    const hint = removedApiHint(manifest.apiVersion, manifest.kind);
    return [{ path: ['apiVersion'], code: 'API_NOT_SERVED', message: noKindMatchMessage(manifest.apiVersion, manifest.kind), ...(hint ? { hint } : {}) }];
  }
  const decoding = decodeProblems(manifest, version);
  if (decoding.length) return decoding;
  // as the store prepares a create: defaults, gated fields dropped, a pod's label keys merged
  const prepared = mergeLabelKeysIntoSelectors(dropDisabledFields(applyDefaults(asCreated(manifest, namespaced), version), undefined, version), version);
  return validateCreate(prepared, version).map((e) => ({
    path: writtenPrefix(manifest, e.path),
    code: 'MANIFEST_INVALID',
    message: formatFieldError(e, version),
  }));
}
