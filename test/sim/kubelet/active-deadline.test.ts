import { describe, expect, it } from '@jest/globals';
import type { Pod } from 'kubernetes-types/core/v1';
import { container, harness, nginx } from './harness';

const failed = (p: Pod) => p.status?.phase === 'Failed';
const deadlineEvents = (h: ReturnType<typeof harness>) => h.events('web').filter((e) => e.reason === 'DeadlineExceeded');

describe('pod activeDeadlineSeconds (kubelet active_deadline.go)', () => {
  it('kills the pod at the first 1 s sync tick past startTime + deadline and fails it with DeadlineExceeded', () => {
    const h = harness();
    h.pod({ activeDeadlineSeconds: 5, containers: [nginx] });
    h.at(60_000);
    const p = h.get('web')!;
    expect(p.status).toMatchObject({
      phase: 'Failed',
      reason: 'DeadlineExceeded',
      message: 'Pod was active on the node longer than the specified deadline',
    });
    // the first status (startTime) is written at 0: the 5 s tick syncs the pod, nginx exits 0.5 s
    // after SIGTERM, the sandbox stops 0.2 s later and only then is the terminal phase written
    expect(h.firstTime('web', failed)).toBe(5_700);
    expect(container(p)?.state?.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(p.status?.conditions?.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'PodFailed' });
    expect(h.events('web').filter((e) => e.reason === 'Killing').map((e) => e.message)).toEqual(['Stopping container nginx']);
    // SyncPod, SyncTerminatingPod (twice) and SyncTerminatedPod each consult ShouldEvict
    expect(deadlineEvents(h)).toEqual([expect.objectContaining({ type: 'Normal', count: 4, message: 'Pod was active on the node longer than the specified deadline' })]);
    // the pod stays (Failed) and is not deleted
    expect(h.deleted('web')).toBeUndefined();
  });

  it('keeps the phase Running while the containers are stopped, with the pod grace period', () => {
    const h = harness();
    h.pod({ activeDeadlineSeconds: 8, terminationGracePeriodSeconds: 10, containers: [{ name: 'app', image: 'busybox:1.36', command: ['sleep', '3600'] }] });
    h.at(12_000);
    expect(h.get('web')?.status?.phase).toBe('Running');
    h.at(30_000);
    // sleep ignores SIGTERM: SIGKILL 10 s after the 8 s tick, the sandbox 0.2 s later
    expect(h.firstTime('web', failed)).toBe(18_200);
    expect(container(h.get('web'), 'app')?.state?.terminated).toMatchObject({ exitCode: 137 });
  });

  it('follows an update that sets the deadline on a running pod (e2e "should allow activeDeadlineSeconds to be updated")', () => {
    const h = harness();
    h.pod({ containers: [nginx] });
    h.at(20_300);
    expect(h.get('web')?.status?.phase).toBe('Running');
    const cur = h.get('web')!;
    h.api.update({ ...cur, spec: { ...cur.spec!, activeDeadlineSeconds: 5 } } as never);
    h.at(60_000);
    // 20.3 s active already: the update syncs the pod at once and fails it
    expect(h.firstTime('web', failed)).toBe(21_000);
    expect(h.get('web')?.status?.reason).toBe('DeadlineExceeded');
  });

  it('does nothing before the deadline', () => {
    const h = harness();
    h.pod({ activeDeadlineSeconds: 30, containers: [nginx] });
    h.at(29_000);
    expect(h.get('web')?.status?.phase).toBe('Running');
    expect(deadlineEvents(h)).toEqual([]);
    h.at(40_000);
    expect(h.firstTime('web', failed)).toBe(30_700);
  });

  it('counts from the in-memory start time, and after a kubelet restart from the API one (whole seconds)', () => {
    const run = (restart: boolean) => {
      const h = harness();
      h.at(1_500);
      h.pod({ activeDeadlineSeconds: 30, containers: [nginx] });
      if (restart) {
        h.at(10_000);
        h.kubelets.kubelet('worker-1')!.stop();
        h.at(10_300);
        h.kubelets.kubelet('worker-1')!.start();
      }
      h.at(60_000);
      return h.firstTime('web', failed);
    };
    // started at 1.5 s: the tick at 32 s; restarted, the start time is 00:00:01 and ticks fall at .3 s
    expect(run(false)).toBe(32_700);
    expect(run(true)).toBe(32_000);
  });
});
