/**
 * The patterns of `!regex`: RE2 syntax, matched in time linear in the text (re2js, a pure
 * JavaScript port of RE2). Kubernetes' own pattern matching in CEL (`matches()`) is RE2 through
 * Go's regexp, so a pattern behaves here as it would in a ValidatingAdmissionPolicy, and a
 * pattern like `^(a+)+$` cannot backtrack for ever as a JavaScript RegExp does.
 */
import { RE2JS, RE2JSException } from 're2js';

export type CompiledPattern = { regex: RE2JS } | { error: string };

/** What to do about a pattern RE2 refuses. */
export const RE2_HINT =
  'patterns use RE2 syntax (as in Kubernetes CEL matches()): no backreferences (\\1) nor lookaround ((?=, (?!, (?<=, (?<!); quote patterns to keep YAML from reading special characters';

const compiled = new Map<string, CompiledPattern>();

/** Compiles once per pattern text; the error is RE2's own description (from Go's regexp/syntax). */
export function compilePattern(pattern: string): CompiledPattern {
  let result = compiled.get(pattern);
  if (!result) {
    result = compileNow(pattern);
    compiled.set(pattern, result);
  }
  return result;
}

function compileNow(pattern: string): CompiledPattern {
  try {
    return { regex: RE2JS.compile(pattern) };
  } catch (e) {
    if (e instanceof RE2JSException) return { error: e.message };
    throw e;
  }
}
