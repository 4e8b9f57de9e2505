/**
 * Bindings checked when the file loads (check/bindings.ts says what they are): each `!capture`
 * stands where a value is observed (expect.resources: match, each, count) and names a binding
 * once; each use — `$(name)` in a name, `!same` / `!differs` in a check — refers to a binding an
 * earlier step captures. What the file alone cannot tell (a capturing step that did not pass
 * before a cleanup step uses its binding, a map used inside a name) is found when the step runs.
 */
import { hasReference, parseTemplate, referencedNames } from '../check/bindings';
import { COMPARING_TAGS, findMatchers, type FoundMatcher } from '../check/matchers';
import { isPlainObject } from '../check/yaml-text';
import type { YamlPath } from './loaded';
import { mapNames, namesOf } from './name-fields';
import { fieldName, type Problem } from './problem';
import { stepLabel, stepsOf, type StepRef } from './step-shape';
import { didYouMean } from '../kube/suggest';

interface Capture {
  /** position of the capturing step in run order */
  ordinal: number;
  ref: StepRef;
}

const CAPTURE_HINT = 'write !capture <name> where an expect step observes the value: in expect.resources, under match or each, or as count';

/** A step with its matchers (manifests left out) and its names, each found once for all the checks. */
interface SearchedStep {
  ref: StepRef;
  matchers: FoundMatcher[];
  names: Array<{ text: string; path: YamlPath }>;
}

export function bindingProblems(steps: StepRef[]): Problem[] {
  const searched = steps.map((ref) => ({ ref, matchers: findMatchers(withoutManifests(ref.step), { inside: true }), names: namesOf(ref.step) }));
  const { captures, problems } = capturesOf(searched);
  searched.forEach((step, ordinal) => {
    for (const use of usesOf(step, problems)) problems.push(...useProblems(use.name, use.path, ordinal, captures));
    problems.push(...textThatLooksBound(step, captures));
  });
  return problems;
}

/** Every `!capture` of the scenario by binding name, and the captures that are misplaced or repeated. */
function capturesOf(steps: SearchedStep[]): { captures: Map<string, Capture>; problems: Problem[] } {
  const captures = new Map<string, Capture>();
  const problems: Problem[] = [];
  steps.forEach(({ ref, matchers }, ordinal) => {
    for (const found of matchers) {
      if (found.matcher.kind !== 'capture') continue;
      const name = String(found.matcher.arg);
      const path = [...ref.path, ...found.path];
      const misplaced = found.within
        ? `!capture ${name} cannot be used inside !${found.within.kind}: what it would record depends on which alternative matched`
        : !isCapturePlace(found.path) ? `!capture ${name} cannot be used in ${fieldName(path)}: values are captured only from the objects of expect.resources` : undefined;
      const earlier = captures.get(name);
      if (misplaced) problems.push({ code: 'SCHEMA', path, message: misplaced, hint: CAPTURE_HINT });
      else if (earlier) {
        const where = earlier.ref === ref ? 'earlier in this step' : `by ${stepLabel(earlier.ref)}`;
        problems.push({ code: 'DUPLICATE_NAME', path, message: `binding '${name}' is already captured ${where}`, hint: 'a binding holds one value: give each capture its own name' });
      } else captures.set(name, { ordinal, ref });
    }
  });
  return { captures, problems };
}

/** A step without its manifests, whose matchers the manifest checks report (manifests.ts). */
function withoutManifests(step: unknown): unknown {
  return isPlainObject(step) ? Object.fromEntries(Object.entries(step).filter(([key]) => key !== 'apply' && key !== 'create')) : step;
}

/** [expect, resources, i, match | each | count, ...], relative to the step. */
function isCapturePlace(path: YamlPath): boolean {
  return path[0] === 'expect' && path[1] === 'resources' && typeof path[2] === 'number' && ['match', 'each', 'count'].includes(String(path[3]));
}

