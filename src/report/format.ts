/** Small formatting helpers shared by the reporters. */
import type { Status, StepResult } from '../runner/result';

/** `2m30s`, `450ms`, `1h2m` — how a virtual or wall duration is shown. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  let s = Math.round(ms / 100) / 10;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s = Math.round((s - m * 60) * 10) / 10;
  return `${h ? h + 'h' : ''}${m ? m + 'm' : ''}${s || (!h && !m) ? s + 's' : ''}`;
}

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
