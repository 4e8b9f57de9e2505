/**
 * What the API server's JSON decoding refuses before anything else looks at an object: a value of
 * the wrong type for its Go field (a string for an int32, 1.5 or 2147483648 for an int32, a
 * number for a string, bad base64 in a Secret's data) and, with strict field validation, fields
 * the type does not have. The field types come from the generated table (manifest-types.ts).
 *
 * Upstream: the request body is decoded by k8s.io/apimachinery/pkg/runtime/serializer/json with
 * sigs.k8s.io/json (a fork of encoding/json, case-sensitive). Its decodeState keeps only the
 * first type mismatch (saveError) and names it by the innermost Go struct and the JSON field
 * names from the top (map keys and list indices are not part of it); errors returned by custom
 * decoders (IntOrString, Quantity, Time) stop decoding and win over a saved one. Unknown fields
 * are collected with their full path (map keys and `[i]` included) and only reported when
 * nothing else failed. apiserver's transformDecodeError (endpoints/handlers/rest.go) wraps the
 * result in a 400 BadRequest.
 */
import { ApiError } from '../errors';
import { QUANTITY_REGEX_MESSAGE } from './validation/quantity-text';
import { closest } from './suggest';
import { kindTypes, type KindTypes, type StructType } from './manifest-types';
import type { KubeVersion } from './version';

export interface DecodeProblem {
  /** where the value is in the object, as written (keys and list indices) */
  path: Array<string | number>;
  /** the decoder's text: `json: cannot unmarshal ...`, `unknown field "spec.foo"` */
  detail: string;
  /** what to write instead */
  hint?: string;
  /**
   * The same mismatch as runtime.DefaultUnstructuredConverter words it, which is what a strategic
   * merge patch meets (apiserver patch.go applyPatchToObject); absent where it is the same text.
   */
  converted?: string;
}

export interface DecodeResult {
  /** the error that fails the request, if any */
  error?: DecodeProblem;
  /** fields the type does not have (strict decoding errors: an error or warnings, per fieldValidation) */
  unknownFields: DecodeProblem[];
}

/**
 * Where the decoder is: one node per step from the top, linked to its parent, so that nothing is
 * copied on the way down and the paths are only spelled out for an error.
 */
interface Context {
  parent?: Context;
  step?: string | number;
  /** a struct field (in the decoder's field path), a map key or a list index (only in the strict path) */
  form?: 'field' | 'key' | 'index';
  /** the Go struct the field belongs to */
  struct?: string;
  /** embedded structs the field is promoted from, as the decoder names them (`VolumeSource`) */
  embedded?: string;
}

const TOP: Context = {};

function pathOf(ctx: Context): Array<string | number> {
  const out: Array<string | number> = [];
  for (let c: Context | undefined = ctx; c?.form; c = c.parent) out.push(c.step!);
  return out.reverse();
}

/** The decoder's field path: JSON field names and embedded structs, no map keys or indices. */
function fieldsOf(ctx: Context): string[] {
  const out: string[] = [];
  for (let c: Context | undefined = ctx; c?.form; c = c.parent) {
    if (c.form !== 'field') continue;
    out.push(String(c.step));
    if (c.embedded) out.push(...c.embedded.split('.').reverse());
  }
  return out.reverse();
}

/** The strict decoder's path: `spec.containers[0].ports`, map keys included. */
function strictPathOf(ctx: Context): string {
  let out = '';
  for (let c: Context | undefined = ctx; c?.form; c = c.parent) out = c.form === 'index' ? `[${c.step}]${out}` : c.parent?.form ? `.${c.step}${out}` : `${c.step}${out}`;
  return out;
}

function structOf(ctx: Context): string | undefined {
  for (let c: Context | undefined = ctx; c; c = c.parent) if (c.form === 'field') return c.struct;
  return undefined;
}

interface State {
  types: KindTypes;
  /** the first mismatch (saveError) */
  saved?: DecodeProblem;
  /** an error a custom decoder returned: decoding stops */
  returned?: DecodeProblem;
  unknown: DecodeProblem[];
}

