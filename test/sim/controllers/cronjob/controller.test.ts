import { describe, expect, it } from '@jest/globals';
import type { KObject } from '../../../../src/kube/object';
import { clone } from '../../../../src/kube/object';
import { cluster, type Cluster, type Obj } from '../job/harness';

/** The tutorial's CronJob (busybox `date; echo ...`), with overrides. */
function cronJob(spec: Record<string, unknown> = {}, command = 'date; echo Hello from the Kubernetes cluster'): KObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'hello', namespace: 'default' },
    spec: {
      schedule: '*/1 * * * *',
      jobTemplate: {
        spec: {
          template: {
            spec: {
              restartPolicy: 'OnFailure',
              containers: [{ name: 'hello', image: 'busybox', imagePullPolicy: 'IfNotPresent', args: ['/bin/sh', '-c', command] }],
            },
          },
        },
      },
      ...spec,
    },
  };
}

const MINUTE0 = 28928160; // 2025-01-01T00:00:00Z in minutes since the epoch

function jobNames(c: Cluster): string[] {
  return c.list('Job').map((j) => j.metadata.name);
}

function created(c: Cluster, kind: string): Array<{ t: number; name: string }> {
  return c.history.filter((h) => h.type === 'ADDED' && h.kind === kind).map((h) => ({ t: h.t, name: h.name }));
}

