/** Plain-text lines for check results: mismatches and times. */
import type { Mismatch } from './match';

/** `Pod web-1: status.phase: expected Running, observed Pending`, one line per mismatch. */
export function describeMismatches(mismatches: ReadonlyArray<Mismatch & { object?: string }>): string[] {
  return mismatches.map((m) => [m.object, m.field, m.message].filter((part) => part !== undefined && part !== '').join(': '));
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
