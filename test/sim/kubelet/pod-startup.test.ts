import { describe, expect, it } from '@jest/globals';
import type { KubeVersion } from '../../../src/kube/version';
import type { Pod } from 'kubernetes-types/core/v1';
import { container, harness, nginx, ready } from './harness';

const waiting = (p: Pod | undefined) => container(p)?.state?.waiting?.reason;

describe('starting a pod bound to the node', () => {
  it('reports Pending/ContainerCreating at once, then Running and Ready after pull, create and start', () => {
    const h = harness();
    h.pod({ containers: [nginx] });
    h.at(0);
    const pending = h.get('web')!;
    expect(pending.status).toMatchObject({
      phase: 'Pending',
      hostIP: '172.18.0.2',
      hostIPs: [{ ip: '172.18.0.2' }],
      startTime: '2025-01-01T00:00:00Z',
      qosClass: 'BestEffort',
    });
    expect(pending.status?.podIP).toBeUndefined();
    expect(container(pending)).toMatchObject({ name: 'nginx', image: 'nginx:1.27', imageID: '', ready: false, restartCount: 0, started: false, state: { waiting: { reason: 'ContainerCreating' } } });
    expect(pending.status?.conditions?.map((c) => [c.type, c.status, c.reason ?? '', c.message ?? ''])).toEqual([
      ['PodReadyToStartContainers', 'False', '', ''],
      ['Initialized', 'True', '', ''],
      ['Ready', 'False', 'ContainersNotReady', 'containers with unready status: [nginx]'],
      ['ContainersReady', 'False', 'ContainersNotReady', 'containers with unready status: [nginx]'],
      ['PodScheduled', 'True', '', ''],
    ]);

    h.at(60_000);
    // sandbox 0.5s, pull 3s (default), create and start 0.1s: running at 3.6s, reported by the sync the PLEG queued
    expect(h.firstTime('web', (p) => p.status?.phase === 'Running')).toBe(3600);
    expect(h.firstTime('web', ready)).toBe(3600);
    const running = h.get('web')!;
    expect(running.status?.podIP).toBe('10.244.0.2');
    expect(running.status?.podIPs).toEqual([{ ip: '10.244.0.2' }]);
    expect(container(running)).toMatchObject({
      image: 'docker.io/library/nginx:1.27',
      imageID: expect.stringMatching(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/),
      containerID: expect.stringMatching(/^containerd:\/\/[0-9a-f]{64}$/),
      ready: true,
      started: true,
      restartCount: 0,
      state: { running: { startedAt: '2025-01-01T00:00:03Z' } },
    });
    expect(running.status?.conditions?.every((c) => c.status === 'True')).toBe(true);
    expect(h.events('web').map((e) => [e.reason, e.message])).toEqual([
      ['Pulling', 'Pulling image "nginx:1.27"'],
      ['Pulled', expect.stringMatching(/^Successfully pulled image "nginx:1\.27" in 3s \(3s including waiting\)\. Image size: \d+ bytes\.$/)],
      ['Created', 'Container created'],
      ['Started', 'Container started'],
    ]);
  });

  it('sets PodReadyToStartContainers right after the sandbox from 1.36, before the pull (kubernetes#134660)', () => {
    const sandboxReady = (p: Pod) => p.status?.conditions?.some((c) => c.type === 'PodReadyToStartContainers' && c.status === 'True') ?? false;
    const at = (version: KubeVersion) => {
      const h = harness({ version });
      h.pod({ containers: [nginx] });
      h.at(60_000);
      const cond = h.get('web')!.status?.conditions?.find((c) => c.type === 'PodReadyToStartContainers');
      return { t: h.firstTime('web', sandboxReady), ready: h.firstTime('web', ready), lastTransitionTime: cond?.lastTransitionTime };
    };
    // 1.35: the condition comes with the status of the sync after the pull (3s) and the start
    expect(at('1.35')).toEqual({ t: 3600, ready: 3600, lastTransitionTime: '2025-01-01T00:00:03Z' });
    // 1.36, 1.37: written when the sandbox is up (0.5s), while the image is still being pulled
    expect(at('1.36')).toEqual({ t: 500, ready: 3600, lastTransitionTime: '2025-01-01T00:00:00Z' });
    expect(at('1.37')).toEqual({ t: 500, ready: 3600, lastTransitionTime: '2025-01-01T00:00:00Z' });
  });

  it('uses images already on the node unless the policy is Always', () => {
    const h = harness({ nodes: [{ name: 'worker-1' }, { name: 'worker-2' }] });
    h.pod({ containers: [nginx] }, { name: 'a' });
    h.at(10_000);
    h.pod({ containers: [nginx] }, { name: 'b' });
    h.pod({ containers: [nginx] }, { name: 'c' }, 'worker-2');
    h.pod({ containers: [{ ...nginx, imagePullPolicy: 'Always' }] }, { name: 'd' });
    h.at(30_000);
    expect(h.events('b').find((e) => e.reason === 'Pulled')?.message).toBe('Container image "nginx:1.27" already present on machine and can be accessed by the pod');
    expect(h.events('c').map((e) => e.reason)).toContain('Pulling');
    expect(h.events('d').find((e) => e.reason === 'Pulled')?.message).toMatch(/^Successfully pulled image "nginx:1\.27" in 100ms/);
    // b started without pulling at 10.6s (sandbox 0.5s, create and start 0.1s); the next PLEG relist (11s) reports it
    expect(h.firstTime('b', ready)).toBe(11_000);
  });

  it('pulls one image at a time per node and says how long a pull waited', () => {
    const h = harness({ images: { 'redis:7': { pullSeconds: 8 } } });
    h.pod({ containers: [{ name: 'redis', image: 'redis:7' }] }, { name: 'a' });
    h.pod({ containers: [nginx] }, { name: 'b' });
    h.at(30_000);
    expect(h.events('a').find((e) => e.reason === 'Pulled')?.message).toMatch(/in 8s \(8s including waiting\)/);
    expect(h.events('b').find((e) => e.reason === 'Pulled')?.message).toMatch(/in 3s \(11s including waiting\)/);
  });

  it('fails a Never pull policy when the image is missing', () => {
    const h = harness();
    h.pod({ containers: [{ ...nginx, imagePullPolicy: 'Never' }] });
    h.at(5_000);
    expect(container(h.get('web'))?.state?.waiting).toEqual({
      reason: 'ErrImageNeverPull',
      message: 'Container image "nginx:1.27" is not present with pull policy of Never',
    });
    expect(h.events('web').map((e) => [e.type, e.reason, e.message])).toEqual([
      ['Warning', 'ErrImageNeverPull', 'Container image "nginx:1.27" is not present with pull policy of Never'],
      ['Warning', 'Failed', 'Error: ErrImageNeverPull'],
    ]);
  });

  it.each<[KubeVersion, string, string, string]>([
    ['1.31', 'Created container nginx', 'Started container nginx', 'Container image "nginx:1.27" already present on machine'],
    ['1.33', 'Created container: nginx', 'Started container nginx', 'Container image "nginx:1.27" already present on machine'],
    ['1.35', 'Container created', 'Container started', 'Container image "nginx:1.27" already present on machine and can be accessed by the pod'],
  ])('words container events as Kubernetes %s does', (version, created, started, present) => {
    const h = harness({ version });
    h.pod({ containers: [nginx] }, { name: 'a' });
    h.at(10_000);
    h.pod({ containers: [nginx] }, { name: 'b' });
    h.at(20_000);
    expect(h.events('b').map((e) => e.message)).toEqual([present, created, started]);
  });

  it('runs init containers one after the other before the app containers', () => {
    const h = harness();
    h.pod({
      initContainers: [
        { name: 'init-a', image: 'busybox:1.36', command: ['sh', '-c', 'sleep 2'] },
        { name: 'init-b', image: 'busybox:1.36', command: ['sh', '-c', 'echo ok'] },
      ],
      containers: [nginx],
    });
    h.at(2_000);
    const p = h.get('web')!;
    expect(p.status?.phase).toBe('Pending');
    expect(p.status?.conditions?.find((c) => c.type === 'Initialized')).toMatchObject({
      status: 'False', reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [init-a init-b]',
    });
    expect(container(p)?.state?.waiting?.reason).toBe('PodInitializing');
    // an init container not started yet waits as PodInitializing too, not ContainerCreating
    expect(p.status?.initContainerStatuses?.find((s) => s.name === 'init-b')?.state?.waiting?.reason).toBe('PodInitializing');
    h.at(60_000);
    const done = h.get('web')!;
    expect(done.status?.initContainerStatuses?.map((s) => [s.name, s.ready, s.state?.terminated?.reason])).toEqual([
      ['init-a', true, 'Completed'],
      ['init-b', true, 'Completed'],
    ]);
    expect(ready(done)).toBe(true);
    // three containers started (events aggregate by message until fieldPath tells them apart)
    expect(h.events('web').filter((e) => e.reason === 'Started').reduce((n, e) => n + e.count, 0)).toBe(3);
    // init-a runs 2s; init-b starts only after the PLEG saw init-a exit
    const t = (n: string) => h.firstTime('web', (x) => !!x.status?.initContainerStatuses?.find((s) => s.name === n)?.state?.terminated);
    expect(t('init-a')).toBeLessThan(t('init-b')!);
    expect(h.firstTime('web', (x) => !!container(x)?.state?.running)).toBeGreaterThan(t('init-b')!);
  });

  it('rejects a pod the node cannot fit (kubelet admission)', () => {
    const h = harness({ nodes: [{ name: 'worker-1', capacity: { cpu: '2' } }] });
    h.pod({ containers: [{ ...nginx, resources: { requests: { cpu: '3' } } }] });
    h.at(1_000);
    expect(h.get('web')?.status).toMatchObject({
      phase: 'Failed',
      reason: 'OutOfcpu',
      message: 'Pod was rejected: Node didn\'t have enough resource: cpu, requested: 3000, used: 0, capacity: 2000',
    });
    expect(h.events('web')).toEqual([expect.objectContaining({ type: 'Warning', reason: 'OutOfcpu' })]);
  });

  it('keeps the waiting reason when nothing starts', () => {
    const h = harness();
    h.pod({ containers: [nginx] });
    h.at(100);
    expect(waiting(h.get('web'))).toBe('ContainerCreating');
  });
});