describe('CronJob controller', () => {
  it('creates one Job per minute, named by the scheduled minute, 100ms after it, and records it', () => {
    const c = cluster({ cronJobs: true });
    const cj = c.sim.api.create(cronJob());
    c.at(59_000);
    expect(jobNames(c)).toEqual([]);
    c.at(60_100);
    expect(jobNames(c)).toEqual([`hello-${MINUTE0 + 1}`]);
    const job = c.get('Job', `hello-${MINUTE0 + 1}`)!;
    expect(created(c, 'Job')[0]!.t).toBe(60_100);
    expect(job.metadata.annotations).toEqual({ 'batch.kubernetes.io/cronjob-scheduled-timestamp': '2025-01-01T00:01:00Z' });
    expect(job.metadata.ownerReferences).toEqual([{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'hello', uid: cj.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    const status = c.get('CronJob', 'hello')!.status;
    expect(status.lastScheduleTime).toBe('2025-01-01T00:01:00Z');
    expect(status.active).toEqual([{ apiVersion: 'batch/v1', kind: 'Job', name: job.metadata.name, namespace: 'default', uid: job.metadata.uid, resourceVersion: expect.any(String) }]);
    expect(c.events('hello')).toEqual([`Normal SuccessfulCreate: Created job hello-${MINUTE0 + 1}`]);
  });

  it('keeps the 3 newest successful Jobs, deleting older ones with their pods, and tracks lastSuccessfulTime', () => {
    const c = cluster({ cronJobs: true });
    c.sim.api.create(cronJob({ successfulJobsHistoryLimit: 3 }));
    c.at(5 * 60_000 + 30_000);
    expect(created(c, 'Job').map((x) => x.name)).toEqual([1, 2, 3, 4, 5].map((m) => `hello-${MINUTE0 + m}`));
    expect(jobNames(c)).toEqual([3, 4, 5].map((m) => `hello-${MINUTE0 + m}`));
    expect(c.list('Pod')).toHaveLength(3);
    const status = c.get('CronJob', 'hello')!.status;
    expect(status.active).toBeUndefined();
    expect(status.lastScheduleTime).toBe('2025-01-01T00:05:00Z');
    expect(status.lastSuccessfulTime).toBe(c.get('Job', `hello-${MINUTE0 + 5}`)!.status.completionTime);
    const events = c.events('hello');
    expect(events).toContain(`Normal SawCompletedJob: Saw completed job: hello-${MINUTE0 + 1}, condition: Complete`);
    expect(events).toContain(`Normal SuccessfulDelete: Deleted job hello-${MINUTE0 + 1}`);
    expect(events).toContain(`Normal SuccessfulDelete: Deleted job hello-${MINUTE0 + 2}`);
  });

  it('keeps 1 failed Job by default', () => {
    const c = cluster({ cronJobs: true });
    c.sim.api.create(cronJob({ jobTemplate: { spec: { backoffLimit: 0, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'hello', image: 'busybox', command: ['sh', '-c', 'exit 1'] }] } } } } }));
    c.at(3 * 60_000 + 30_000);
    expect(jobNames(c)).toEqual([`hello-${MINUTE0 + 3}`]);
    expect(c.get('CronJob', 'hello')!.status.lastSuccessfulTime).toBeUndefined();
  });

  it('with concurrencyPolicy Forbid skips a time while the previous Job runs', () => {
    const c = cluster({ cronJobs: true });
    c.sim.api.create(cronJob({ concurrencyPolicy: 'Forbid' }, 'sleep 90'));
    c.at(4 * 60_000 + 30_000);
    // 00:01 runs past 00:02, so 00:02 is refused; its Job starts late, as soon as 00:01's has
    // finished (nothing moved lastScheduleTime and no startingDeadlineSeconds forbids it). That
    // one runs past 00:03 and 00:04: on finishing, only the most recent time (00:04) is started.
    const jobs = created(c, 'Job');
    expect(jobs.map((x) => x.name)).toEqual([1, 2, 4].map((m) => `hello-${MINUTE0 + m}`));
    const firstDone = c.sim.api.parseTime(c.states('Job', `hello-${MINUTE0 + 1}`).at(-1)!.object.status.completionTime);
    expect(jobs[1]!.t).toBeGreaterThan(2 * 60_000);
    expect(jobs[1]!.t - firstDone).toBeLessThan(2_000);
    expect(c.events('hello')).toContain('Normal JobAlreadyActive: Not starting job because prior execution is running and concurrency policy is Forbid');
  });

  it('with Allow runs overlapping Jobs; with Replace deletes the running one first', () => {
    const allow = cluster({ cronJobs: true });
    allow.sim.api.create(cronJob({}, 'sleep 90'));
    allow.at(2 * 60_000 + 30_000);
    expect(allow.get('CronJob', 'hello')!.status.active).toHaveLength(2);

    const replace = cluster({ cronJobs: true });
    replace.sim.api.create(cronJob({ concurrencyPolicy: 'Replace' }, 'sleep 90'));
    replace.at(2 * 60_000 + 30_000);
    const status = replace.get('CronJob', 'hello')!.status;
    expect(status.active.map((r: { name: string }) => r.name)).toEqual([`hello-${MINUTE0 + 2}`]);
    expect(replace.events('hello')).toContain(`Normal SuccessfulDelete: Deleted job hello-${MINUTE0 + 1}`);
  });

  it('does nothing while suspended and catches up the most recent time on resume', () => {
    const c = cluster({ cronJobs: true });
    c.sim.api.create(cronJob({ suspend: true }));
    c.at(3 * 60_000 + 30_000);
    expect(jobNames(c)).toEqual([]);
    const cur = clone(c.get('CronJob', 'hello')!) as Obj;
    cur.spec.suspend = false;
    c.sim.api.update(cur);
    c.at(3 * 60_000 + 31_000);
    expect(jobNames(c)).toEqual([`hello-${MINUTE0 + 3}`]);
  });

  it('misses a time older than startingDeadlineSeconds', () => {
    const c = cluster({ cronJobs: true });
    c.sim.api.create(cronJob({ suspend: true, startingDeadlineSeconds: 10 }));
    c.at(2 * 60_000 + 30_000);
    const cur = clone(c.get('CronJob', 'hello')!) as Obj;
    cur.spec.suspend = false;
    c.sim.api.update(cur);
    c.at(2 * 60_000 + 31_000);
    expect(jobNames(c)).toEqual([]);
    c.at(3 * 60_000 + 1_000);
    expect(jobNames(c)).toEqual([`hello-${MINUTE0 + 3}`]);
  });

  it('follows the virtual clock: cost grows with firings, not time', () => {
    const c = cluster({ cronJobs: true });
    c.sim.api.create(cronJob({ schedule: '0 0 * * *' }));
    c.at(3 * 24 * 3600_000 + 1000);
    expect(jobNames(c)).toEqual([1, 2, 3].map((d) => `hello-${MINUTE0 + d * 1440}`));
  });
});