/** strict decoding keeps at most this many unknown-field errors (sigs.k8s.io/json saveStrictError) */
const MAX_STRICT_ERRORS = 100;

const INT_RANGES: Record<string, [number, number]> = {
  i32: [-2147483648, 2147483647],
  i64: [-9223372036854775808, 9223372036854775807],
  int: [-9223372036854775808, 9223372036854775807],
};

const PRIMITIVE_DISPLAY: Record<string, string> = { s: 'string', b: 'bool', i32: 'int32', i64: 'int64', int: 'int', f64: 'float64', byte: '[]uint8' };

/**
 * Decodes `obj` as the API server would for its apiVersion and kind at `version`; undefined when
 * the version's OpenAPI documents do not describe the kind (it is then not checked).
 */
export function decodeCheck(obj: Record<string, unknown>, version: KubeVersion): DecodeResult | undefined {
  if (typeof obj['apiVersion'] !== 'string' || typeof obj['kind'] !== 'string') return undefined;
  const types = kindTypes(obj['apiVersion'], obj['kind'], version);
  if (!types) return undefined;
  const state: State = { types, unknown: [] };
  decodeStruct(obj, types.root, TOP, state);
  const error = state.returned ?? state.saved;
  return { ...(error ? { error } : {}), unknownFields: error ? [] : state.unknown };
}

/** transformDecodeError: the 400's message for a body of this apiVersion and kind. */
export function decodeErrorMessage(apiVersion: string, kind: string, detail: string): string {
  const version = apiVersion.slice(apiVersion.indexOf('/') + 1);
  return `${kind} in version "${version}" cannot be handled as a ${kind}: ${detail}`;
}

/** The 400 BadRequest of a body that does not decode, keeping the problem for callers that word it otherwise (patches). */
export class DecodeError extends ApiError {
  constructor(readonly problem: DecodeProblem, apiVersion: string, kind: string) {
    super(400, 'BadRequest', decodeErrorMessage(apiVersion, kind, problem.detail));
  }
}

/** metav1.FieldValidation*: what unknown fields do to a request. */
export type FieldValidation = 'Ignore' | 'Warn' | 'Strict';

/**
 * Decodes a request body as the API server does (handlers/create.go, update.go): a type mismatch
 * throws DecodeError whatever the field validation; unknown fields are then warnings (Warn, the
 * server's default without the parameter, rest.go fieldValidation), refuse the request (Strict,
 * all of them in one strict decoding error) or pass unremarked (Ignore).
 */
export function decodeRequest(obj: Record<string, unknown>, version: KubeVersion, validation: FieldValidation = 'Warn'): string[] {
  const decoded = decodeCheck(obj, version);
  const apiVersion = String(obj['apiVersion']);
  const kind = String(obj['kind']);
  if (decoded?.error) throw new DecodeError(decoded.error, apiVersion, kind);
  const unknown = decoded?.unknownFields ?? [];
  if (validation === 'Strict' && unknown.length) throw new DecodeError({ path: unknown[0]!.path, detail: strictDecodingMessage(unknown) }, apiVersion, kind);
  return validation === 'Ignore' ? [] : unknown.map((u) => u.detail);
}

/** runtime.strictDecodingError's text for unknown fields. */
export function strictDecodingMessage(unknown: readonly DecodeProblem[]): string {
  return `strict decoding error: ${unknown.map((u) => u.detail).join(', ')}`;
}

