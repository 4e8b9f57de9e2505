/**
 * Query parameters of list, watch, get, write and delete requests (metav1.ListOptions,
 * GetOptions, CreateOptions/UpdateOptions/PatchOptions, DeleteOptions). Unknown parameters are
 * ignored, as the API server's parameter codec ignores them.
 */
import { ApiError } from '../errors';
import type { FieldValidation } from '../kube/decode-check';

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  resourceVersionMatch?: string;
  limit?: number;
  continue?: string;
  watch: boolean;
  timeoutSeconds?: number;
  allowWatchBookmarks: boolean;
  sendInitialEvents?: boolean;
}

export interface WriteOptions {
  dryRun: string[];
  fieldManager?: string;
  /** what unknown fields do: Ignore, Warn (the default) or Strict */
  fieldValidation?: FieldValidation;
}

export interface DeleteQuery {
  gracePeriodSeconds?: number;
  propagationPolicy?: string;
  orphanDependents?: boolean;
  dryRun: string[];
}

function bool(q: URLSearchParams, name: string): boolean | undefined {
  const v = q.get(name);
  if (v === null) return undefined;
  // the parameter codec takes Go's strconv.ParseBool forms; a bare `?watch` is true
  if (['', '1', 't', 'T', 'true', 'TRUE', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(v)) return false;
  throw new ApiError(400, 'BadRequest', `invalid boolean value for ${name}: "${v}"`);
}

function int(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) throw new ApiError(400, 'BadRequest', `invalid integer value for ${name}: "${v}"`);
  return n;
}

function str(q: URLSearchParams, name: string): string | undefined {
  const v = q.get(name);
  return v === null || v === '' ? undefined : v;
}

export function listOptions(q: URLSearchParams): ListOptions {
  const o: ListOptions = { watch: bool(q, 'watch') ?? false, allowWatchBookmarks: bool(q, 'allowWatchBookmarks') ?? false };
  const set = <K extends keyof ListOptions>(k: K, v: ListOptions[K] | undefined) => {
    if (v !== undefined) o[k] = v;
  };
  set('labelSelector', str(q, 'labelSelector'));
  set('fieldSelector', str(q, 'fieldSelector'));
  set('resourceVersion', str(q, 'resourceVersion'));
  set('resourceVersionMatch', str(q, 'resourceVersionMatch'));
  set('limit', int(q, 'limit'));
  set('continue', str(q, 'continue'));
  set('timeoutSeconds', int(q, 'timeoutSeconds'));
  set('sendInitialEvents', bool(q, 'sendInitialEvents'));
  return o;
}

export function writeOptions(q: URLSearchParams): WriteOptions {
  const o: WriteOptions = { dryRun: q.getAll('dryRun').filter((d) => d !== '') };
  const fm = str(q, 'fieldManager');
  const fv = str(q, 'fieldValidation');
  if (fm !== undefined) o.fieldManager = fm;
  if (fv !== undefined) {
    if (!['Ignore', 'Warn', 'Strict'].includes(fv)) {
      throw new ApiError(400, 'BadRequest', `fieldValidation must be one of "Ignore", "Warn", or "Strict" (got "${fv}")`);
    }
    o.fieldValidation = fv as FieldValidation;
  }
  return o;
}

export function deleteQuery(q: URLSearchParams): DeleteQuery {
  const o: DeleteQuery = { dryRun: q.getAll('dryRun').filter((d) => d !== '') };
  const g = int(q, 'gracePeriodSeconds');
  const p = str(q, 'propagationPolicy');
  const orphan = bool(q, 'orphanDependents');
  if (g !== undefined) o.gracePeriodSeconds = g;
  if (p !== undefined) o.propagationPolicy = p;
  if (orphan !== undefined) o.orphanDependents = orphan;
  return o;
}
