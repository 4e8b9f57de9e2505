/**
 * Bindings: a value observed by one check (`!capture pv`) and used by a later step, in a name
 * (`name: $(pv)`, `target: pod/$(pod)`) or in a comparison (`!same $(pv)`, `!differs $(ip)`).
 *
 * A reference is written `$(name)`, the way Kubernetes expands variables in a container's command,
 * because nothing else in a scenario's names can hold a `$` and because `(` and `)` are not YAML
 * flow indicators: `{name: pvc-$(uid)}` needs no quotes. A template that is exactly one reference
 * stands for the captured value itself, whatever its type (a number stays a number, a map a map);
 * text around references makes the result text, so each value must then be text, a number or a
 * boolean.
 */
import type { PathSegment } from './match';

/** What a binding may be called: a letter, then letters, digits or `_` (no `-`: `$(a-b)` would read as arithmetic). */
export const BINDING_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

export const BINDING_NAME_HINT = 'a binding name is a letter followed by letters, digits or _, e.g. pv, oldIP, claim_uid';

export type TemplatePart = string | { binding: string };

export type ParsedTemplate = { parts: TemplatePart[] } | { error: string };

/** Splits `pvc-$(uid)` into text and references; says what is wrong with a malformed `$(`. */
export function parseTemplate(text: string): ParsedTemplate {
  const parts: TemplatePart[] = [];
  let rest = text;
  for (let i = rest.indexOf('$('); i >= 0; i = rest.indexOf('$(')) {
    if (i > 0) parts.push(rest.slice(0, i));
    const close = rest.indexOf(')', i);
    if (close < 0) return { error: `'${rest.slice(i)}' opens a binding reference with $( but does not close it with )` };
    const name = rest.slice(i + 2, close);
    if (!BINDING_NAME.test(name)) return { error: `'$(${name})' is not a binding reference: ${BINDING_NAME_HINT}` };
    parts.push({ binding: name });
    rest = rest.slice(close + 1);
  }
  if (rest) parts.push(rest);
  return { parts };
}

/** Whether a text refers to a binding at all (holds `$(`): only such texts are templates. */
export function hasReference(text: string): boolean {
  return text.includes('$(');
}

/** The binding names a well-formed template refers to, in order (repeats kept). */
export function referencedNames(parts: readonly TemplatePart[]): string[] {
  return parts.flatMap((p) => (typeof p === 'string' ? [] : [p.binding]));
}

/** Why a template could not be filled in: a binding with no value yet, or a value that is not text. */
export type FillProblem = { binding: string; problem: 'not captured' } | { binding: string; problem: 'not text'; value: unknown };

export type Filled = { value: unknown } | FillProblem;

/**
 * The template with each reference replaced by the binding's value (`lookup` answers undefined for
 * a binding that has none). One reference alone is the value itself; otherwise text.
 */
export function fillTemplate(parts: readonly TemplatePart[], lookup: (name: string) => unknown): Filled {
  const [only] = parts;
  if (parts.length === 1 && only !== undefined && typeof only !== 'string') {
    const value = lookup(only.binding);
    return value === undefined ? { binding: only.binding, problem: 'not captured' } : { value };
  }
  let text = '';
  for (const part of parts) {
    if (typeof part === 'string') {
      text += part;
      continue;
    }
    const value = lookup(part.binding);
    if (value === undefined) return { binding: part.binding, problem: 'not captured' };
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return { binding: part.binding, problem: 'not text', value };
    text += String(value);
  }
  return { value: text };
}

/**
 * What `!capture` found during one match: the value under each binding name, and where in the
 * expected value the tag is written (for messages).
 */
export type Captured = Map<string, { value: unknown; path: PathSegment[] }>;

/** A copy of an observed value, so a binding does not change with the object it came from. */
export function snapshot(value: unknown): unknown {
  return value === undefined ? undefined : structuredClone(value);
}