function structName(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

function decodeStruct(obj: Record<string, unknown>, name: string, ctx: Context, state: State): void {
  const type: StructType | undefined = state.types.struct(name);
  if (!type) return;
  const struct = structName(name);
  for (const key in obj) {
    if (!Object.hasOwn(obj, key)) continue;
    if (state.returned) return;
    if (!Object.hasOwn(type.fields, key)) {
      if (state.unknown.length < MAX_STRICT_ERRORS) {
        const at: Context = { parent: ctx, step: key, form: 'key' };
        state.unknown.push({ path: pathOf(at), detail: `unknown field "${strictPathOf(at)}"`, hint: unknownFieldHint(key, type) });
      }
      continue;
    }
    const embedded = type.embedded && Object.hasOwn(type.embedded, key) ? type.embedded[key] : undefined;
    decodeValue(obj[key], type.fields[key]!, { parent: ctx, step: key, form: 'field', struct, ...(embedded ? { embedded } : {}) }, state);
  }
}

function decodeValue(value: unknown, type: string, ctx: Context, state: State): void {
  if (value === null || value === undefined || state.returned) return;
  const { base, display } = splitType(type);
  if (base.startsWith('[]')) {
    if (!Array.isArray(value)) return mismatch(value, base, display, ctx, state);
    for (let i = 0; i < value.length; i++) decodeValue(value[i], base.slice(2), { parent: ctx, step: i, form: 'index' }, state);
    return;
  }
  if (base.startsWith('{}')) {
    if (!isMapping(value)) return mismatch(value, base, display, ctx, state);
    for (const key in value) if (Object.hasOwn(value, key)) decodeValue(value[key], base.slice(2), { parent: ctx, step: key, form: 'key' }, state);
    return;
  }
  if (base.startsWith('@')) {
    if (!isMapping(value)) return mismatch(value, base, display, ctx, state);
    return decodeStruct(value, base.slice(1), ctx, state);
  }
  decodePrimitive(value, base, display, ctx, state);
}

function decodePrimitive(value: unknown, base: string, display: string, ctx: Context, state: State): void {
  switch (base) {
    case 's':
      if (typeof value !== 'string') mismatch(value, base, display, ctx, state);
      return;
    case 'b':
      if (typeof value !== 'boolean') mismatch(value, base, display, ctx, state);
      return;
    case 'f64':
      if (typeof value !== 'number') mismatch(value, base, display, ctx, state);
      return;
    case 'i32':
    case 'i64':
    case 'int':
      if (typeof value !== 'number') return mismatch(value, base, display, ctx, state);
      if (!fitsInteger(value, base)) mismatch(value, base, display, ctx, state, `number ${jsonNumber(value)}`);
      return;
    case 'byte':
      return decodeBase64(value, display, ctx, state);
    case 'ios':
      return decodeIntOrString(value, ctx, state);
    case 'q':
      // Quantity.UnmarshalJSON parses the text of a string or a number; what the text says is
      // judged by validation. Anything else cannot be a quantity.
      if (typeof value !== 'string' && typeof value !== 'number') returned(ctx, state, QUANTITY_REGEX_MESSAGE, `${lastField(ctx)} must be a quantity such as 500m or 1Gi`);
      return;
    case 't':
      // metav1.Time.UnmarshalJSON reads a string first (encoding/json, no field context). The
      // RFC 3339 parse of the text is not reproduced here (time.Parse's messages).
      if (typeof value !== 'string') returned(ctx, state, goValueMismatch(value, 'string'), `${lastField(ctx)} must be an RFC 3339 time in quotes, e.g. "2025-01-01T00:00:00Z"`);
      return;
    default:
      return; // any: free-form JSON
  }
}

/** IntOrString.UnmarshalJSON: a string is taken as it is, anything else is decoded into an int32. */
function decodeIntOrString(value: unknown, ctx: Context, state: State): void {
  if (typeof value === 'string') return;
  if (typeof value === 'number' && fitsInteger(value, 'i32')) return;
  const detail = typeof value === 'number' ? `json: cannot unmarshal number ${jsonNumber(value)} into Go value of type int32` : goValueMismatch(value, 'int32');
  returned(ctx, state, detail, `${lastField(ctx)} takes a whole number or a text such as "25%"`);
}

/**
 * A []byte field takes base64 text (encoding/base64 StdEncoding). The position in the error is
 * where Go's decoder stops: an invalid character, misplaced padding, or the start of an
 * unfinished group of four at the end.
 */
function decodeBase64(value: unknown, display: string, ctx: Context, state: State): void {
  if (typeof value !== 'string') return mismatch(value, 'byte', display, ctx, state);
  const at = base64ErrorOffset(Buffer.from(value, 'utf8'));
  if (at === undefined || state.saved) return;
  state.saved = { path: pathOf(ctx), detail: `illegal base64 data at input byte ${at}`, hint: `${lastField(ctx)} must be base64 text: encode it (echo -n text | base64), or for a Secret write the plain text under stringData` };
}

const BASE64 = /[A-Za-z0-9+/]/;

/** The offset encoding/base64's StdEncoding.Decode reports, or undefined when the text decodes. */
export function base64ErrorOffset(src: Buffer): number | undefined {
  let si = 0;
  const isNewline = (c: number | undefined) => c === 0x0a || c === 0x0d;
  while (si < src.length) {
    let j = 0;
    for (; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return undefined;
        return si - j;
      }
      const c = src[si]!;
      si++;
      if (BASE64.test(String.fromCharCode(c))) continue;
      if (isNewline(c)) {
        j--;
        continue;
      }
      if (c !== 0x3d) return si - 1; // not '='
      if (j < 2) return si - 1;
      if (j === 2) {
        while (si < src.length && isNewline(src[si])) si++;
        if (si === src.length) return src.length;
        if (src[si] !== 0x3d) return si - 1;
        si++;
      }
      while (si < src.length && isNewline(src[si])) si++;
      return si < src.length ? si : undefined;
    }
  }
  return undefined;
}

