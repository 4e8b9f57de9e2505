import { describe, expect, it } from '@jest/globals';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { KObject } from '../../../src/kube/object';
import type { KubeVersion } from '../../../src/kube/version';
import { container, harness, nginx, ready } from './harness';

describe('living with the rest of the cluster', () => {
  it('restarts a container whose image was changed on the live pod', () => {
    const h = harness();
    h.pod({ containers: [nginx] });
    h.at(10_000);
    const p = h.get('web')!;
    const containers = p.spec!.containers.map((c) => (c.name === 'nginx' ? { ...c, image: 'nginx:1.28' } : c));
    h.api.update({ ...(p as unknown as KObject), spec: { ...p.spec, containers } });
    h.at(30_000);
    expect(h.events('web').find((e) => e.reason === 'Killing')?.message).toBe('Container nginx definition changed, will be restarted');
    expect(container(h.get('web'))).toMatchObject({ image: 'docker.io/library/nginx:1.28', restartCount: 1, ready: true });
  });

  it('stops the process the old image runs, as it reacts to SIGTERM, when the image changes', () => {
    // busybox's sh waiting on stdin is PID 1 and ignores SIGTERM: the kubelet's SIGKILL ends it
    // at the end of the 30 s grace period, whatever the new image would do
    const h = harness();
    h.pod({ containers: [{ name: 'shell', image: 'busybox:1.36', stdin: true }] });
    h.at(10_000);
    const p = h.get('web')!;
    h.api.update({ ...(p as unknown as KObject), spec: { ...p.spec, containers: [{ ...p.spec!.containers[0]!, image: 'nginx:1.27' }] } });
    h.at(80_000);
    const status = container(h.get('web'), 'shell')!;
    expect(status.lastState?.terminated).toMatchObject({ exitCode: 137, reason: 'Error' });
    const { startedAt, finishedAt } = status.lastState!.terminated!;
    expect(h.api.parseTime(finishedAt!) - h.api.parseTime(startedAt!)).toBeGreaterThanOrEqual(30_000);
  });

  it('keeps conditions other components own when it writes the status', () => {
    const h = harness();
    h.pod({ containers: [nginx] });
    h.at(1_000);
    const p = h.get('web')!;
    const target = { type: 'DisruptionTarget', status: 'True', reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting', lastTransitionTime: h.api.timestamp() };
    h.api.updateStatus({ ...(p as unknown as KObject), status: { ...p.status, conditions: [...(p.status?.conditions ?? []), target] } });
    h.at(10_000);
    const conditions = h.get('web')!.status!.conditions!;
    expect(ready(h.get('web'))).toBe(true);
    expect(conditions.map((c) => c.type)).toEqual(['DisruptionTarget', 'PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled']);
  });

  it('picks up a pod when the scheduler binds it and keeps the PodScheduled transition time', () => {
    const h = harness();
    h.api.create<Pod>({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' }, spec: { containers: [nginx] } });
    h.at(5_000);
    h.api.bind('default', 'web', 'worker-1');
    h.at(30_000);
    expect(ready(h.get('web'))).toBe(true);
    expect(h.firstTime('web', ready)).toBe(8_600);
    expect(h.get('web')!.status!.conditions!.find((c) => c.type === 'PodScheduled')?.lastTransitionTime).toBe('2025-01-01T00:00:05Z');
  });

  it('lists pulled images in the node status at the next node status update', () => {
    const h = harness();
    h.pod({ containers: [nginx] });
    h.at(9_999);
    const names = () => h.api.get<Node>('Node', undefined, 'worker-1')!.status!.images!.flatMap((i) => i.names);
    expect(names()).not.toContain('docker.io/library/nginx:1.27');
    h.at(10_000);
    expect(names()).toContain('docker.io/library/nginx:1.27');
    expect(names()).toContain('registry.k8s.io/pause:3.10.1');
  });

  it.each<[KubeVersion, number | undefined]>([['1.33', undefined], ['1.34', 1], ['1.35', 1]])('observedGeneration in %s: %s', (version, generation) => {
    const h = harness({ version });
    h.pod({ containers: [nginx] });
    h.at(10_000);
    const status = h.get('web')!.status as { observedGeneration?: number; conditions?: Array<{ observedGeneration?: number }> };
    expect(status.observedGeneration).toBe(generation);
    expect(status.conditions?.[0]?.observedGeneration).toBe(generation);
  });

  it('schedules nothing once pods are running and their probes pass: idle time costs nothing', () => {
    const h = harness();
    const probe = { httpGet: { path: '/', port: 80 } };
    for (let i = 0; i < 20; i++) h.pod({ containers: [{ ...nginx, readinessProbe: probe, livenessProbe: probe }] }, { name: `p${i}` });
    h.at(120_000);
    expect(h.clock.nextTime()).toBeUndefined();
    h.act('failProbe', { pod: 'p3', probe: 'readiness' });
    expect(h.clock.nextTime()).toBeDefined();
  });
});
