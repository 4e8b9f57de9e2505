/**
 * KEP-5440 in the Job controller: with MutableSchedulingDirectivesForSuspendedJobs (on from 1.36,
 * kubernetes#135965) suspending a Job clears status.startTime, so the API server lets its pod
 * template's scheduling directives and resources change (see test/kube/validation/batch-suspended).
 */
import { describe, expect, it } from '@jest/globals';
import { clone } from '../../../../src/kube/object';
import type { KubeVersion } from '../../../../src/kube/version';
import { cluster, job, type Obj } from './harness';

describe('Job suspension and startTime by version', () => {
  it.each<[KubeVersion, boolean]>([
    ['1.35', true],
    ['1.36', false],
    ['1.37', false],
  ])('on %s a suspended Job keeps startTime: %s', (version, keeps) => {
    const c = cluster({ version });
    c.sim.api.create(job('pause', ['sleep', '600'], { parallelism: 2, completions: 2 }));
    c.at(10_000);
    expect(c.get('Job', 'pause')!.status.startTime).toBe('2025-01-01T00:00:00Z');
    const s = clone(c.get('Job', 'pause')!) as Obj;
    s.spec.suspend = true;
    c.sim.api.update(s);
    c.at(60_000);
    const suspended = c.get('Job', 'pause')!;
    expect(suspended.status.conditions).toEqual([expect.objectContaining({ type: 'Suspended', status: 'True' })]);
    expect(suspended.status.startTime).toBe(keeps ? '2025-01-01T00:00:00Z' : undefined);
    const r = clone(suspended) as Obj;
    r.spec.suspend = false;
    c.sim.api.update(r);
    c.at(61_000);
    expect(c.get('Job', 'pause')!.status.startTime).toBe('2025-01-01T00:01:00Z');
  });

  it('1.36: once suspended, the template resources of a started Job may change', () => {
    const c = cluster({ version: '1.36' });
    c.sim.api.create(job('pause', ['sleep', '600'], { parallelism: 1, completions: 1 }));
    c.at(10_000);
    const s = clone(c.get('Job', 'pause')!) as Obj;
    s.spec.suspend = true;
    c.sim.api.update(s);
    c.at(60_000);
    const edit = clone(c.get('Job', 'pause')!) as Obj;
    edit.spec.template.spec.containers[0].resources = { requests: { cpu: '2' } };
    expect(() => c.sim.api.update(edit)).not.toThrow();
  });
});