const CONVERTED_KIND: Record<string, string> = { s: 'string', b: 'bool', i32: 'int32', i64: 'int64', int: 'int', f64: 'float64' };

/** The Go type a strategic merge patch's value has after kjson.UnmarshalStrict (ints preserved). */
function unstructuredKind(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) && Math.abs(value) < 2 ** 63 ? 'int64' : 'float64';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  return Array.isArray(value) ? 'slice' : 'map';
}

/**
 * runtime fromUnstructured's words for a value it cannot store (apimachinery runtime/converter.go):
 * JSON's four groups (bools, integers, floats, strings) do not convert into each other, except
 * integers into floats and whole floats into integers; a type Go cannot convert at all is an
 * "unrecognized type". Out-of-range integers are not refused there (Go's conversion wraps them);
 * this reports them with the decoder's text instead.
 */
function convertedMismatch(value: unknown, base: string, display: string): string | undefined {
  const from = unstructuredKind(value);
  if (base.startsWith('[]') || base === 'byte') return from === 'slice' ? undefined : `cannot restore slice from ${from}`;
  if (base.startsWith('{}')) return `cannot restore map from ${from}`;
  if (base.startsWith('@')) return `cannot restore struct from: ${from}`;
  const to = CONVERTED_KIND[base];
  if (!to) return undefined;
  const numeric = (k: string) => k === 'int64' || k === 'float64' || k === 'int32' || k === 'int';
  const convertible = (numeric(from) && numeric(to)) || (from === 'int64' && to === 'string') || from === to;
  if (!convertible) return `unrecognized type: ${to}`;
  return numeric(to) && from === 'int64' ? undefined : `cannot convert ${from} to ${display}`;
}

/** A saved UnmarshalTypeError: the first one is the one reported. */
function mismatch(value: unknown, base: string, display: string, ctx: Context, state: State, valueText = jsonKind(value)): void {
  if (state.saved) return;
  const struct = structOf(ctx);
  const where = struct ? `Go struct field ${struct}.${fieldsOf(ctx).join('.')}` : 'Go value';
  const detail = `json: cannot unmarshal ${valueText} into ${where} of type ${display}`;
  state.saved = { path: pathOf(ctx), detail, hint: typeHint(value, base, display, ctx), converted: convertedMismatch(value, base, display) };
}

function returned(ctx: Context, state: State, detail: string, hint: string): void {
  state.returned = { path: pathOf(ctx), detail, hint };
}

