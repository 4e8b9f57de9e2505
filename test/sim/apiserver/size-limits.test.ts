/**
 * The simulator's size limits (src/kube/size-limits.ts) at the API server, and the livelock guard
 * that counts writes per object at one instant (write-churn.ts).
 */
import { describe, expect, test } from '@jest/globals';
import { LimitError, SimulationError } from '../../../src/errors';
import type { KObject } from '../../../src/kube/object';
import type { SizeLimits } from '../../../src/kube/size-limits';
import { ApiServer, SYSTEM_NAMESPACES } from '../../../src/sim/apiserver/store';
import { MAX_WRITES_PER_OBJECT_PER_INSTANT } from '../../../src/sim/apiserver/write-churn';
import { Clock } from '../../../src/sim/clock';
import { Rng } from '../../../src/sim/rng';
import { deployment, pod, statefulSet } from './helpers';

function server(limits: Partial<SizeLimits> = {}) {
  const clock = new Clock();
  const api = new ApiServer('1.35', clock, new Rng(1), { maxObjects: 1000, maxPods: 1000, maxNodes: 1000, ...limits });
  for (const ns of SYSTEM_NAMESPACES) api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  return { api, clock };
}

const configMap = (name: string): KObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data: {} });
const node = (name: string): KObject => ({ apiVersion: 'v1', kind: 'Node', metadata: { name } });
const named = (make: (p: unknown) => KObject, name: string, patch: unknown = {}) => make({ metadata: { name }, ...(patch as object) });

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

describe('size limits at the simulated API server', () => {
  test('the object limit counts every stored object and frees room when one is deleted', () => {
    const { api } = server({ maxObjects: 6 }); // 4 namespaces stored already
    api.create(configMap('a'));
    api.create(configMap('b'));
    const err = thrown(() => api.create(configMap('c')));
    expect(err).toBeInstanceOf(LimitError);
    expect((err as LimitError).describe()).toBe(
      "cannot create ConfigMap default/c: the simulator's limit of 6 objects is reached (6 objects are stored)\n"
      + '  hint: the simulator holds every object in memory; make the scenario smaller, or raise the limit with --max-objects <n> (docs/simulator.md#size-limits)');
    api.delete('ConfigMap', 'default', 'a');
    expect(api.create(configMap('c')).metadata.name).toBe('c');
  });

  test('pods and nodes have limits of their own', () => {
    const { api } = server({ maxPods: 1, maxNodes: 1 });
    api.create(named(pod, 'p1'));
    expect((thrown(() => api.create(named(pod, 'p2'))) as Error).message).toBe("cannot create Pod default/p2: the simulator's limit of 1 pods is reached (1 pods exist)");
    api.create(node('n1'));
    expect((thrown(() => api.create(node('n2'))) as Error).message).toBe("cannot create Node n2: the simulator's limit of 1 nodes is reached (1 nodes exist)");
  });

  test('a workload asking for more pods than the limit is refused at the write, on create and on update', () => {
    const { api } = server({ maxPods: 100 });
    const huge = thrown(() => api.create(statefulSet({ spec: { replicas: 2147483647 } })));
    expect(huge).toBeInstanceOf(LimitError);
    expect((huge as Error).message).toBe("StatefulSet default/web asks for spec.replicas: 2147483647, more than the simulator's limit of 100 pods");
    const d = api.create(deployment({ spec: { replicas: 100 } }));
    const grown = { ...d, spec: { ...(d.spec as object), replicas: 101 } };
    expect((thrown(() => api.update(grown)) as Error).message).toMatch(/^Deployment default\/\S+ asks for spec.replicas: 101, more than/);
  });

  test('a real API error still comes first: the limit is checked after validation', () => {
    const { api } = server({ maxObjects: 5 });
    expect((thrown(() => api.create({ ...configMap('BAD') })) as Error).constructor.name).toBe('DetailedApiError');
  });
});

describe('the livelock guard', () => {
  test('an object written over and over at one instant ends the run within seconds, named with its count', () => {
    const { api, clock } = server();
    api.create(configMap('a'));
    api.create(configMap('b'));
    // two "controllers" that undo each other's write at the same instant, for ever
    let flip = 0;
    api.watch((ev) => {
      if (ev.type !== 'MODIFIED' && ev.type !== 'ADDED') return;
      const name = ev.object.metadata.name;
      clock.after(0, () => {
        const live = api.get('ConfigMap', 'default', name)!;
        api.update({ ...live, data: { v: String(flip++) } });
      });
    }, ['ConfigMap']);
    for (const name of ['a', 'b']) api.update({ ...api.get('ConfigMap', 'default', name)!, data: { v: 'start' } });
    const start = performance.now();
    const err = thrown(() => clock.runUntil(0));
    expect(performance.now() - start).toBeLessThan(5000);
    expect(err).toBeInstanceOf(SimulationError);
    expect((err as Error).message).toBe(
      `livelock: ConfigMap default/a was written more than ${MAX_WRITES_PER_OBJECT_PER_INSTANT} times at t=0ms; `
      + `most written at t=0ms: ConfigMap default/a ×${MAX_WRITES_PER_OBJECT_PER_INSTANT + 1}, ConfigMap default/b ×${MAX_WRITES_PER_OBJECT_PER_INSTANT}`);
  });

  test('writes at different instants do not add up', () => {
    const { api, clock } = server();
    api.create(configMap('a'));
    for (let i = 0; i < MAX_WRITES_PER_OBJECT_PER_INSTANT * 2; i++) {
      clock.runUntil(clock.now() + 1);
      const live = api.get('ConfigMap', 'default', 'a')!;
      api.update({ ...live, data: { v: String(i) } });
    }
    expect(api.get('ConfigMap', 'default', 'a')!.data).toEqual({ v: String(MAX_WRITES_PER_OBJECT_PER_INSTANT * 2 - 1) });
  });
});
