import { describe, expect, it } from '@jest/globals';
import { cluster, conditionTypes, job } from './harness';

describe('Job controller: a Job that completes', () => {
  it('runs one pod named <job>-<5 chars> with the tracking finalizer and the job labels', () => {
    const c = cluster();
    const j = c.sim.api.create(job('test-job', ['sleep', '60']));
    c.at(5_000);
    const pods = c.list('Pod');
    expect(pods).toHaveLength(1);
    const pod = pods[0]!;
    expect(pod.metadata.name).toMatch(/^test-job-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(pod.metadata.finalizers).toEqual(['batch.kubernetes.io/job-tracking']);
    expect(pod.metadata.labels).toEqual({
      jobType: 'sleep',
      'batch.kubernetes.io/controller-uid': j.metadata.uid,
      'batch.kubernetes.io/job-name': 'test-job',
      'controller-uid': j.metadata.uid,
      'job-name': 'test-job',
    });
    expect(pod.metadata.ownerReferences).toEqual([{ apiVersion: 'batch/v1', kind: 'Job', name: 'test-job', uid: j.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(c.get('Job', 'test-job')!.status).toMatchObject({ active: 1, ready: 1, terminating: 0, uncountedTerminatedPods: {}, startTime: '2025-01-01T00:00:00Z' });
    expect(c.events('test-job')).toEqual([`Normal SuccessfulCreate: Created pod: ${pod.metadata.name}`]);
  });

  it('counts the succeeded pod, removes its finalizer and adds SuccessCriteriaMet then Complete (1.35)', () => {
    const c = cluster();
    c.sim.api.create(job('test-job', ['sleep', '60']));
    c.at(120_000);
    const done = c.get('Job', 'test-job')!;
    expect(done.status).toMatchObject({ succeeded: 1, ready: 0, terminating: 0, uncountedTerminatedPods: {} });
    expect(done.status.active).toBeUndefined();
    expect(conditionTypes(done)).toEqual(['SuccessCriteriaMet=True', 'Complete=True']);
    for (const cond of done.status.conditions) {
      expect(cond).toMatchObject({ reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' });
    }
    expect(done.status.completionTime).toBe(done.status.conditions[1].lastTransitionTime);
    const pod = c.list('Pod')[0]!;
    expect(pod.status!.phase).toBe('Succeeded');
    expect(pod.metadata.finalizers).toBeUndefined();
    expect(c.events('test-job').slice(1)).toEqual(['Normal Completed: Job completed']);
    // The pod's container ran 60s, so the Job takes a little over a minute.
    const took = Date.parse(done.status.completionTime) - Date.parse(done.status.startTime);
    expect(took).toBeGreaterThanOrEqual(60_000);
    expect(took).toBeLessThan(70_000);
  });

  it('writes the uncounted pod first and the count after the finalizer is gone', () => {
    const c = cluster();
    c.sim.api.create(job('test-job', ['sleep', '10']));
    c.at(60_000);
    const statuses = c.states('Job', 'test-job').map((s) => s.object.status).filter(Boolean);
    const uncounted = statuses.findIndex((s) => s.uncountedTerminatedPods?.succeeded?.length === 1);
    expect(uncounted).toBeGreaterThan(0);
    expect(statuses[uncounted].succeeded).toBeUndefined();
    expect(conditionTypes({ status: statuses[uncounted] } as never)).toEqual(['SuccessCriteriaMet=True']);
    expect(statuses[uncounted + 1]).toMatchObject({ succeeded: 1, uncountedTerminatedPods: {} });
  });

  it('adds Complete directly, without a reason, before 1.31', () => {
    const c = cluster({ version: '1.30' });
    c.sim.api.create(job('test-job', ['sleep', '5']));
    c.at(60_000);
    const done = c.get('Job', 'test-job')!;
    expect(conditionTypes(done)).toEqual(['Complete=True']);
    expect(done.status.conditions[0].reason).toBeUndefined();
    expect(done.status.conditions[0].message).toBeUndefined();
  });

  it('has SuccessCriteriaMet with reason CompletionsReached from 1.31', () => {
    const c = cluster({ version: '1.31' });
    c.sim.api.create(job('test-job', ['sleep', '5']));
    c.at(60_000);
    expect(conditionTypes(c.get('Job', 'test-job'))).toEqual(['SuccessCriteriaMet=True', 'Complete=True']);
    expect(c.get('Job', 'test-job')!.status.conditions[0].reason).toBe('CompletionsReached');
  });
});
