/** States sampled at points in time, turned into the intervals the timeline draws. */
import type { Interval, Ms } from './model';

export interface Sample<S> {
  t: Ms;
  state: S;
}

/**
 * One interval per run of equal states (compared by their JSON, the states are plain data): each
 * lasts until the next different state, the last until `end`.
 */
export function toIntervals<S>(samples: readonly Sample<S>[], end: Ms): Interval<S>[] {
  const out: Interval<S>[] = [];
  let key = '';
  for (const { t, state } of samples) {
    const k = JSON.stringify(state);
    const last = out.at(-1);
    if (last && k === key) continue;
    if (last) last.to = t;
    out.push({ from: t, to: end, state });
    key = k;
  }
  // a state replaced at the same instant it began was never seen: drop zero-length ones but the last
  return out.filter((iv, i) => iv.to > iv.from || i === out.length - 1);
}
