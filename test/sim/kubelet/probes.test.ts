import { describe, expect, it } from '@jest/globals';
import type { Pod } from 'kubernetes-types/core/v1';
import { container, harness, nginx, ready, type Harness } from './harness';

const http = { httpGet: { path: '/', port: 80 } };

describe('readiness probes', () => {
  it('without a probe the container is ready as soon as the kubelet reports it running', () => {
    const h = harness();
    h.pod({ containers: [nginx] });
    h.at(30_000);
    expect(h.firstTime('web', ready)).toBe(h.firstTime('web', (p) => !!container(p)?.state?.running));
  });

  it('initialDelaySeconds holds the first probe; it then runs on the period ticker started with the pod', () => {
    const h = harness();
    h.pod({ containers: [{ ...nginx, readinessProbe: { ...http, initialDelaySeconds: 5, periodSeconds: 10 } }] });
    h.at(60_000);
    // started at 3.6s; 5s later is 8.6s; the ticker (started at 0) next fires at 10s
    expect(h.firstTime('web', (p) => !!container(p)?.state?.running)).toBe(3600);
    expect(h.firstTime('web', ready)).toBe(10_000);
  });

  it('with no initial delay the first probe runs when the kubelet reports the container running', () => {
    const h = harness();
    h.pod({ containers: [{ ...nginx, readinessProbe: { ...http, periodSeconds: 30 } }] });
    h.at(60_000);
    expect(h.firstTime('web', ready)).toBe(3600);
  });

  it('needs successThreshold successes in a row', () => {
    const h = harness();
    h.pod({ containers: [{ ...nginx, readinessProbe: { ...http, periodSeconds: 5, successThreshold: 3 } }] });
    h.at(60_000);
    // three probes: immediate ones from the syncs at 3.6s (the one reporting the start) and 4s
    // (the PLEG relist that saw it), then the ticker at 5s
    expect(h.firstTime('web', ready)).toBe(5_000);
  });

  it('failing readiness makes the pod NotReady after failureThreshold periods and healing brings it back', () => {
    const h = harness();
    h.pod({ containers: [{ ...nginx, readinessProbe: { ...http, periodSeconds: 10, failureThreshold: 3 } }] });
    h.at(25_000);
    expect(ready(h.get('web'))).toBe(true);
    h.act('failProbe', { pod: 'web', probe: 'readiness' });
    h.at(100_000);
    // ticks at 30, 40, 50s: the third failure flips the result
    const notReadyAt = firstAfter(h, 25_000, (p) => !ready(p));
    expect(notReadyAt).toBe(50_000);
    const p = h.get('web')!;
    expect(container(p)).toMatchObject({ ready: false, started: true, restartCount: 0, state: { running: expect.anything() } });
    expect(p.status?.phase).toBe('Running');
    expect(p.status?.conditions?.find((c) => c.type === 'Ready')).toMatchObject({
      status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [nginx]',
    });
    const unhealthy = h.events('web').find((e) => e.reason === 'Unhealthy')!;
    expect(unhealthy).toMatchObject({ type: 'Warning', message: 'Readiness probe failed: HTTP probe failed with statuscode: 500' });
    // healed right after the 100s tick failed: the next tick (110s) succeeds
    h.act('healProbe', { pod: 'web', probe: 'readiness' });
    h.at(200_000);
    expect(ready(h.get('web'))).toBe(true);
    expect(firstAfter(h, 100_000, ready)).toBe(110_000);
  });

  it('reports a tcp probe failure like the prober does', () => {
    const h = harness();
    h.pod({ containers: [{ ...nginx, ports: [{ name: 'web', containerPort: 8080 }], readinessProbe: { tcpSocket: { port: 'web' }, failureThreshold: 1 } }] });
    h.act('failProbe', { pod: 'web', probe: 'readiness' });
    h.at(20_000);
    expect(h.events('web').find((e) => e.reason === 'Unhealthy')?.message).toBe('Readiness probe failed: dial tcp 10.244.0.2:8080: connect: connection refused');
    expect(ready(h.get('web'))).toBe(false);
  });
});

