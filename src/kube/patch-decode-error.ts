/**
 * How the API server words a patch whose result does not decode (apiserver endpoints/handlers
 * patch.go): not the 400 of a create, but errors.NewInvalid with no kind or name and one
 * field error on `patch` — ` "" is invalid: patch: Invalid value: <value>: <why>`.
 *
 * - strategic merge: the patched map goes through runtime.DefaultUnstructuredConverter
 *   (applyPatchToObject); the value is the patch printed with fmt's %+v, the reason the
 *   converter's (DecodeProblem.converted).
 * - merge and JSON patches: the patched JSON is decoded (applyPatchToCurrentObject); the value is
 *   that JSON text, the reason the decoder's. Go writes the whole versioned object in its struct
 *   field order; here it is the object as the simulator holds it, so that value can differ in
 *   field order and in what the server had filled in.
 */
import type { KObject } from './object';
import type { DecodeError } from './decode-check';
import { invalidError, type DetailedApiError } from './status-errors';
import { FieldPath, invalid } from './validation/field-error';
import type { KubeVersion } from './version';

export type PatchKind = 'merge' | 'json' | 'strategic';

export function patchDecodeError(type: PatchKind, patch: unknown, patched: KObject, err: DecodeError, version: KubeVersion): DetailedApiError {
  const strategic = type === 'strategic';
  const value = strategic ? goPrint(patch) : JSON.stringify(patched);
  const why = strategic ? (err.problem.converted ?? err.problem.detail) : err.problem.detail;
  return invalidError({ apiVersion: '', kind: '', metadata: { name: '' } }, [invalid(FieldPath.of('patch'), value, why)], version);
}

/** fmt's %+v of what kjson decoded: maps with sorted keys, slices in brackets, strings bare. */
export function goPrint(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return goNumber(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(goPrint).join(' ')}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `map[${entries.map(([k, v]) => `${k}:${goPrint(v)}`).join(' ')}]`;
}

/** An int64 prints in full; a float64 as %v does (strconv 'g', shortest digits: an exponent from 1e6 on and below 1e-4). */
function goNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 2 ** 63) return String(n);
  const exponent = Math.floor(Math.log10(Math.abs(n)));
  if (exponent < -4 || exponent >= 6) {
    const [mantissa, exp] = n.toExponential().split('e');
    const sign = exp!.startsWith('-') ? '-' : '+';
    return `${mantissa}e${sign}${exp!.replace(/^[-+]/, '').padStart(2, '0')}`;
  }
  return String(n);
}