/** encoding/json's message for a top-level value (what a custom decoder's json.Unmarshal returns). */
function goValueMismatch(value: unknown, goType: string): string {
  return `json: cannot unmarshal ${jsonKind(value)} into Go value of type ${goType}`;
}

/** How encoding/json names the JSON value it could not store. */
function jsonKind(value: unknown): string {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'bool';
  return Array.isArray(value) ? 'array' : 'object';
}

/**
 * The JSON text kubectl sends for a YAML number: Go formats a float64 as JavaScript does
 * (shortest form, exponent from 1e21); integers beyond 2^53 have already lost digits here.
 */
function jsonNumber(n: number): string {
  return String(n);
}

function fitsInteger(n: number, base: string): boolean {
  const [min, max] = INT_RANGES[base]!;
  return Number.isInteger(n) && n >= min && n <= max;
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `v1.Protocol~s` -> base `s`, display `v1.Protocol`; `[]@core.v1.Container` -> display `[]v1.Container`. */
const splitTypes = new Map<string, { base: string; display: string }>();

function splitType(type: string): { base: string; display: string } {
  let split = splitTypes.get(type);
  if (!split) splitTypes.set(type, (split = parseType(type)));
  return split;
}

function parseType(type: string): { base: string; display: string } {
  if (!/^(\[\]|\{\}|@)/.test(type)) {
    const tilde = type.indexOf('~');
    if (tilde >= 0) return { base: type.slice(tilde + 1), display: type.slice(0, tilde) };
  }
  return { base: type, display: derivedDisplay(type) };
}

function derivedDisplay(type: string): string {
  if (type.startsWith('[]')) return `[]${splitType(type.slice(2)).display}`;
  if (type.startsWith('{}')) return `map[string]${splitType(type.slice(2)).display}`;
  if (type.startsWith('@')) return type.slice(1).split('.').slice(-2).join('.');
  return PRIMITIVE_DISPLAY[type] ?? type;
}

/** The name the author wrote last on the way to the value: a field or a map key. */
function lastField(ctx: Context): string {
  const key = pathOf(ctx).reverse().find((p): p is string => typeof p === 'string');
  return key ?? 'the value';
}

/** The ranges as written in hints (the int64 bounds are not exact JavaScript numbers). */
const RANGE_TEXT: Record<string, string> = {
  i32: 'between -2147483648 and 2147483647',
  i64: 'between -9223372036854775808 and 9223372036854775807',
  int: 'between -9223372036854775808 and 9223372036854775807',
};

/** What to write instead, in the user's terms, by the kind of field (`base`) the value missed. */
function typeHint(value: unknown, base: string, display: string, ctx: Context): string {
  const field = lastField(ctx);
  if (base in INT_RANGES) {
    if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return `${field} must be an integer: write ${field}: ${value.trim()} without quotes`;
    if (typeof value === 'number' && Number.isInteger(value)) return `${field} is an ${display}: it must be ${RANGE_TEXT[base]}`;
    if (typeof value === 'number') return `${field} must be a whole number`;
    return `${field} must be an integer (${display})`;
  }
  if (base === 'b') return `${field} must be true or false`;
  if (base === 'f64') return `${field} must be a number`;
  if (base === 's') return typeof value === 'number' || typeof value === 'boolean' ? `${field} must be text: write ${field}: "${String(value)}" in quotes` : `${field} must be text`;
  if (base.startsWith('[]') || base === 'byte') return base === 'byte' ? `${field} must be base64 text` : `${field} must be a list`;
  if (base.startsWith('{}')) return `${field} must be a mapping of keys to values`;
  return `${field} must be a mapping (${display})`;
}

/** Unknown fields: the field the author probably meant, else the ones there are. */
function unknownFieldHint(key: string, type: StructType): string {
  const known = Object.keys(type.fields);
  const close = closest(key, known);
  return close ? `did you mean '${close}'?` : `valid fields here: ${known.join(', ')}`;
}
