/**
 * Matchers are the YAML tags users write in expectations (`!regex`, `!gte 2`, `!oneOf [a, b]`).
 * The loader turns each tagged node into a Matcher; the matching code in src/check evaluates it.
 */
import type { SourceLocation } from '../errors';

export const MATCHER_TAGS = ['regex', 'gte', 'lte', 'gt', 'lt', 'oneOf', 'not', 'contains', 'exists', 'absent', 'any'] as const;
export type MatcherKind = (typeof MATCHER_TAGS)[number];

export class Matcher {
  constructor(
    readonly kind: MatcherKind,
    /** regex: the pattern string; gte..lt: number or quantity string; oneOf/contains: list; not: any value (may hold Matchers); exists/absent/any: null */
    readonly arg: unknown,
    readonly location?: SourceLocation,
  ) {}

  /** How the matcher is shown in a diff: the tag as the user wrote it. */
  toString(): string {
    if (this.arg === null || this.arg === undefined) return `!${this.kind}`;
    return `!${this.kind} ${JSON.stringify(this.arg)}`;
  }
}

export function isMatcher(v: unknown): v is Matcher {
  return v instanceof Matcher;
}
