/**
 * `delete` waits like `kubectl delete`: until the object it deleted is gone, where an object of
 * the same name with another UID (a StatefulSet's re-created pod) counts as gone.
 */
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import type { SimulatorBackend } from '../../src/backends/simulator/index';
import { startSimulator, type StartedSimulator } from '../support/sim-backend';
import type { KObject } from '../../src/kube/object';
import { create } from '../../src/kubectl/apply';
import { deleteObjects, type MutationContext } from '../../src/kubectl/verbs';

const labels = { app: 'web' };

function statefulSet(): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      serviceName: 'web',
      replicas: 1,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.14.2' }] } },
    },
  } as KObject;
}

function pod(name: string): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { terminationGracePeriodSeconds: 10, containers: [{ name: 'nginx', image: 'nginx:1.14.2' }] },
  } as KObject;
}

describe('deleteObjects', () => {
  let sim: StartedSimulator;
  let backend: SimulatorBackend;
  let ctx: MutationContext;

  beforeEach(async () => {
    sim = await startSimulator();
    ({ backend } = sim);
    ctx = { backend, deadline: 10 * 60_000 };
  });
  afterEach(() => sim.stop());

  const podRef = (name: string) => ({ kind: 'Pod', namespace: 'default', name });

  async function waitReady(name: string): Promise<KObject> {
    const ready = await backend.waitFor(async () => {
      const p = await backend.get(podRef(name));
      return !!(p?.status as any)?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True');
    }, 5 * 60_000);
    expect(ready).toBe(true);
    return (await backend.get(podRef(name)))!;
  }

  test('a pod re-created under the same name by its StatefulSet ends the wait', async () => {
    await create(backend, statefulSet());
    const before = await waitReady('web-0');

    await deleteObjects(ctx, { target: 'pod/web-0' });

    const after = await backend.get(podRef('web-0'));
    expect(after).toBeDefined();
    expect(after!.metadata.uid).not.toBe(before.metadata.uid);
    // well before the 10-minute deadline: the step did not wait for a name that never goes away
    expect(backend.now()).toBeLessThan(5 * 60_000);
  });

  test('a pod nobody re-creates is waited for until its graceful deletion is over', async () => {
    await create(backend, pod('solo'));
    await waitReady('solo');
    const start = backend.now();

    await deleteObjects(ctx, { target: 'pod/solo' });

    expect(await backend.get(podRef('solo'))).toBeUndefined();
    expect(backend.now()).toBeGreaterThan(start);
  });

  test('a patch that takes the last finalizer off a terminating object deletes it', async () => {
    await create(backend, pod('held'));
    await waitReady('held');
    await backend.patch(podRef('held'), 'merge', { metadata: { finalizers: ['example.com/hold'] } });
    await backend.delete(podRef('held'), { gracePeriodSeconds: 0 });
    expect((await backend.get(podRef('held')))?.metadata.deletionTimestamp).toBeDefined();

    const { object } = await backend.patch(podRef('held'), 'merge', { metadata: { finalizers: null } });
    expect(object.metadata.name).toBe('held');
    expect(await backend.get(podRef('held'))).toBeUndefined();
  });

  test('times out while the same object is still there', async () => {
    await create(backend, pod('stuck'));
    await waitReady('stuck');
    // a finalizer keeps the pod after its containers stop
    await backend.patch(podRef('stuck'), 'merge', { metadata: { finalizers: ['example.com/hold'] } });

    await expect(deleteObjects({ backend, deadline: backend.now() + 60_000 }, { target: 'pod/stuck' })).rejects.toThrow(
      'timed out waiting for pod/stuck to be deleted',
    );
  });
});
