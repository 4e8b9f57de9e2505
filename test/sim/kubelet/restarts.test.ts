import { describe, expect, it } from '@jest/globals';
import type { KubeVersion } from '../../../src/kube/version';
import { container, harness, nginx, ready, type Harness } from './harness';

/** times at which restartCount first reaches 1, 2, 3... */
function restartTimes(h: Harness, until: number, name = 'app'): number[] {
  const times: number[] = [];
  for (let t = 0; t <= until; t += 100) {
    h.at(t);
    const rc = container(h.get('web'), name)?.restartCount ?? 0;
    while (times.length < rc) times.push(t);
  }
  return times;
}

const crasher = { name: 'app', image: 'busybox:1.36', command: ['sh', '-c', 'exit 1'] };

describe('container restarts and CrashLoopBackOff', () => {
  it('restarts the first crash at once, then waits 10s, 20s, 40s... (1.35 requeues at the back-off expiry)', () => {
    const h = harness({ version: '1.35' });
    h.pod({ containers: [crasher] });
    const times = restartTimes(h, 400_000);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    // each restart is seen one PLEG relist after it happened
    expect(gaps.slice(0, 5)).toEqual([11_000, 21_000, 41_000, 81_000, 161_000]);
    expect(times[0]).toBe(4000);
  });

  it.each(['1.29', '1.34'] as KubeVersion[])('in %s waits for the pod worker retry (10-15s) on top of the back-off', (version) => {
    const h = harness({ version });
    h.pod({ containers: [crasher] });
    const times = restartTimes(h, 400_000);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    [10_000, 20_000, 40_000, 80_000, 160_000].forEach((backoff, i) => {
      expect(gaps[i]).toBeGreaterThan(backoff);
      expect(gaps[i]).toBeLessThanOrEqual(backoff + 16_000);
    });
  });

  it('reports CrashLoopBackOff with the current back-off and the last termination', () => {
    const h = harness({ version: '1.34' });
    const p = h.pod({ containers: [crasher] });
    let t = 0;
    while (!container(h.get('web'), 'app')?.state?.waiting?.reason?.startsWith('Crash') && t < 60_000) h.at((t += 100));
    // the sync after the PLEG saw the second crash set the reason; the next one reports it
    expect(t).toBeGreaterThan(14_000);
    const c = container(h.get('web'), 'app')!;
    expect(c.state?.waiting).toEqual({
      reason: 'CrashLoopBackOff',
      message: `back-off 10s restarting failed container=app pod=web_default(${p.metadata!.uid})`,
    });
    expect(c.lastState?.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(c.restartCount).toBe(1);
    expect(h.get('web')?.status?.phase).toBe('Running');
    expect(h.events('web').find((e) => e.reason === 'BackOff')).toMatchObject({
      type: 'Warning',
      message: `Back-off restarting failed container app in pod web_default(${p.metadata!.uid})`,
    });
  });

  it('crashContainer exits the container with its code; Completed for 0', () => {
    const h = harness();
    h.pod({ containers: [nginx] });
    h.at(10_000);
    h.act('crashContainer', { pod: 'web', exitCode: 0 });
    h.at(10_999);
    expect(container(h.get('web'))?.state?.running).toBeDefined();
    h.at(11_000);
    // the PLEG relist saw the exit; the same sync restarted the container (first crash: no back-off)
    expect(container(h.get('web'))?.state?.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    h.at(12_000);
    const c = container(h.get('web'))!;
    expect(c.restartCount).toBe(1);
    expect(c.lastState?.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(ready(h.get('web'))).toBe(true);
    h.act('crashContainer', { pod: 'web', exitCode: 137 });
    h.at(13_000);
    expect(container(h.get('web'))?.state?.terminated).toMatchObject({ exitCode: 137, reason: 'Error' });
    expect(ready(h.get('web'))).toBe(false);
  });

  it('forgets the back-off once a container ran for 10 minutes', () => {
    const h = harness();
    h.pod({ containers: [nginx] });
    h.at(10_000);
    h.act('crashContainer', { pod: 'web' });
    h.at(20_000);
    h.act('crashContainer', { pod: 'web' });
    h.at(21_000);
    expect(container(h.get('web'))?.state?.waiting?.reason).toBeUndefined();
    h.at(40_000);
    expect(container(h.get('web'))?.restartCount).toBe(2);
    h.at(700_000);
    h.act('crashContainer', { pod: 'web' });
    h.at(701_000);
    h.at(702_000);
    // restarted without waiting: the back-off started over
    expect(container(h.get('web'))).toMatchObject({ restartCount: 3, state: { running: expect.anything() } });
  });

  it('rejects crashContainer for an unknown pod or container, or a container that is not running', () => {
    const h = harness();
    h.pod({ containers: [nginx] });
    expect(() => h.act('crashContainer', { pod: 'nope' })).toThrow(expect.objectContaining({ code: 'BAD_REFERENCE', message: expect.stringContaining('pod "nope" not found') }));
    expect(() => h.act('crashContainer', { pod: 'web', container: 'x' })).toThrow(expect.objectContaining({ code: 'BAD_REFERENCE' }));
    expect(() => h.act('crashContainer', { pod: 'web' })).toThrow(expect.objectContaining({ code: 'BACKEND', message: expect.stringContaining('not running') }));
    expect(() => h.act('crashContainer', { pod: 'web', exitCode: 300 })).toThrow(expect.objectContaining({ code: 'USAGE' }));
  });
});

describe('pods that run to completion', () => {
  const job = (restartPolicy: string, script: string) => {
    const h = harness();
    h.pod({ restartPolicy, containers: [{ name: 'app', image: 'busybox:1.36', command: ['sh', '-c', script] }] });
    h.at(120_000);
    return h;
  };

  it('Never: exit 0 is Succeeded, with Ready False PodCompleted', () => {
    const h = job('Never', 'echo hello; sleep 5');
    const p = h.get('web')!;
    expect(p.status?.phase).toBe('Succeeded');
    expect(container(p, 'app')?.state?.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(p.status?.conditions?.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'PodCompleted' });
    expect(p.status?.conditions?.find((c) => c.type === 'PodReadyToStartContainers')?.status).toBe('False');
    // 3.6s start + 5s of sleep, seen at the next relist; the phase follows once the sandbox is down
    expect(h.firstTime('web', (x) => x.status?.phase === 'Succeeded')).toBe(9_200);
  });

  it('Never: a failing container makes the pod Failed', () => {
    const p = job('Never', 'exit 2').get('web')!;
    expect(p.status?.phase).toBe('Failed');
    expect(p.status?.conditions?.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'PodFailed' });
    expect(container(p, 'app')?.state?.terminated?.exitCode).toBe(2);
  });

  it('OnFailure restarts a failing container and completes a succeeding one', () => {
    expect(container(job('OnFailure', 'exit 1').get('web'), 'app')?.restartCount).toBeGreaterThanOrEqual(3);
    expect(job('OnFailure', 'exit 1').get('web')?.status?.phase).toBe('Running');
    expect(job('OnFailure', 'sleep 1').get('web')?.status?.phase).toBe('Succeeded');
  });
});