/** The bindings a step refers to, with where; malformed references in names become problems. */
function usesOf({ ref, matchers, names }: SearchedStep, problems: Problem[]): Array<{ name: string; path: YamlPath }> {
  const uses: Array<{ name: string; path: YamlPath }> = [];
  for (const { text, path } of names) {
    if (!hasReference(text)) continue;
    const parsed = parseTemplate(text);
    const at = [...ref.path, ...path];
    if ('error' in parsed) problems.push({ code: 'SCHEMA', path: at, message: `${fieldName(at)}: ${parsed.error}` });
    else uses.push(...referencedNames(parsed.parts).map((name) => ({ name, path: at })));
  }
  for (const found of matchers) {
    if (!COMPARING_TAGS.includes(found.matcher.kind)) continue;
    const parsed = parseTemplate(String(found.matcher.arg)); // its syntax was checked with the tag
    if ('parts' in parsed) uses.push(...referencedNames(parsed.parts).map((name) => ({ name, path: [...ref.path, ...found.path] })));
  }
  return uses;
}

function useProblems(name: string, path: YamlPath, ordinal: number, captures: Map<string, Capture>): Problem[] {
  const capture = captures.get(name);
  if (!capture) {
    const known = [...captures.keys()];
    return [{
      code: 'BAD_REFERENCE',
      path,
      message: `$(${name}) refers to a binding no step captures${didYouMean(name, known)}`,
      hint: known.length ? `bindings of this scenario: ${known.join(', ')}` : CAPTURE_HINT,
    }];
  }
  if (capture.ordinal === ordinal) {
    return [{ code: 'BAD_REFERENCE', path, message: `$(${name}) is captured by this same step; a binding can be used from the next step on`, hint: 'check the captured value in a step of its own after this one' }];
  }
  if (capture.ordinal > ordinal) {
    return [{ code: 'BAD_REFERENCE', path, message: `$(${name}) is used before it is captured: ${stepLabel(capture.ref)} captures it`, hint: 'a binding can be used only by steps after the one that captures it' }];
  }
  return [];
}

/**
 * `volumeName: $(pv)` in a check's expected value (or in expectError) is text compared as text
 * (only names are filled in): when it names a binding of the scenario, that is surely not what
 * was meant.
 */
function textThatLooksBound({ ref, names }: SearchedStep, captures: Map<string, Capture>): Problem[] {
  const checks = isPlainObject(ref.step) ? { expect: ref.step['expect'], expectHistory: ref.step['expectHistory'], expectError: ref.step['expectError'] } : {};
  const referring = stringsOf(checks, []).filter((s) => hasReference(s.text));
  if (referring.length === 0) return [];
  const namePaths = new Set(names.map((n) => JSON.stringify(n.path)));
  const problems: Problem[] = [];
  for (const { text, path } of referring) {
    if (namePaths.has(JSON.stringify(path))) continue;
    const parsed = parseTemplate(text);
    const bound = 'parts' in parsed ? referencedNames(parsed.parts).filter((n) => captures.has(n)) : [];
    if (!bound.length) continue;
    const at = [...ref.path, ...path];
    problems.push({
      code: 'SCHEMA',
      path: at,
      message: `${fieldName(at)}: '${text}' would be compared as text: $(…) is filled in only in names (target, name, pod, selector, ...)`,
      hint: `to compare with the captured value write !same ${text} (or !differs ${text})`,
    });
  }
  return problems;
}

/** Strings of plain data with their paths (matchers' arguments are not looked into). */
function stringsOf(value: unknown, path: YamlPath): Array<{ text: string; path: YamlPath }> {
  if (typeof value === 'string') return [{ text: value, path }];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringsOf(v, [...path, i]));
  if (isPlainObject(value)) return Object.entries(value).flatMap(([k, v]) => stringsOf(v, [...path, k]));
  return [];
}

/**
 * The copy of the document the schema validates gets a plain name for each reference
 * (`pvc-$(uid)` → `pvc-b`), so that patterns such as a namespace's DNS label judge the text
 * around it rather than refusing the `$(…)`.
 */
export function withNamePlaceholders(copy: unknown): void {
  for (const ref of stepsOf(copy)) {
    const list = (copy as { spec: Record<string, unknown[]> }).spec[ref.section]!;
    list[ref.index] = mapNames(ref.step, (text) => (hasReference(text) ? text.replace(/\$\([^)]*\)?/g, 'b') : text));
  }
}
