/** Small formatting helpers shared by the reporters. */
import { FORMAT_DURATION_FILE } from '../paths';
import type { Status, StepResult } from '../runner/result';

/** `2m30s`, `450ms`, `1h2m` — how a virtual or wall duration is shown (the report's page runs the same file). */
export const formatDuration: (ms: number) => string = (require(FORMAT_DURATION_FILE) as { formatDuration: (ms: number) => string }).formatDuration;

/** When a step ran on the backend clock: `20s→1m5s`. */
export function stepSpan(s: Pick<StepResult, 'startMs' | 'endMs'>): string {
  return `${formatDuration(s.startMs)}→${formatDuration(s.endMs)}`;
}

/** `2 passed, 1 failed` (`, N skipped` and `, N invalid` when any): the last line of a run. */
export function runSummary(statuses: readonly Status[], invalid = 0): string {
  const count = (...s: Status[]) => statuses.filter((x) => s.includes(x)).length;
  const skipped = count('skipped') ? `, ${count('skipped')} skipped` : '';
  return `${count('passed')} passed, ${count('failed', 'error')} failed${skipped}${invalid ? `, ${invalid} invalid` : ''}`;
}
