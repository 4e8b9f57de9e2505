/**
 * How object timestamps are shown to clients.
 *
 * The simulator stamps objects in virtual time, which starts at 2025-01-01T00:00:00Z. The AGE
 * columns of `kubectl get` are computed by the server (tables/), from the virtual clock, so they
 * are right either way. But kubectl computes some ages itself from its own wall clock: the
 * Events of `kubectl describe`, the pods of `kubectl describe node`, `kubectl events`. Against
 * virtual timestamps those read "700d".
 *
 * - 'virtual' (the API default): timestamps are served as stored; deterministic, byte for byte
 *   what the scenario history records.
 * - 'wall' (the CLI default): every RFC 3339 timestamp in a response is shifted by the
 *   current offset between the wall clock and the virtual clock, so "now" in virtual time is
 *   "now" on the client's clock and every age kubectl computes is the virtual age. Timestamps in
 *   requests are shifted back: one that the server sent out maps back exactly to what it was
 *   (so a fetched object written back is unchanged even when the offset has moved since, as it
 *   does at speeds other than 1), a new one (kubectl rollout restart's restartedAt) by the
 *   current offset.
 */

export type TimestampMode = 'virtual' | 'wall';

export interface TimestampMapper {
  readonly mode: TimestampMode;
  toClient<T>(value: T): T;
  fromClient<T>(value: T): T;
}

/** metav1.Time and metav1.MicroTime as JSON: RFC 3339 in UTC, seconds or fractional. */
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d{1,9})?Z$/;

function mapStrings(value: unknown, f: (s: string) => string): unknown {
  if (typeof value === 'string') return TIMESTAMP.test(value) ? f(value) : value;
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, f));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = mapStrings(v, f);
    return out;
  }
  return value;
}

/** Adds whole seconds to a timestamp, keeping its fractional digits as written. */
export function shiftTimestamp(text: string, offsetMs: number): string {
  const m = TIMESTAMP.exec(text);
  if (!m) return text;
  const base = Date.parse(`${m[1]}Z`) + offsetMs;
  return `${new Date(base).toISOString().slice(0, 19)}${m[2] ?? ''}Z`;
}

export const VIRTUAL_TIMESTAMPS: TimestampMapper = { mode: 'virtual', toClient: (v) => v, fromClient: (v) => v };

/** How many presented timestamps are remembered for exact round trips. */
const MEMORY = 200_000;

/**
 * `offsetMs()` is wall time minus virtual time (both as epoch ms) right now; it is rounded to
 * whole seconds so second-precision timestamps stay exact.
 */
export function wallTimestamps(offsetMs: () => number): TimestampMapper {
  const sent = new Map<string, string>();
  const remember = (shown: string, stored: string) => {
    sent.delete(shown);
    sent.set(shown, stored);
    if (sent.size > MEMORY) sent.delete(sent.keys().next().value as string);
  };
  const offset = () => Math.round(offsetMs() / 1000) * 1000;
  return {
    mode: 'wall',
    toClient: <T>(value: T): T => {
      const o = offset();
      return mapStrings(value, (s) => {
        const shown = shiftTimestamp(s, o);
        remember(shown, s);
        return shown;
      }) as T;
    },
    fromClient: <T>(value: T): T => {
      const o = offset();
      return mapStrings(value, (s) => sent.get(s) ?? shiftTimestamp(s, -o)) as T;
    },
  };
}
