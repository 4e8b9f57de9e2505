/**
 * Bindings while a scenario runs (check/bindings.ts says what they are): the values captured by
 * the steps that passed, and each step's references filled in just before it runs — `$(name)` in
 * its names (scenario/name-fields.ts), `!same` / `!differs` given the value they compare with.
 * The loader has made sure every reference names a binding an earlier step captures; what only
 * the run can tell is reported here, at the reference: the capturing step did not pass (so a
 * cleanup step finds no value), or a captured map or list is used where text is needed.
 */
import { fillTemplate, hasReference, parseTemplate, referencedNames, type FillProblem } from '../check/bindings';
import { COMPARING_TAGS, isMatcher, Matcher } from '../check/matchers';
import { isPlainObject, toInlineYaml } from '../check/yaml-text';
import { KscenarioError, type SourceLocation } from '../errors';
import type { LoadedStep, YamlPath } from '../scenario/loaded';
import { mapNames } from '../scenario/name-fields';

export type Bindings = Map<string, unknown>;

/** Step fields that cannot hold a comparison (manifests, a command line): not walked. */
const NO_MATCHERS = new Set(['apply', 'create', 'kubectl']);

/** The step with its bindings filled in; the step itself when it refers to none. */
export function bindStep(step: LoadedStep, bindings: Bindings, locate: (path: YamlPath) => SourceLocation): LoadedStep {
  const lookup = (name: string) => bindings.get(name);
  const named = mapNames(step.step, (text, path) => (hasReference(text) ? fillName(text, lookup, locate([...step.path, ...path])) : text));
  const filled: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(named as Record<string, unknown>)) {
    filled[key] = NO_MATCHERS.has(key) ? value : fillComparisons(value, lookup);
  }
  return { ...step, step: filled as LoadedStep['step'] };
}

/** Records what a passed step captured. */
export function recordCaptures(bindings: Bindings, captures: Record<string, unknown> | undefined): void {
  for (const [name, value] of Object.entries(captures ?? {})) bindings.set(name, value);
}

function fillName(text: string, lookup: (name: string) => unknown, location: SourceLocation): string {
  const parsed = parseTemplate(text);
  if ('error' in parsed) throw new KscenarioError('BAD_REFERENCE', parsed.error, location);
  const filled = fillTemplate(parsed.parts, lookup);
  if (!('value' in filled)) throw fillError(filled, location);
  const { value } = filled;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  // only a name that is one reference can stand for a map: text around it would have been refused
  throw fillError({ binding: referencedNames(parsed.parts)[0]!, problem: 'not text', value }, location);
}

/** `!same` and `!differs`, wherever they are (also inside !oneOf), given their value. */
function fillComparisons(value: unknown, lookup: (name: string) => unknown): unknown {
  if (isMatcher(value)) {
    if (COMPARING_TAGS.includes(value.kind)) return value.withValue(comparedValue(value, lookup));
    const arg = fillComparisons(value.arg, lookup);
    return arg === value.arg ? value : new Matcher(value.kind, arg, value.location);
  }
  if (Array.isArray(value)) return value.map((v) => fillComparisons(v, lookup));
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillComparisons(v, lookup)]));
  return value;
}

function comparedValue(m: Matcher, lookup: (name: string) => unknown): unknown {
  const parsed = parseTemplate(String(m.arg));
  if ('error' in parsed) throw new KscenarioError('BAD_REFERENCE', parsed.error, m.location);
  const filled = fillTemplate(parsed.parts, lookup);
  if ('value' in filled) return filled.value;
  throw fillError(filled, m.location);
}

function fillError(p: FillProblem, location: SourceLocation | undefined): KscenarioError {
  if (p.problem === 'not captured') {
    return new KscenarioError('BAD_REFERENCE', `$(${p.binding}) has no value: the step that captures it did not pass`, location, 'a binding is set only when its step passes; a cleanup step runs even when an earlier step failed');
  }
  const what = Array.isArray(p.value) ? 'a list' : 'a map';
  return new KscenarioError('BAD_REFERENCE', `$(${p.binding}) holds ${what}, ${toInlineYaml(p.value, 60)}, which cannot be part of a text`, location, 'capture a field that holds text or a number, or compare the whole value with !same $(name)');
}
