/**
 * Indexed Jobs (indexed_job_utils.go): completion indexes as ordered intervals, written like
 * status.completedIndexes ("1,3-5,7": runs of three or more with a hyphen), the first pending
 * indexes, and which duplicated or out-of-range pods to remove.
 */
import { COMPLETION_INDEX_KEY, type PodObj } from './types';

export interface Interval {
  first: number;
  last: number;
}

/** Ordered, non-overlapping, non-adjacent intervals. */
export type Intervals = readonly Interval[];

/** getCompletionIndex: the pod's index annotation as a non-negative integer, else undefined. */
export function completionIndex(pod: PodObj): number | undefined {
  const v = pod.metadata.annotations?.[COMPLETION_INDEX_KEY];
  if (v === undefined || !/^[+-]?\d+$/.test(v)) return undefined;
  const n = Number(v);
  return n >= 0 && n <= 2 ** 31 - 1 ? n : undefined;
}

/** withOrderedIndexes: the union of the intervals and `indexes` (given in increasing order). */
export function withIndexes(intervals: Intervals, indexes: readonly number[]): Interval[] {
  return unionIntervals(intervals, indexes.map((i) => ({ first: i, last: i })));
}

/** orderedIntervals.merge: the union of two interval lists, adjacent runs joined. */
export function unionIntervals(a: Intervals, b: Intervals): Interval[] {
  const all = [...a, ...b].map((i) => ({ ...i })).sort((x, y) => x.first - y.first);
  const out: Interval[] = [];
  for (const iv of all) {
    const last = out[out.length - 1];
    if (!last || iv.first > last.last + 1) out.push(iv);
    else if (iv.last > last.last) last.last = iv.last;
  }
  return out;
}

export function total(intervals: Intervals): number {
  return intervals.reduce((n, iv) => n + iv.last - iv.first + 1, 0);
}

export function has(intervals: Intervals, ix: number): boolean {
  return intervals.some((iv) => iv.first <= ix && ix <= iv.last);
}

/** orderedIntervals.String. */
export function formatIntervals(intervals: Intervals): string {
  return intervals
    .map((iv) => (iv.last === iv.first ? `${iv.first}` : iv.last === iv.first + 1 ? `${iv.first},${iv.last}` : `${iv.first}-${iv.last}`))
    .join(',');
}

/**
 * succeededIndexesFromString: parses status.completedIndexes, ignoring corrupt parts and
 * clipping to the indexes below `completions`.
 */
export function parseIntervals(text: string | undefined, completions: number): Interval[] {
  if (!text) return [];
  const out: Interval[] = [];
  for (const part of text.split(',')) {
    const [a, b] = part.split('-');
    const first = Number(a);
    if (!/^\d+$/.test(a ?? '')) continue;
    if (first >= completions) break;
    let last = first;
    if (b !== undefined) {
      if (!/^\d+$/.test(b)) continue;
      last = Math.min(Number(b), completions - 1);
    }
    const prev = out[out.length - 1];
    if (prev && prev.last === first - 1) prev.last = last;
    else out.push({ first, last });
  }
  return out;
}

/**
 * firstPendingIndexes: the `count` lowest indexes below `completions` that no pod in `busyPods`
 * holds (the active ones, and the terminating ones when only failed pods are replaced) and that
 * are neither succeeded nor failed (backoffLimitPerIndex).
 */
export function firstPendingIndexes(
  busyPods: readonly PodObj[], succeeded: Intervals, count: number, completions: number, failed: Intervals = [],
): number[] {
  if (count === 0) return [];
  const busy = [...new Set(busyPods.map(completionIndex).filter((i): i is number => i !== undefined))].sort((a, b) => a - b);
  const taken = unionIntervals(withIndexes(succeeded, busy), failed);
  const out: number[] = [];
  let candidate = 0;
  for (const iv of taken) {
    for (; candidate < completions && out.length < count && candidate < iv.first; candidate++) out.push(candidate);
    if (candidate < iv.last + 1) candidate = iv.last + 1;
  }
  for (; candidate < completions && out.length < count; candidate++) out.push(candidate);
  return out;
}

/**
 * appendDuplicatedIndexPodsForRemoval: pods without an index or with one >= completions are
 * removed; of several active pods with one index all but the last in ActivePods order go.
 */
export function duplicatedIndexPods(pods: readonly PodObj[], completions: number, order: (a: PodObj, b: PodObj) => number): { remove: PodObj[]; keep: PodObj[] } {
  const remove: PodObj[] = [];
  const keep: PodObj[] = [];
  const byIndex = new Map<number, PodObj[]>();
  for (const p of pods) {
    const ix = completionIndex(p);
    if (ix === undefined || ix >= completions) remove.push(p);
    else byIndex.set(ix, [...(byIndex.get(ix) ?? []), p]);
  }
  for (const ix of [...byIndex.keys()].sort((a, b) => a - b)) {
    const same = byIndex.get(ix)!.slice().sort(order);
    remove.push(...same.slice(0, -1));
    keep.push(same[same.length - 1]!);
  }
  return { remove, keep };
}

/** MaxGeneratedNameLength (apiserver storage names): 63 minus the 5 random characters. */
const MAX_GENERATED_NAME_LENGTH = 58;

/** podGenerateNameWithIndex: `<job>-<index>-`, the job name cut so the prefix fits. */
export function generateNameWithIndex(jobName: string, index: number): string {
  const suffix = `-${index}-`;
  const prefix = jobName + suffix;
  return prefix.length > MAX_GENERATED_NAME_LENGTH ? prefix.slice(0, MAX_GENERATED_NAME_LENGTH - suffix.length) + suffix : prefix;
}
