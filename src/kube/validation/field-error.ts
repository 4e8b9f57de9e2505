/**
 * Field-level validation errors shaped like k8s.io/apimachinery/pkg/util/validation/field: a type,
 * the field path as upstream prints it, the offending value and a detail. `formatFieldError`
 * reproduces field.Error.Error() for the emulated version, because users match on that text.
 */
import { atLeast, DEFAULT_VERSION, type KubeVersion } from '../version';
import { GoValue, goJson, goQuote } from './go-value';

export type FieldErrorType =
  | 'Required'
  | 'Invalid'
  | 'NotSupported'
  | 'Forbidden'
  | 'Duplicate'
  | 'TooLong'
  | 'TooMany'
  | 'NotFound'
  | 'InternalError';

export interface FieldError {
  /** where the field is in the manifest as the user wrote it (for YAML positions) */
  path: Array<string | number>;
  /** the path as the API server prints it, e.g. `spec.resources[storage]` */
  field: string;
  type: FieldErrorType;
  value?: unknown;
  detail: string;
  /** TooLong / TooMany: the limit; the detail text is built per version */
  max?: number;
}

/** How a path was reached from its parent, which decides how upstream prints it. */
type Step = 'root' | 'child' | 'index' | 'key' | 'at';

/**
 * A field.Path: keeps the location segments and upstream's rendering side by side, since they
 * differ for map keys (`metadata.labels[app]`) and for paths upstream abbreviates. Both are built
 * when first read: validation makes a path for nearly every field it visits, and reads one only
 * for an error, so building them up front (an array and a string per field of every write) was
 * most of what paths cost.
 */
export class FieldPath {
  private segmentsMemo?: ReadonlyArray<string | number>;
  private textMemo?: string;

  private constructor(
    private readonly parent: FieldPath | undefined,
    private readonly step: Step,
    private readonly segment: string | number,
  ) {}

  static of(...names: string[]): FieldPath {
    return new FieldPath(undefined, 'root', '').child(...names);
  }

  /** where the field is in the manifest as the user wrote it */
  get segments(): ReadonlyArray<string | number> {
    if (this.segmentsMemo === undefined) this.segmentsMemo = this.parent ? [...this.parent.segments, this.segment] : [];
    return this.segmentsMemo;
  }

  /** the path as upstream prints it */
  get text(): string {
    if (this.textMemo === undefined) this.textMemo = this.render(this.parent?.text ?? '');
    return this.textMemo;
  }

  private render(parentText: string): string {
    switch (this.step) {
      case 'root':
        return '';
      case 'at':
        return parentText;
      case 'child':
        return parentText ? `${parentText}.${this.segment}` : String(this.segment);
      default:
        return `${parentText}[${this.segment}]`;
    }
  }

  child(...names: string[]): FieldPath {
    let p: FieldPath = this;
    for (const n of names) p = new FieldPath(p, 'child', n);
    return p;
  }

  index(i: number): FieldPath {
    return new FieldPath(this, 'index', i);
  }

  key(k: string): FieldPath {
    return new FieldPath(this, 'key', k);
  }

  /** Same printed path, but pointing at another location (upstream prints coarser paths). */
  at(segments: ReadonlyArray<string | number>): FieldPath {
    const p = new FieldPath(this, 'at', '');
    p.segmentsMemo = segments;
    return p;
  }
}

function make(type: FieldErrorType, p: FieldPath, value: unknown, detail: string): FieldError {
  const e: FieldError = { path: [...p.segments], field: p.text, type, detail };
  if (value !== undefined) e.value = value;
  return e;
}

/** field.OmitValueType{}: an Invalid (etc.) error printed without its value. */
export const OMIT_VALUE: unique symbol = Symbol('omit value');

export const required = (p: FieldPath, detail = ''): FieldError => make('Required', p, undefined, detail);
export const invalid = (p: FieldPath, value: unknown, detail: string): FieldError => make('Invalid', p, value, detail);
export const forbidden = (p: FieldPath, detail: string): FieldError => make('Forbidden', p, undefined, detail);
export const duplicate = (p: FieldPath, value: unknown): FieldError => make('Duplicate', p, value, '');
export const notFoundField = (p: FieldPath, value: unknown): FieldError => make('NotFound', p, value, '');

