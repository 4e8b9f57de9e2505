import { describe, expect, it } from '@jest/globals';
import { parseIntervals } from '../../../../src/sim/controllers/job/indexed';
import {
  absoluteIndexFailureCount, failedIndexesOf, failureCountAnnotations, indexesDueNow, indexFailureCount, isIndexFailed, podsAwaitingReplacement,
} from '../../../../src/sim/controllers/job/per-index';
import type { JobObj, PodObj } from '../../../../src/sim/controllers/job/types';

const T0 = Date.parse('2025-01-01T00:00:00Z');
const parse = (t: string) => Date.parse(t) - T0;
const at = (s: number) => new Date(T0 + s * 1000).toISOString().replace('.000', '');

interface PodOpts { phase?: string; exitCode?: number; count?: string; ignored?: string; finishedAt?: number; finalizer?: boolean; uid?: string }

function pod(index: number, o: PodOpts = {}): PodObj {
  const annotations: Record<string, string> = { 'batch.kubernetes.io/job-completion-index': String(index) };
  if (o.count !== undefined) annotations['batch.kubernetes.io/job-index-failure-count'] = o.count;
  if (o.ignored !== undefined) annotations['batch.kubernetes.io/job-index-ignored-failure-count'] = o.ignored;
  const terminated = o.exitCode === undefined ? undefined : { exitCode: o.exitCode, finishedAt: at(o.finishedAt ?? 0) };
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name: `p${index}-${o.uid ?? 'a'}`, uid: o.uid ?? `u${index}`, annotations, creationTimestamp: at(0),
      finalizers: o.finalizer === false ? [] : ['batch.kubernetes.io/job-tracking'],
    },
    spec: { containers: [{ name: 'main' }] },
    status: { phase: o.phase ?? (terminated ? 'Failed' : 'Running'), containerStatuses: terminated ? [{ name: 'main', image: 'i', imageID: '', ready: false, restartCount: 0, state: { terminated } }] : [] },
  } as PodObj;
}

function job(spec: Record<string, unknown> = {}, failedIndexes?: string): JobObj {
  return {
    apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j', namespace: 'default' },
    spec: { completionMode: 'Indexed', completions: 5, backoffLimitPerIndex: 1, podReplacementPolicy: 'Failed', template: { spec: { containers: [] } }, ...spec },
    status: failedIndexes === undefined ? {} : { failedIndexes },
  } as JobObj;
}

const failIndexOn42 = { podFailurePolicy: { rules: [
  { action: 'FailIndex', onExitCodes: { operator: 'In', values: [42] } },
  { action: 'Ignore', onExitCodes: { operator: 'In', values: [7] } },
] } };

