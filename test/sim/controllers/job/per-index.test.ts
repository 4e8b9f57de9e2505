import { describe, expect, it } from '@jest/globals';
import { cluster, conditionTypes, job, type Cluster, type Obj } from './harness';

const COUNT = 'batch.kubernetes.io/job-index-failure-count';
const IGNORED = 'batch.kubernetes.io/job-index-ignored-failure-count';
const INDEX = 'batch.kubernetes.io/job-completion-index';

/** The pods as created: virtual ms, index and failure-count annotations, in creation order. */
function created(c: Cluster): Array<{ t: number; name: string; index: string; count?: string; ignored?: string }> {
  return c.history.filter((h) => h.kind === 'Pod' && h.type === 'ADDED').map((h) => {
    const a = (h.object as Obj).metadata.annotations ?? {};
    return { t: h.t, name: h.name, index: a[INDEX]!, count: a[COUNT], ignored: a[IGNORED] };
  });
}

/** Virtual ms of the pod's container finishedAt. */
function finishedAt(c: Cluster, name: string): number {
  for (const h of c.history) {
    const at = h.kind === 'Pod' && h.name === name ? (h.object as any).status?.containerStatuses?.[0]?.state?.terminated?.finishedAt : undefined;
    if (at) return c.sim.api.parseTime(at);
  }
  throw new Error(`pod ${name} never finished`);
}

function running(c: Cluster, index: number): Obj {
  const pod = c.list('Pod').find((p) => p.metadata.annotations?.[INDEX] === String(index) && p.status?.phase === 'Running');
  if (!pod) throw new Error(`no running pod of index ${index}`);
  return pod;
}

const indexed = (spec: Record<string, unknown>) => ({ completionMode: 'Indexed', ...spec });