/** field.NotSupported: `supported values: "a", "b"` in the order given. */
export function notSupported(p: FieldPath, value: unknown, valid: readonly string[]): FieldError {
  const detail = valid.length ? `supported values: ${valid.map(goQuote).join(', ')}` : '';
  return make('NotSupported', p, value, detail);
}

/** field.TooLong; its wording changed in 1.32 and 1.34 (apimachinery field/errors.go). */
export function tooLong(p: FieldPath, maxLength: number): FieldError {
  return { ...make('TooLong', p, undefined, ''), max: maxLength };
}

/** field.TooMany: `Too many: <n>: must have at most <max> items`. */
export function tooMany(p: FieldPath, actual: number, max: number): FieldError {
  return { ...make('TooMany', p, actual, ''), max };
}

const TYPE_TEXT: Record<FieldErrorType, string> = {
  Required: 'Required value',
  Invalid: 'Invalid value',
  NotSupported: 'Unsupported value',
  Forbidden: 'Forbidden',
  Duplicate: 'Duplicate value',
  TooLong: 'Too long',
  TooMany: 'Too many',
  NotFound: 'Not found',
  InternalError: 'Internal error',
};

/** metav1.CauseType of each error type, as Status.details.causes[].reason carries it. */
export const CAUSE_TYPE: Record<FieldErrorType, string> = {
  Required: 'FieldValueRequired',
  Invalid: 'FieldValueInvalid',
  NotSupported: 'FieldValueNotSupported',
  Forbidden: 'FieldValueForbidden',
  Duplicate: 'FieldValueDuplicate',
  TooLong: 'FieldValueTooLong',
  TooMany: 'FieldValueTooMany',
  NotFound: 'FieldValueNotFound',
  InternalError: 'InternalError',
};

/** field.Error.ErrorBody(): the message without the field path. */
export function errorBody(e: FieldError, v: KubeVersion = DEFAULT_VERSION): string {
  let s = TYPE_TEXT[e.type];
  let detail = e.detail;
  if (e.type === 'TooLong') detail = tooLongDetail(e, v);
  if (e.type === 'TooMany') detail = tooManyDetail(e, v);
  if (!['Required', 'Forbidden', 'TooLong', 'InternalError'].includes(e.type) && e.value !== OMIT_VALUE) {
    s += `: ${renderValue(e.value, v)}`;
  }
  return detail ? `${s}: ${detail}` : s;
}

/** field.Error.Error(): `spec.selector: Required value`. */
export function formatFieldError(e: FieldError, v: KubeVersion = DEFAULT_VERSION): string {
  return `${e.field}: ${errorBody(e, v)}`;
}

function tooLongDetail(e: FieldError, v: KubeVersion): string {
  const max = e.max ?? -1;
  if (max < 0) return 'value is too long';
  if (!atLeast(v, '1.32')) return `must have at most ${max} bytes`;
  const unit = max === 1 && atLeast(v, '1.34') ? 'byte' : 'bytes';
  return `may not be more than ${max} ${unit}`;
}

function tooManyDetail(e: FieldError, v: KubeVersion): string {
  const max = e.max ?? -1;
  if (max < 0) return 'has too many items';
  const unit = max === 1 && atLeast(v, '1.34') ? 'item' : 'items';
  return `must have at most ${max} ${unit}`;
}

/**
 * How a bad value is printed. Up to 1.33 apimachinery used %v for scalars, %q for strings,
 * String() for Stringers and %#v (Go syntax) for the rest, dereferencing pointers; from 1.34 it
 * JSON-marshals anything that is not a scalar or string (field/errors.go ErrorBody).
 */
export function renderValue(value: unknown, v: KubeVersion): string {
  const modern = atLeast(v, '1.34');
  if (value === undefined || value === null) return modern ? 'null' : goQuote('null');
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof GoValue) return modern ? goJson(value.json) : (value.stringer ?? value.goSyntax);
  return goJson(value);
}
