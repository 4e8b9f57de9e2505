import { describe, expect, it } from '@jest/globals';
import { clone } from '../../../../src/kube/object';
import { cluster, conditionTypes, job, type Obj } from './harness';

function maxActive(c: ReturnType<typeof cluster>, name: string): number {
  return Math.max(0, ...c.states('Job', name).map((s) => s.object.status?.active ?? 0));
}

describe('Job controller: completions, parallelism and modes', () => {
  it('runs at most `parallelism` pods until `completions` pods succeeded', () => {
    const c = cluster();
    c.sim.api.create(job('batch', ['sleep', '10'], { completions: 5, parallelism: 2 }));
    c.at(300_000);
    const j = c.get('Job', 'batch')!;
    expect(j.status.succeeded).toBe(5);
    expect(conditionTypes(j)).toEqual(['SuccessCriteriaMet=True', 'Complete=True']);
    expect(c.list('Pod')).toHaveLength(5);
    expect(maxActive(c, 'batch')).toBe(2);
  });

  it('finishes a work-queue Job (no completions) when a pod succeeded and none is active', () => {
    const c = cluster();
    c.sim.api.create(job('queue', ['sleep', '10'], { parallelism: 3 }));
    c.at(5_000);
    expect(c.get('Job', 'queue')!.spec.completions).toBeUndefined();
    expect(c.list('Pod')).toHaveLength(3);
    c.at(120_000);
    const j = c.get('Job', 'queue')!;
    expect(j.status.succeeded).toBe(3);
    expect(conditionTypes(j)).toEqual(['SuccessCriteriaMet=True', 'Complete=True']);
    expect(c.list('Pod')).toHaveLength(3);
  });

  it('gives Indexed pods their index: name, annotation, label, hostname, variable; completedIndexes', () => {
    const c = cluster();
    c.sim.api.create(job('idx', ['sleep', '5'], { completions: 3, parallelism: 3, completionMode: 'Indexed' }));
    c.at(3_000);
    const pods = c.list('Pod');
    expect(pods.map((p) => p.metadata.name.replace(/-[bcdfghjklmnpqrstvwxz2456789]{5}$/, ''))).toEqual(['idx-0', 'idx-1', 'idx-2']);
    for (const p of pods) {
      const ix = p.metadata.annotations!['batch.kubernetes.io/job-completion-index'];
      expect(p.metadata.labels!['batch.kubernetes.io/job-completion-index']).toBe(ix);
      expect(p.spec!.hostname).toBe(`idx-${ix}`);
      expect(p.spec!.containers[0]!.env).toEqual([
        { name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: "metadata.labels['batch.kubernetes.io/job-completion-index']" } } },
      ]);
    }
    c.at(120_000);
    expect(c.get('Job', 'idx')!.status).toMatchObject({ succeeded: 3, completedIndexes: '0-2' });
  });

  it('deletes the surplus when parallelism goes down, and creates more when it goes up', () => {
    const c = cluster();
    c.sim.api.create(job('scale', ['sleep', '600'], { completions: 10, parallelism: 3 }));
    c.at(10_000);
    const cur = clone(c.get('Job', 'scale')!) as Obj;
    cur.spec.parallelism = 1;
    c.sim.api.update(cur);
    c.at(12_000);
    expect(c.get('Job', 'scale')!.status).toMatchObject({ active: 1, terminating: 2 });
    expect(c.events('scale').filter((e) => e.startsWith('Normal SuccessfulDelete'))).toHaveLength(2);
    const up = clone(c.get('Job', 'scale')!) as Obj;
    up.spec.parallelism = 4;
    c.sim.api.update(up);
    c.at(14_000);
    expect(c.get('Job', 'scale')!.status.active).toBe(4);
  });

  it('suspends: deletes active pods, condition Suspended; resuming restarts them and startTime', () => {
    const c = cluster();
    c.sim.api.create(job('pause', ['sleep', '600'], { parallelism: 2, completions: 2 }));
    c.at(10_000);
    const s = clone(c.get('Job', 'pause')!) as Obj;
    s.spec.suspend = true;
    c.sim.api.update(s);
    c.at(60_000);
    const suspended = c.get('Job', 'pause')!;
    expect(suspended.status.conditions).toEqual([expect.objectContaining({ type: 'Suspended', status: 'True', reason: 'JobSuspended', message: 'Job suspended' })]);
    expect(suspended.status.active).toBeUndefined();
    expect(c.list('Pod')).toHaveLength(0);
    expect(c.events('pause')).toContain('Normal Suspended: Job suspended');
    const r = clone(c.get('Job', 'pause')!) as Obj;
    r.spec.suspend = false;
    c.sim.api.update(r);
    c.at(61_000);
    const resumed = c.get('Job', 'pause')!;
    expect(resumed.status.conditions[0]).toMatchObject({ type: 'Suspended', status: 'False', reason: 'JobResumed', message: 'Job resumed' });
    expect(resumed.status.startTime).toBe('2025-01-01T00:01:00Z');
    expect(resumed.status.active).toBe(2);
  });
});

describe('Job controller: deletion and TTL', () => {
  it('deletes a finished Job ttlSecondsAfterFinished after it finished, with its pods', () => {
    const c = cluster();
    c.sim.api.create(job('ttl', ['sleep', '5'], { ttlSecondsAfterFinished: 100 }));
    c.at(60_000);
    const j = c.get('Job', 'ttl')!;
    const finishedAt = c.sim.api.parseTime(j.status.completionTime);
    c.at(finishedAt + 99_000);
    expect(c.get('Job', 'ttl')).toBeDefined();
    c.at(finishedAt + 101_000);
    expect(c.get('Job', 'ttl')).toBeUndefined();
    expect(c.list('Pod')).toHaveLength(0);
    const deleted = c.states('Job', 'ttl').find((s) => s.type === 'DELETED')!;
    expect(deleted.t).toBe(finishedAt + 100_000);
  });

  it('takes the tracking finalizer off running pods of a deleted Job so they can go', () => {
    const c = cluster();
    c.sim.api.create(job('gone', ['sleep', '600']));
    c.at(10_000);
    c.sim.api.delete('Job', 'default', 'gone', { propagationPolicy: 'Background' });
    c.at(11_000);
    const pod = c.list('Pod')[0];
    expect(pod?.metadata.finalizers).toBeUndefined();
    c.at(120_000);
    expect(c.list('Pod')).toHaveLength(0);
  });
});