describe('Job controller: backoffLimitPerIndex', () => {
  it('retries each index up to its own limit, carrying the count on the replacement, and fails with FailedIndexes', () => {
    const c = cluster({ version: '1.37' });
    c.sim.api.create(job('pi', ['sh', '-c', 'sleep 2; exit 1'], indexed({ completions: 3, parallelism: 2, backoffLimitPerIndex: 1 })));
    expect(c.get('Job', 'pi')!.spec.backoffLimit).toBe(2147483647);
    c.at(200_000);
    const pods = created(c);
    expect(pods.map((p) => [p.index, p.count])).toEqual([['0', '0'], ['1', '0'], ['0', '1'], ['1', '1'], ['2', '0'], ['2', '1']]);
    expect(pods.every((p) => p.ignored === undefined)).toBe(true);
    // each replacement waits 10 s from its own index's failure (one failure so far)
    for (const [first, second] of [[0, 2], [1, 3], [4, 5]] as const) {
      expect(pods[second]!.t - finishedAt(c, pods[first]!.name)).toBe(10_000);
    }
    const j = c.get('Job', 'pi')!;
    expect(j.status).toMatchObject({ failed: 6, failedIndexes: '0-2', uncountedTerminatedPods: {} });
    expect(j.status.completedIndexes).toBeUndefined();
    expect(conditionTypes(j)).toEqual(['FailureTarget=True', 'Failed=True']);
    expect(j.status.conditions[1]).toMatchObject({ reason: 'FailedIndexes', message: 'Job has failed indexes' });
    expect(c.events('pi')).toContain('Warning FailedIndexes: Job has failed indexes');
    for (const p of c.list('Pod')) expect(p.metadata.finalizers).toBeUndefined();
  });

  it('keeps the failed pod\'s finalizer until its replacement exists', () => {
    const c = cluster({ version: '1.37' });
    c.sim.api.create(job('pi', ['sh', '-c', 'sleep 2; exit 1'], indexed({ completions: 1, backoffLimitPerIndex: 2 })));
    const [first] = (c.at(8_000), created(c));
    expect(c.get('Pod', first!.name)!.status.phase).toBe('Failed');
    expect(c.get('Pod', first!.name)!.metadata.finalizers).toEqual(['batch.kubernetes.io/job-tracking']);
    expect(c.get('Job', 'pi')!.status).toMatchObject({ failedIndexes: '' });
    expect(c.get('Job', 'pi')!.status.failed).toBeUndefined();
    c.at(finishedAt(c, first!.name) + 12_000);
    expect(created(c)).toHaveLength(2);
    expect(c.get('Pod', first!.name)!.metadata.finalizers).toBeUndefined();
    expect(c.get('Job', 'pi')!.status.failed).toBe(1);
    // the third pod of the index waits twice as long: two failures of the index
    c.at(120_000);
    const pods = created(c);
    expect(pods.map((p) => p.count)).toEqual(['0', '1', '2']);
    expect(pods[2]!.t - finishedAt(c, pods[1]!.name)).toBe(20_000);
  });

  it('fails at once with MaxFailedIndexesExceeded when more indexes fail than maxFailedIndexes', () => {
    const c = cluster({ version: '1.37' });
    c.sim.api.create(job('pi', ['sh', '-c', 'sleep 2; exit 1'], indexed({ completions: 10, parallelism: 3, backoffLimitPerIndex: 0, maxFailedIndexes: 1 })));
    c.at(120_000);
    const j = c.get('Job', 'pi')!;
    expect(created(c)).toHaveLength(3);
    expect(conditionTypes(j)).toEqual(['FailureTarget=True', 'Failed=True']);
    expect(j.status.conditions[1]).toMatchObject({ reason: 'MaxFailedIndexesExceeded', message: 'Job has exceeded the specified maximal number of failed indexes' });
    expect(j.status.failedIndexes).toBe('0-2');
    expect(c.events('pi')).toContain('Warning MaxFailedIndexesExceeded: Job has exceeded the specified maximal number of failed indexes');
  });

  it('FailIndex fails the index without a retry; other indexes run on; Ignore is carried as the ignored count', () => {
    const c = cluster({ version: '1.37' });
    c.sim.api.create(job('pi', ['sh', '-c', 'sleep 30; exit 0'], indexed({
      completions: 4, parallelism: 2, backoffLimitPerIndex: 1,
      podFailurePolicy: { rules: [
        { action: 'FailIndex', onExitCodes: { containerName: 'job', operator: 'In', values: [42] } },
        { action: 'Ignore', onExitCodes: { containerName: 'job', operator: 'In', values: [7] } },
      ] },
    })));
    c.at(10_000);
    c.sim.act('crashContainer', { pod: running(c, 0).metadata.name, exitCode: 7 });
    c.sim.act('crashContainer', { pod: running(c, 1).metadata.name, exitCode: 42 });
    c.at(300_000);
    const pods = created(c);
    const index0 = pods.filter((p) => p.index === '0');
    expect(index0.map((p) => [p.count, p.ignored])).toEqual([['0', undefined], ['0', '1']]);
    expect(pods.filter((p) => p.index === '1')).toHaveLength(1);
    const j = c.get('Job', 'pi')!;
    // index 0: an ignored failure, then a success; index 1 failed by the FailIndex rule
    expect(j.status).toMatchObject({ succeeded: 3, failed: 1, completedIndexes: '0,2,3', failedIndexes: '1' });
    expect(conditionTypes(j)).toEqual(['FailureTarget=True', 'Failed=True']);
    expect(j.status.conditions[1]).toMatchObject({ reason: 'FailedIndexes' });
  });

  it('completes when no index failed, writing failedIndexes empty', () => {
    const c = cluster({ version: '1.37' });
    c.sim.api.create(job('pi', ['sh', '-c', 'sleep 2; exit 0'], indexed({ completions: 2, parallelism: 2, backoffLimitPerIndex: 1 })));
    c.at(60_000);
    const j = c.get('Job', 'pi')!;
    expect(conditionTypes(j)).toEqual(['SuccessCriteriaMet=True', 'Complete=True']);
    expect(j.status).toMatchObject({ succeeded: 2, completedIndexes: '0,1', failedIndexes: '' });
  });
});

describe('Job controller: spec.managedBy', () => {
  const managed = { managedBy: 'example.com/custom-controller' };

  it('leaves a Job managed by another controller alone from 1.32', () => {
    const c = cluster({ version: '1.32' });
    c.sim.api.create(job('ext', ['sleep', '5'], managed));
    c.at(60_000);
    expect(c.list('Pod')).toHaveLength(0);
    expect(c.get('Job', 'ext')!.status ?? {}).toEqual({});
  });

  it('runs a Job naming kubernetes.io/job-controller', () => {
    const c = cluster({ version: '1.35' });
    c.sim.api.create(job('own', ['sleep', '5'], { managedBy: 'kubernetes.io/job-controller' }));
    c.at(60_000);
    expect(conditionTypes(c.get('Job', 'own'))).toContain('Complete=True');
  });

  it('drops the field on create before 1.32 (JobManagedBy off), so the Job runs', () => {
    const c = cluster({ version: '1.31' });
    c.sim.api.create(job('ext', ['sleep', '5'], managed));
    expect(c.get('Job', 'ext')!.spec.managedBy).toBeUndefined();
    c.at(60_000);
    expect(conditionTypes(c.get('Job', 'ext'))).toContain('Complete=True');
  });
});
