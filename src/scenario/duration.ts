/**
 * Durations as scenarios write them: a number with a unit (500ms, 30s, 5m, 1h), several combined
 * (1m30s, like Go's time.ParseDuration), or 0. The schema's Duration pattern accepts the same set.
 */
import { InputError } from '../errors';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const WHOLE = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h))+$/;
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;

export const DURATION_HINT = 'use 500ms, 30s, 5m or 1h (or combine them: 1m30s)';

export function isDuration(value: unknown): value is string | number {
  if (value === 0 || value === '0') return true;
  return typeof value === 'string' && WHOLE.test(value);
}

/** Milliseconds (rounded to whole ms) of a duration; throws InputError for anything else. */
export function parseDuration(text: string | number): number {
  if (!isDuration(text)) {
    throw new InputError('SCHEMA', `${JSON.stringify(text)} is not a duration`, undefined, DURATION_HINT);
  }
  if (text === 0 || text === '0') return 0;
  let ms = 0;
  for (const m of (text as string).matchAll(PART)) ms += Number(m[1]) * UNIT_MS[m[2]!]!;
  return Math.round(ms);
}
