/**
 * Matchers are the YAML tags users write in expectations (`!regex`, `!gte 2`, `!oneOf [a, b]`).
 * The loader turns each tagged node into a Matcher; the matching code in src/check evaluates it.
 * Three of them are about bindings (bindings.ts): `!capture name` records the value it finds,
 * `!same $(name)` and `!differs $(name)` compare with a value captured by an earlier step.
 */
import type { SourceLocation } from '../errors';

export const MATCHER_TAGS = ['regex', 'gte', 'lte', 'gt', 'lt', 'oneOf', 'not', 'contains', 'exists', 'absent', 'any', 'capture', 'same', 'differs'] as const;
export type MatcherKind = (typeof MATCHER_TAGS)[number];

/** The tags whose argument is a template of bindings, resolved before the step runs. */
export const COMPARING_TAGS: readonly MatcherKind[] = ['same', 'differs'];

export class Matcher {
  constructor(
    readonly kind: MatcherKind,
    /**
     * regex: the pattern string; gte..lt: number or quantity string; oneOf/contains: list; not: any
     * value (may hold Matchers); exists/absent/any: null; capture: the binding name; same/differs:
     * the template as written (`$(pv)`, `pvc-$(uid)`)
     */
    readonly arg: unknown,
    readonly location?: SourceLocation,
    /** same/differs once the runner filled in the bindings: the value compared with */
    readonly resolved?: { value: unknown },
  ) {}

  /** How the matcher is shown in a message: the tag as the user wrote it, and what it stood for. */
  toString(): string {
    if (this.arg === null || this.arg === undefined) return `!${this.kind}`;
    // a binding name or template is shown bare, as written: !same $(pv)
    const bare = this.kind === 'capture' || COMPARING_TAGS.includes(this.kind);
    const written = `!${this.kind} ${bare ? String(this.arg) : JSON.stringify(this.arg)}`;
    return this.resolved ? `${written} (= ${JSON.stringify(this.resolved.value)})` : written;
  }

  /** The same matcher with its template's value filled in. */
  withValue(value: unknown): Matcher {
    return new Matcher(this.kind, this.arg, this.location, { value });
  }
}

export function isMatcher(v: unknown): v is Matcher {
  return v instanceof Matcher;
}

export interface FoundMatcher {
  path: Array<string | number>;
  matcher: Matcher;
  /** the matcher whose argument holds this one (`!oneOf [!capture x]`), when searched inside arguments */
  within?: Matcher;
}

/**
 * Every Matcher in a value, with its path; with `inside`, also those in matchers' arguments (their
 * paths continue into the argument as the YAML nests it: `!oneOf [a, !same $(b)]` → [..., 1]).
 */
export function findMatchers(value: unknown, options: { inside?: boolean } = {}): FoundMatcher[] {
  const found: FoundMatcher[] = [];
  collectMatchers(value, !!options.inside, [], undefined, found);
  return found;
}

/** Depth first, in document order; `path` is the one path being walked, copied only for a find. */
function collectMatchers(value: unknown, inside: boolean, path: Array<string | number>, within: Matcher | undefined, found: FoundMatcher[]): void {
  if (value instanceof Matcher) {
    found.push(within ? { path: [...path], matcher: value, within } : { path: [...path], matcher: value });
    if (inside) collectMatchers(value.arg, inside, path, value, found);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      path.push(i);
      collectMatchers(v, inside, path, within, found);
      path.pop();
    });
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      path.push(k);
      collectMatchers(v, inside, path, within, found);
      path.pop();
    }
  }
}
