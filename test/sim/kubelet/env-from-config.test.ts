import { describe, expect, it } from '@jest/globals';
import type { Pod } from 'kubernetes-types/core/v1';
import { container, harness, type Harness } from './harness';

const waiting = (h: Harness) => container(h.get('web'), 'app')?.state?.waiting;
const running = (p: Pod) => !!p.status?.containerStatuses?.[0]?.state?.running;

function podReading(h: Harness, optional?: boolean): void {
  h.pod({
    containers: [{
      name: 'app',
      image: 'busybox:1.36',
      command: ['sleep', '3600'],
      env: [{ name: 'LEVEL', valueFrom: { configMapKeyRef: { name: 'settings', key: 'level', ...(optional === undefined ? {} : { optional }) } } }],
    }],
  });
}

const configMap = (data: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'default' }, data });

describe('a container whose environment names a ConfigMap that is missing', () => {
  it('waits in CreateContainerConfigError with the kubelet\'s message and Failed event, retried every 10-15s', () => {
    const h = harness();
    podReading(h);
    h.at(60_000);
    expect(waiting(h)).toEqual({ reason: 'CreateContainerConfigError', message: 'configmap "settings" not found' });
    expect(h.get('web')?.status?.phase).toBe('Pending');
    const failed = h.events('web').find((e) => e.reason === 'Failed');
    expect(failed).toMatchObject({ type: 'Warning', message: 'Error: configmap "settings" not found', fieldPath: 'spec.containers{app}' });
    // a try at 0.5s, then the pod worker's jittered 10-15s retries: 4 to 6 in a minute
    expect(failed!.count).toBeGreaterThanOrEqual(4);
    expect(failed!.count).toBeLessThanOrEqual(6);
    expect(h.events('web').some((e) => e.reason === 'Created')).toBe(false);
  });

  it('starts at the next retry once the ConfigMap exists', () => {
    const h = harness();
    podReading(h);
    h.at(30_000);
    h.api.create(configMap({ level: 'debug' }));
    h.at(60_000);
    const started = h.firstTime('web', running)!;
    expect(started).toBeGreaterThan(30_000);
    expect(started).toBeLessThanOrEqual(30_000 + 15_000 + 1_000);
    expect(container(h.get('web'), 'app')?.state?.running).toBeDefined();
  });

  it('fails on a missing key the same way, naming the key', () => {
    const h = harness();
    h.api.create(configMap({ other: 'x' }));
    podReading(h);
    h.at(5_000);
    expect(waiting(h)).toEqual({ reason: 'CreateContainerConfigError', message: "couldn't find key level in ConfigMap default/settings" });
  });

  it('starts at once when the reference is optional', () => {
    const h = harness();
    podReading(h, true);
    h.at(5_000);
    expect(container(h.get('web'), 'app')?.state?.running).toBeDefined();
  });
});

/** How long the container ran, for a pod whose one container has terminated. */
function ranFor(h: Harness): number {
  const terminated = container(h.get('web'), 'app')?.state?.terminated;
  expect(terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
  return Date.parse(terminated!.finishedAt!) - Date.parse(terminated!.startedAt!);
}

describe('a script\'s $NAME', () => {
  it('is the container\'s variable: sh -c "sleep $DELAY" sleeps for the ConfigMap\'s value', () => {
    const h = harness();
    h.api.create(configMap({ delay: '20' }));
    h.pod({
      restartPolicy: 'Never',
      containers: [{ name: 'app', image: 'busybox:1.36', command: ['sh', '-c', 'sleep $DELAY'], env: [{ name: 'DELAY', valueFrom: { configMapKeyRef: { name: 'settings', key: 'delay' } } }] }],
    });
    h.at(60_000);
    expect(Math.round(ranFor(h) / 1000)).toBe(20);
  });
});

describe('$(NAME) in command and args', () => {
  it('is expanded before the process runs: sleep $(DELAY) sleeps for the variable\'s value', () => {
    const h = harness();
    h.api.create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'timing', namespace: 'default' }, data: { delay: Buffer.from('20').toString('base64') } });
    h.pod({
      restartPolicy: 'Never',
      containers: [{
        name: 'app',
        image: 'busybox:1.36',
        command: ['sleep'],
        args: ['$(DELAY)'],
        env: [{ name: 'DELAY', valueFrom: { secretKeyRef: { name: 'timing', key: 'delay' } } }],
      }],
    });
    h.at(60_000);
    expect(Math.round(ranFor(h) / 1000)).toBe(20);
  });
});
