/**
 * The scenario JSON Schema compiled once with ajv, plus what the error messages need: where each
 * schema node sits in the schema, and where matchers were allowed in the validated document.
 */
import type Ajv from 'ajv';
import type { AnySchemaObject, ErrorObject } from 'ajv';
import schemaJson from '../../schema/scenario.schema.json';
import { Matcher } from '../check/matchers';
import { recordingSlots, type MatcherSlots } from './matcher-slots';
import { scenarioAjv } from './schema-ajv';
import { VALIDATORS } from './schema-validators.generated';

export type { MatcherSlots } from './matcher-slots';

export type SchemaNode = AnySchemaObject & {
  errorMessage?: string;
  title?: string;
  description?: string;
  matcherSlot?: 'value' | 'subtree';
};

export const SCENARIO_SCHEMA = schemaJson as unknown as SchemaNode;
export const SCHEMA_ID: string = SCENARIO_SCHEMA.$id as string;

/** In the copy of a document that is validated, each Matcher becomes `{ "$matcher": "<tag>" }`. */
export const MATCHER_MARKER = '$matcher';

/**
 * Compiling the schema with ajv takes about 170 ms, at every start and in every worker thread, so
 * `npm run generate` compiles the nodes the loader validates against (the whole scenario, the
 * cluster spec, each alternative of an anyOf/oneOf) into schema-validators.generated.ts. Another
 * node is compiled here on first use.
 */
const validators = new Map<string, Validator>(Object.entries(VALIDATORS as Record<string, Validator>));
let ajv: Ajv | undefined;

/** What the loader uses of a validator, compiled at build time or by ajv now. */
export type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

/** The validator for the schema node at a JSON pointer ('' is the whole scenario). */
export function validatorAt(pointer: string): Validator {
  let v = validators.get(pointer);
  if (!v) {
    ajv ??= scenarioAjv(SCENARIO_SCHEMA);
    v = ajv.getSchema(`${SCHEMA_ID}#${pointer}`);
    if (!v) throw new Error(`no schema at #${pointer}`);
    validators.set(pointer, v);
  }
  return v;
}

export interface ValidationResult {
  errors: ErrorObject[];
  slots: MatcherSlots;
}

/** Validates `data` (matchers already replaced by markers) against the node at `pointer`. */
export function validate(pointer: string, data: unknown): ValidationResult {
  const v = validatorAt(pointer);
  const { slots } = recordingSlots(() => v(data));
  return { errors: [...(v.errors ?? [])], slots };
}

/**
 * Where each schema node sits: pointer segments from the root, by object identity (ajv reports
 * parentSchema; the generated validators refer to the nodes of this same imported schema).
 */
const positions = new Map<object, string[]>();
const CHILD_MAPS = ['properties', 'definitions', 'patternProperties', 'dependencies'];
const CHILD_ONE = ['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'propertyNames'];
const CHILD_LIST = ['allOf', 'anyOf', 'oneOf'];

function index(node: unknown, at: string[]): void {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return;
  positions.set(node, at);
  const n = node as Record<string, unknown>;
  for (const k of CHILD_MAPS) {
    const m = n[k];
    if (m && typeof m === 'object') for (const [name, child] of Object.entries(m)) index(child, [...at, k, name]);
  }
  for (const k of CHILD_ONE) index(n[k], [...at, k]);
  for (const k of CHILD_LIST) if (Array.isArray(n[k])) (n[k] as unknown[]).forEach((child, i) => index(child, [...at, k, String(i)]));
}
index(SCENARIO_SCHEMA, []);

/** Every schema node with its pointer segments (the generator compiles some of them). */
export function schemaNodes(): Array<{ node: object; at: string[] }> {
  return [...positions].map(([node, at]) => ({ node, at }));
}

export function schemaPosition(node: object | undefined): string[] | undefined {
  return node ? positions.get(node) : undefined;
}

export function schemaAt(segments: readonly string[]): SchemaNode | undefined {
  let node: unknown = SCENARIO_SCHEMA;
  for (const s of segments) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[s] : undefined;
  return node as SchemaNode | undefined;
}

export function pointerOf(segments: readonly string[]): string {
  return segments.map((s) => `/${s.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** A `$ref` followed to the node it names. */
export function dereference(node: SchemaNode): SchemaNode {
  let n = node;
  for (let i = 0; i < 10 && typeof n.$ref === 'string'; i++) {
    const target = schemaAt(n.$ref.replace(/^#\//, '').split('/'));
    if (!target) break;
    n = target;
  }
  return n;
}

export function isMarker(v: unknown): v is { [MATCHER_MARKER]: string } {
  return !!v && typeof v === 'object' && !Array.isArray(v) && MATCHER_MARKER in (v as object);
}

/** The copy of a value that is validated: every Matcher replaced by its marker. */
export function withMarkers(value: unknown): unknown {
  if (value instanceof Matcher) return { [MATCHER_MARKER]: value.kind };
  if (Array.isArray(value)) return value.map(withMarkers);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) Object.defineProperty(out, k, { value: withMarkers(v), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return value;
}
