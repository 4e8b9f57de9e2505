import { describe, expect, it } from '@jest/globals';
import { firstPendingIndexes, formatIntervals, generateNameWithIndex, parseIntervals, total, unionIntervals, withIndexes } from '../../../../src/sim/controllers/job/indexed';
import { nextBackoffRecord, remainingBackoffMs } from '../../../../src/sim/controllers/job/backoff';
import type { PodObj } from '../../../../src/sim/controllers/job/types';

function pod(index: number | undefined, finishedAt?: string): PodObj {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: `p${index}`, annotations: index === undefined ? {} : { 'batch.kubernetes.io/job-completion-index': String(index) }, creationTimestamp: '2025-01-01T00:00:00Z' },
    status: finishedAt ? { containerStatuses: [{ name: 'c', image: 'i', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode: 1, finishedAt } } }] } : {},
  } as PodObj;
}

describe('completed indexes (indexed_job_utils.go)', () => {
  it('writes runs of three or more with a hyphen, two as a pair', () => {
    expect(formatIntervals(withIndexes([], [1, 3, 4, 5, 7]))).toBe('1,3-5,7');
    expect(formatIntervals(withIndexes([], [0, 1]))).toBe('0,1');
    expect(formatIntervals(withIndexes(parseIntervals('0-2,6', 10), [3, 5]))).toBe('0-3,5,6');
  });

  it('parses, merging adjacent parts and clipping to completions', () => {
    expect(parseIntervals('0,1,2-4,x,9-12', 11)).toEqual([{ first: 0, last: 4 }, { first: 9, last: 10 }]);
    expect(total(parseIntervals('0-4,9-10', 11))).toBe(7);
  });

  it('round-trips the failedIndexes text of the API docs ("1,3-5,7") and empty text', () => {
    expect(parseIntervals('1,3-5,7', 10)).toEqual([{ first: 1, last: 1 }, { first: 3, last: 5 }, { first: 7, last: 7 }]);
    expect(formatIntervals(parseIntervals('1,3-5,7', 10))).toBe('1,3-5,7');
    expect(parseIntervals('', 10)).toEqual([]);
    expect(formatIntervals([])).toBe('');
  });

  it('unites interval lists, joining adjacent runs (orderedIntervals.merge)', () => {
    const a = parseIntervals('0,4-6', 20);
    const b = parseIntervals('1,2,7,10-12', 20);
    expect(formatIntervals(unionIntervals(a, b))).toBe('0-2,4-7,10-12');
    expect(unionIntervals(a, [])).toEqual(a);
  });

  it('picks the lowest indexes neither succeeded nor running', () => {
    expect(firstPendingIndexes([pod(1), pod(4)], parseIntervals('0,2', 10), 3, 10)).toEqual([3, 5, 6]);
    expect(firstPendingIndexes([], parseIntervals('0-8', 10), 3, 10)).toEqual([9]);
  });

  it('skips failed indexes too (backoffLimitPerIndex)', () => {
    expect(firstPendingIndexes([pod(1)], parseIntervals('0', 10), 3, 10, parseIntervals('2-4,6', 10))).toEqual([5, 7, 8]);
  });

  it('cuts long job names so `<job>-<index>-` stays within 58 characters', () => {
    expect(generateNameWithIndex('pi', 3)).toBe('pi-3-');
    const long = generateNameWithIndex('x'.repeat(60), 12);
    expect(long).toHaveLength(58);
    expect(long.endsWith('-12-')).toBe(true);
  });
});

describe('pod failure back-off (backoff_utils.go)', () => {
  const parse = (t: string) => Date.parse(t) - Date.parse('2025-01-01T00:00:00Z');

  it('doubles from 10s per failure since the last success, up to 10 minutes', () => {
    let r = nextBackoffRecord({ failuresAfterLastSuccess: 0 }, [], [pod(undefined, '2025-01-01T00:00:05Z')], parse);
    expect(r).toEqual({ failuresAfterLastSuccess: 1, lastFailureTime: 5000 });
    expect(remainingBackoffMs(r, 7000)).toBe(8000);
    r = nextBackoffRecord(r, [], [pod(undefined, '2025-01-01T00:00:30Z'), pod(undefined, '2025-01-01T00:00:20Z')], parse);
    expect(r).toEqual({ failuresAfterLastSuccess: 3, lastFailureTime: 30_000 });
    expect(remainingBackoffMs(r, 30_000)).toBe(40_000);
    expect(remainingBackoffMs({ failuresAfterLastSuccess: 12, lastFailureTime: 0 }, 0)).toBe(600_000);
  });

  it('starts over after a success, keeping only later failures', () => {
    const r = nextBackoffRecord({ failuresAfterLastSuccess: 4, lastFailureTime: 0 },
      [pod(undefined, '2025-01-01T00:01:00Z')], [pod(undefined, '2025-01-01T00:00:50Z'), pod(undefined, '2025-01-01T00:01:10Z')], parse);
    expect(r).toEqual({ failuresAfterLastSuccess: 1, lastFailureTime: 70_000 });
    expect(nextBackoffRecord(r, [pod(undefined, '2025-01-01T00:02:00Z')], [], parse)).toEqual({ failuresAfterLastSuccess: 0 });
  });
});