describe('index failure counts (indexed_job_utils.go)', () => {
  it('reads the annotations like parseInt32: junk, negative or beyond int32 is 0', () => {
    expect(indexFailureCount(pod(0, { count: '3' }))).toBe(3);
    expect(indexFailureCount(pod(0, { count: '+2' }))).toBe(2);
    for (const bad of ['x', '-1', '2147483648', '1.5', '']) expect(indexFailureCount(pod(0, { count: bad }))).toBe(0);
    expect(indexFailureCount(pod(0))).toBe(0);
    expect(absoluteIndexFailureCount(pod(0, { count: '2', ignored: '3' }))).toBe(5);
  });

  it('fails an index once a counted failure happens at the limit, or at once by FailIndex', () => {
    expect(isIndexFailed(job(), pod(0, { exitCode: 1, count: '0' }))).toBe(false);
    expect(isIndexFailed(job(), pod(0, { exitCode: 1, count: '1' }))).toBe(true);
    expect(isIndexFailed(job(), pod(0, { count: '1' }))).toBe(false);
    expect(isIndexFailed(job(failIndexOn42), pod(0, { exitCode: 42, count: '0' }))).toBe(true);
    // an ignored failure never fails the index, whatever the count
    expect(isIndexFailed(job(failIndexOn42), pod(0, { exitCode: 7, count: '5' }))).toBe(false);
  });

  it('adds the indexes failed since to status.failedIndexes, only for pods not yet counted', () => {
    const pods = [pod(1, { exitCode: 1, count: '1' }), pod(3, { exitCode: 1, count: '1', finalizer: false }), pod(4, { exitCode: 1, count: '0' })];
    expect(failedIndexesOf(job({}, '0'), pods, 5)).toEqual(parseIntervals('0,1', 5));
    expect(failedIndexesOf(job(), [], 5)).toEqual([]);
  });

  it('gives a replacement the replaced pod\'s counts plus its failure, counted or ignored', () => {
    expect(failureCountAnnotations(job(), undefined)).toEqual({ 'batch.kubernetes.io/job-index-failure-count': '0' });
    expect(failureCountAnnotations(job(), pod(0, { exitCode: 1, count: '1' }))).toEqual({ 'batch.kubernetes.io/job-index-failure-count': '2' });
    expect(failureCountAnnotations(job(failIndexOn42), pod(0, { exitCode: 7, count: '1', ignored: '1' }))).toEqual({
      'batch.kubernetes.io/job-index-failure-count': '1', 'batch.kubernetes.io/job-index-ignored-failure-count': '2',
    });
  });
});

describe('replacement of failed pods per index', () => {
  const state = (pods: PodObj[], o: { succeeded?: string; failed?: string; active?: PodObj[] } = {}) => ({
    job: job(), pods, active: o.active ?? [], completions: 5, parseTime: parse,
    succeeded: parseIntervals(o.succeeded ?? '', 5), failed: parseIntervals(o.failed ?? '', 5),
  });

  it('waits on the failed pod with the highest count, the later one on a tie', () => {
    const older = pod(0, { exitCode: 1, count: '0', finishedAt: 5, uid: 'old' });
    const newer = pod(0, { exitCode: 1, count: '1', finishedAt: 20, uid: 'new' });
    const tieLater = pod(2, { exitCode: 1, count: '0', finishedAt: 9, uid: 'later' });
    const tieEarlier = pod(2, { exitCode: 1, count: '0', finishedAt: 3, uid: 'earlier' });
    const awaiting = podsAwaitingReplacement(state([newer, older, tieEarlier, tieLater]));
    expect(awaiting.get(0)?.metadata.uid).toBe('new');
    expect(awaiting.get(2)?.metadata.uid).toBe('later');
  });

  it('waits on nothing for an index that succeeded, failed or runs again, nor for counted pods', () => {
    const pods = [pod(0, { exitCode: 1 }), pod(1, { exitCode: 1 }), pod(2, { exitCode: 1 }), pod(3, { exitCode: 1, finalizer: false })];
    const awaiting = podsAwaitingReplacement(state(pods, { succeeded: '0', failed: '1', active: [pod(2, { uid: 'again' })] }));
    expect([...awaiting.keys()]).toEqual([]);
  });

  it('creates only indexes whose back-off passed: 10 s doubling per failure of the index, ignored ones included', () => {
    const awaiting = new Map([
      [0, pod(0, { exitCode: 1, count: '0', finishedAt: 100 })],
      [1, pod(1, { exitCode: 1, count: '1', ignored: '1', finishedAt: 100 })],
    ]);
    // index 0: 1 failure -> 10 s; index 1: 3 failures -> 40 s; index 2: never failed
    expect(indexesDueNow([0, 1], awaiting, 105_000, parse)).toEqual({ due: [], waitMs: 5_000 });
    expect(indexesDueNow([0, 1, 2], awaiting, 105_000, parse)).toEqual({ due: [2], waitMs: 0 });
    expect(indexesDueNow([0, 1], awaiting, 110_000, parse)).toEqual({ due: [0], waitMs: 0 });
    expect(indexesDueNow([1], awaiting, 130_000, parse)).toEqual({ due: [], waitMs: 10_000 });
  });
});
