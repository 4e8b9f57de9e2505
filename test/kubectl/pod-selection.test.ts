/**
 * Pods picked by labels for writeFile and file checks: only pods not being deleted, in natural
 * name order; writeFile goes to the first Running one.
 */
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import type { SimulatorBackend } from '../../src/backends/simulator/index';
import { startSimulator, type StartedSimulator } from '../support/sim-backend';
import { KscenarioError } from '../../src/errors';
import type { KObject } from '../../src/kube/object';
import { create } from '../../src/kubectl/apply';
import { writeFile } from '../../src/runner/pod-actions';
import { firstRunningPod, selectPods } from '../../src/kubectl/pod-selection';

function pod(name: string, labels: Record<string, string>, extra: Partial<KObject['spec']> = {}): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels },
    spec: {
      containers: [{ name: 'c', image: 'busybox:1.24', command: ['sh', '-c', 'sleep 50000'], volumeMounts: [{ name: 'scratch', mountPath: '/data' }] }],
      volumes: [{ name: 'scratch', emptyDir: {} }],
      ...extra,
    },
  } as KObject;
}

describe('pod selection', () => {
  let sim: StartedSimulator;
  let backend: SimulatorBackend;

  beforeEach(async () => {
    sim = await startSimulator();
    ({ backend } = sim);
  });
  afterEach(() => sim.stop());

  async function allRunning(names: string[]): Promise<void> {
    const ok = await backend.waitFor(async () => {
      for (const n of names) {
        const p = await backend.get({ kind: 'Pod', namespace: 'default', name: n });
        if ((p?.status as { phase?: string } | undefined)?.phase !== 'Running') return false;
      }
      return true;
    }, 120_000);
    expect(ok).toBe(true);
  }

  test('selects by map or string selector, in natural name order, skipping other labels', async () => {
    for (const name of ['web-10', 'web-2', 'web-1']) await create(backend, pod(name, { app: 'web' }));
    await create(backend, pod('db-0', { app: 'db' }));

    expect((await selectPods(backend, { app: 'web' })).map((p) => p.metadata.name)).toEqual(['web-1', 'web-2', 'web-10']);
    expect((await selectPods(backend, 'app!=web')).map((p) => p.metadata.name)).toEqual(['db-0']);
    expect(await selectPods(backend, { app: 'none' })).toEqual([]);
  });

  test('a pod being deleted is not selected', async () => {
    await create(backend, pod('a', { app: 'web' }));
    await create(backend, pod('b', { app: 'web' }));
    await allRunning(['a', 'b']);
    await backend.delete({ kind: 'Pod', namespace: 'default', name: 'a' }, {});

    expect((await selectPods(backend, { app: 'web' })).map((p) => p.metadata.name)).toEqual(['b']);
  });

  test('firstRunningPod skips pods that are not Running, and fails when none is', async () => {
    // "a" can never be scheduled: it waits Pending while "b" runs
    await create(backend, pod('a', { app: 'web' }, { nodeSelector: { disk: 'none' } }));
    await create(backend, pod('b', { app: 'web' }));
    await allRunning(['b']);

    expect(await firstRunningPod(backend, { app: 'web' })).toBe('b');
    await expect(firstRunningPod(backend, { app: 'db' })).rejects.toThrow(KscenarioError);
    await expect(firstRunningPod(backend, { app: 'db' })).rejects.toThrow('no Running pod in namespace default matches the selector app=db');
  });

  test('writeFile with a selector writes in the first Running pod only', async () => {
    await create(backend, pod('web-b', { app: 'web' }));
    await create(backend, pod('web-a', { app: 'web' }));
    await allRunning(['web-a', 'web-b']);

    await writeFile(backend, { selector: { app: 'web' }, path: '/data/f.txt', content: 'x\n' });

    const read = (name: string) => backend.capabilities.podIO!.readFile({ namespace: 'default', pod: name }, '/data/f.txt');
    expect(await read('web-a')).toBe('x\n');
    expect(await read('web-b')).toBeUndefined();
  });

  test('writeFile with a pod name is passed through unchanged', async () => {
    await create(backend, pod('web-a', { app: 'web' }));
    await create(backend, pod('web-b', { app: 'web' }));
    await allRunning(['web-a', 'web-b']);

    await writeFile(backend, { pod: 'web-b', path: '/data/f.txt', content: 'y\n' });

    expect(await backend.capabilities.podIO!.readFile({ namespace: 'default', pod: 'web-b' }, '/data/f.txt')).toBe('y\n');
  });
});
