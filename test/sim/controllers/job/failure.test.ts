import { describe, expect, it } from '@jest/globals';
import { cluster, conditionTypes, job, type Cluster } from './harness';

/** Virtual ms at which each pod of the Job was created, in order. */
function creations(c: Cluster): number[] {
  return c.history.filter((h) => h.type === 'ADDED' && h.kind === 'Pod').map((h) => h.t);
}

/** Virtual ms of each pod's container finishedAt, in creation order. */
function finishTimes(c: Cluster): number[] {
  const byPod = new Map<string, number>();
  for (const h of c.history) {
    if (h.kind !== 'Pod') continue;
    const at = (h.object as any).status?.containerStatuses?.[0]?.state?.terminated?.finishedAt;
    if (at && !byPod.has(h.name)) byPod.set(h.name, c.sim.api.parseTime(at));
  }
  return [...byPod.values()];
}

describe('Job controller: failures and the backoff limit', () => {
  it('replaces failed pods after 10s, 20s, 40s... and fails the Job past backoffLimit (restartPolicy Never)', () => {
    const c = cluster();
    c.sim.api.create(job('fail', ['sh', '-c', 'sleep 2; exit 1'], { backoffLimit: 3 }));
    c.at(400_000);
    const t = creations(c);
    expect(t).toHaveLength(4);
    // each replacement waits 10s * 2^(failures-1) after the last failure (its finishedAt)
    const finished = finishTimes(c);
    expect(t.slice(1).map((x, i) => x - finished[i]!)).toEqual([10_000, 20_000, 40_000]);
    const failed = c.get('Job', 'fail')!;
    expect(failed.status).toMatchObject({ failed: 4, terminating: 0, uncountedTerminatedPods: {} });
    expect(conditionTypes(failed)).toEqual(['FailureTarget=True', 'Failed=True']);
    expect(failed.status.conditions[1]).toMatchObject({ reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' });
    expect(failed.status.completionTime).toBeUndefined();
    expect(c.events('fail')).toContain('Warning BackoffLimitExceeded: Job has reached the specified backoff limit');
    for (const p of c.list('Pod')) expect(p.metadata.finalizers).toBeUndefined();
  });

  it('fails at once with backoffLimit 0 and adds Failed without FailureTarget before 1.31', () => {
    const c = cluster({ version: '1.30' });
    c.sim.api.create(job('fail', ['sh', '-c', 'exit 3'], { backoffLimit: 0 }));
    c.at(60_000);
    expect(creations(c)).toHaveLength(1);
    expect(conditionTypes(c.get('Job', 'fail'))).toEqual(['Failed=True']);
    expect(c.get('Job', 'fail')!.status.failed).toBe(1);
  });

  it('counts container restarts towards the limit with restartPolicy OnFailure and deletes the pod', () => {
    const c = cluster();
    c.sim.api.create(job('crash', ['sh', '-c', 'sleep 1; exit 1'], { backoffLimit: 2 }, 'OnFailure'));
    c.at(300_000);
    expect(creations(c)).toHaveLength(1);
    const j = c.get('Job', 'crash')!;
    expect(conditionTypes(j)).toEqual(['FailureTarget=True', 'Failed=True']);
    expect(j.status.failed).toBe(1);
    // the pod restarted twice, then the Job deleted it
    const podStates = c.history.filter((h) => h.kind === 'Pod');
    const restarts = Math.max(...podStates.map((h) => ('object' in h ? ((h.object as any).status?.containerStatuses?.[0]?.restartCount ?? 0) : 0)));
    expect(restarts).toBe(2);
    expect(c.list('Pod')).toHaveLength(0);
    expect(c.events('crash').filter((e) => e.startsWith('Normal SuccessfulDelete'))).toHaveLength(1);
  });

  it('fails with DeadlineExceeded once activeDeadlineSeconds pass, waiting for the pod to terminate', () => {
    const c = cluster();
    c.sim.api.create(job('slow', ['sleep', '3600'], { activeDeadlineSeconds: 30 }));
    c.at(29_000);
    expect(conditionTypes(c.get('Job', 'slow'))).toEqual([]);
    c.at(30_000);
    expect(conditionTypes(c.get('Job', 'slow'))).toEqual(['FailureTarget=True']);
    expect(c.get('Job', 'slow')!.status).toMatchObject({ terminating: 1 });
    c.at(120_000);
    const j = c.get('Job', 'slow')!;
    expect(conditionTypes(j)).toEqual(['FailureTarget=True', 'Failed=True']);
    expect(j.status.conditions[1]).toMatchObject({ reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' });
    expect(j.status).toMatchObject({ failed: 1, terminating: 0 });
    expect(c.events('slow')).toContain('Warning DeadlineExceeded: Job was active longer than specified deadline');
    // `sleep` as PID 1 ignores SIGTERM: the pod is gone after the 30s grace period
    const failedAt = Date.parse(j.status.conditions[1].lastTransitionTime) - Date.parse('2025-01-01T00:00:00Z');
    expect(failedAt).toBeGreaterThanOrEqual(60_000);
  });

  it('fails the Job on a FailJob rule of the pod failure policy with upstream message', () => {
    const c = cluster();
    c.sim.api.create(job('policy', ['sh', '-c', 'exit 42'], {
      backoffLimit: 6,
      podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } }] },
    }));
    c.at(60_000);
    const j = c.get('Job', 'policy')!;
    const pod = c.list('Pod')[0]!;
    expect(conditionTypes(j)).toEqual(['FailureTarget=True', 'Failed=True']);
    expect(j.status.conditions[1]).toMatchObject({
      reason: 'PodFailurePolicy',
      message: `Container job for pod default/${pod.metadata.name} failed with exit code 42 matching FailJob rule at index 0`,
    });
  });

  it('does not count failures an Ignore rule matches', () => {
    const c = cluster();
    c.sim.api.create(job('ignore', ['sh', '-c', 'exit 5'], {
      backoffLimit: 0,
      podFailurePolicy: { rules: [{ action: 'Ignore', onExitCodes: { operator: 'In', values: [5] } }] },
    }));
    c.at(40_000);
    expect(creations(c).length).toBeGreaterThanOrEqual(2);
    expect(conditionTypes(c.get('Job', 'ignore'))).toEqual([]);
    expect(c.get('Job', 'ignore')!.status.failed).toBeUndefined();
  });
});
