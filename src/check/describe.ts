/** Plain-text lines for check results: mismatches and times. */
import type { Mismatch } from './match';

/**
 * `Pod web-1: status.phase: expected Running, observed Pending`, one line per mismatch. The same
 * mismatch in several objects (an `each` that every pod fails alike) is one line naming them all:
 * `Pod web-0, web-1, web-2: ready: expected true, observed false`.
 */
export function describeMismatches(mismatches: ReadonlyArray<Mismatch & { object?: string }>): string[] {
  const groups = new Map<string, { objects: string[]; field: string; message: string }>();
  for (const m of mismatches) {
    const key = `${m.field}\0${m.message}`;
    const group = groups.get(key) ?? { objects: [], field: m.field, message: m.message };
    if (m.object !== undefined) group.objects.push(m.object);
    groups.set(key, group);
  }
  return [...groups.values()].map((g) => [objectsText(g.objects), g.field, g.message].filter((part) => part !== undefined && part !== '').join(': '));
}

/** `Pod web-0, web-1`: objects of one kind named once by their kind; others listed as they are. */
function objectsText(objects: string[]): string | undefined {
  if (objects.length <= 1) return objects[0];
  const kinds = new Set(objects.map((o) => o.split(' ')[0]));
  if (kinds.size > 1 || objects.some((o) => !o.includes(' '))) return abbreviate(objects);
  return `${[...kinds][0]} ${abbreviate(objects.map((o) => o.slice(o.indexOf(' ') + 1)))}`;
}

/** `a, b, c`, or the first `max` and how many in all. */
export function abbreviate(names: string[], max = 10): string {
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')}, … (${names.length} in all)`;
}

/** A time on the backend's clock in Go's Duration style, as Kubernetes users read it: 500ms, 1.5s, 2m5s, 1h0m0s. */
export function formatTime(ms: number): string {
  if (ms < 1000) return `${trim(ms)}ms`;
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const seconds = `${trim((ms % 60_000) / 1000)}s`;
  if (hours > 0) return `${hours}h${minutes}m${seconds}`;
  if (minutes > 0) return `${minutes}m${seconds}`;
  return seconds;
}

function trim(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}