describe('liveness probes', () => {
  it('kills and restarts the container after failureThreshold failures', () => {
    const h = harness();
    h.pod({ containers: [{ ...nginx, livenessProbe: { ...http, periodSeconds: 5, failureThreshold: 2 } }] });
    h.at(12_000);
    h.act('failProbe', { pod: 'web', probe: 'liveness' });
    // failures at 15s and 20s: killed at 20s (nginx exits on SIGTERM), restarted in the same sync
    h.at(20_000);
    expect(h.events('web').find((e) => e.reason === 'Killing')).toMatchObject({
      type: 'Normal', message: 'Container nginx failed liveness probe, will be restarted',
    });
    h.act('healProbe', { pod: 'web', probe: 'liveness' });
    h.at(30_000);
    const c = container(h.get('web'))!;
    expect(c.restartCount).toBe(1);
    expect(c.lastState?.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(c.state?.running).toBeDefined();
    expect(h.events('web').find((e) => e.reason === 'Unhealthy')).toMatchObject({
      count: 2, message: 'Liveness probe failed: HTTP probe failed with statuscode: 500',
    });
    expect(firstAfter(h, 0, (p) => (container(p)?.restartCount ?? 0) === 1)).toBe(21_000);
    h.at(120_000);
    expect(container(h.get('web'))?.restartCount).toBe(1);
  });

  it('a probe-level terminationGracePeriodSeconds bounds the kill of a process that ignores SIGTERM', () => {
    const h = harness();
    h.pod({
      containers: [{
        name: 'app', image: 'busybox:1.36', command: ['sleep', '3600'],
        livenessProbe: { exec: { command: ['cat', '/tmp/healthy'] }, periodSeconds: 5, failureThreshold: 1, terminationGracePeriodSeconds: 10 },
      }],
    });
    h.at(6_000);
    h.act('failProbe', { pod: 'web', probe: 'liveness' });
    h.at(25_000);
    const c = container(h.get('web'), 'app')!;
    expect(c.lastState?.terminated).toMatchObject({ exitCode: 137, reason: 'Error' });
    expect(h.events('web').find((e) => e.reason === 'Unhealthy')?.message).toBe('Liveness probe failed: ');
    // started at 3.6s, killed at the 10s tick, SIGKILL 10s later (sleep as PID 1 ignores SIGTERM)
    expect(Date.parse(c.lastState!.terminated!.finishedAt!) - Date.parse(c.lastState!.terminated!.startedAt!)).toBe(17_000);
  });
});

describe('startup probes', () => {
  it('hold readiness and liveness until the container has started', () => {
    const h = harness();
    h.pod({
      containers: [{
        ...nginx,
        startupProbe: { ...http, periodSeconds: 10, failureThreshold: 30 },
        readinessProbe: { ...http, periodSeconds: 10 },
      }],
    });
    h.at(9_999);
    expect(container(h.get('web'))).toMatchObject({ started: false, ready: false, state: { running: expect.anything() } });
    h.at(10_000);
    // the startup probe succeeds at the 10s tick; the sync it triggers probes readiness at once
    expect(container(h.get('web'))).toMatchObject({ started: true, ready: true });
  });

  it('a failing startup probe restarts the container', () => {
    const h = harness();
    h.pod({ containers: [{ ...nginx, startupProbe: { ...http, periodSeconds: 5, failureThreshold: 2 } }] });
    h.act('failProbe', { pod: 'web', probe: 'startup' });
    h.at(12_000);
    expect(h.events('web').find((e) => e.reason === 'Killing')?.message).toBe('Container nginx failed startup probe, will be restarted');
    expect(h.events('web').find((e) => e.reason === 'Unhealthy')?.message).toBe('Startup probe failed: HTTP probe failed with statuscode: 500');
  });
});

describe('failProbe/healProbe arguments', () => {
  it('names the missing probe or container', () => {
    const h = harness();
    h.pod({ containers: [nginx] });
    expect(() => h.act('failProbe', { pod: 'web', probe: 'liveness' })).toThrow(expect.objectContaining({
      code: 'BAD_REFERENCE', message: 'failProbe: pod default/web has no container with a liveness probe',
    }));
    expect(() => h.act('failProbe', { pod: 'web', container: 'nginx', probe: 'readiness' })).toThrow(expect.objectContaining({
      message: 'failProbe: container "nginx" of pod default/web has no readiness probe',
    }));
    expect(() => h.act('failProbe', { pod: 'web', probe: 'sometimes' })).toThrow(expect.objectContaining({ code: 'USAGE' }));
  });
});

function firstAfter(h: Harness, after: number, pred: (p: Pod) => boolean): number | undefined {
  return h.firstTimeAfter(after, 'web', pred);
}
