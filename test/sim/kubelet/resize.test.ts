import { describe, expect, it } from '@jest/globals';
import type { Pod } from 'kubernetes-types/core/v1';
import type { KObject } from '../../../src/kube/object';
import type { KubeVersion } from '../../../src/kube/version';
import { container, harness, nginx } from './harness';

type H = ReturnType<typeof harness>;

const small = { requests: { cpu: '100m', memory: '100Mi' }, limits: { cpu: '200m', memory: '200Mi' } };

function start(policy: 'NotRequired' | 'RestartContainer' = 'NotRequired', version: KubeVersion = '1.35'): H {
  const h = harness({ version });
  h.pod({ containers: [{ ...nginx, resources: small, resizePolicy: [{ resourceName: 'cpu', restartPolicy: 'NotRequired' }, { resourceName: 'memory', restartPolicy: policy }] }] });
  h.at(30_000);
  return h;
}

function resize(h: H, resources: unknown, name = 'web'): Pod {
  const pod = h.get(name)!;
  const c = pod.spec!.containers[0]!;
  return h.api.update<Pod>({ ...pod, spec: { ...pod.spec, containers: [{ ...c, resources }] } } as unknown as KObject, 'resize');
}

const condition = (p: Pod | undefined, type: string) => p?.status?.conditions?.find((c) => c.type === type);

/** web asks for 1 cpu more while a pod `hog` holds 7.5 of the node's 8: the resize is Deferred. */
function deferredBesideHog(): H {
  const h = start();
  h.pod({ containers: [{ ...nginx, resources: { requests: { cpu: '7500m', memory: '100Mi' } } }] }, { name: 'hog' });
  h.at(40_000);
  resize(h, { requests: { cpu: '1', memory: '100Mi' }, limits: { cpu: '2', memory: '200Mi' } });
  h.at(41_000);
  return h;
}

describe('in-place pod resize on the kubelet (allocation manager, computePodResizeAction)', () => {
  it('reports the running resources and allocation, actuates a NotRequired resize in place and clears PodResizeInProgress at the next relist', () => {
    const h = start();
    expect(container(h.get('web'))?.resources).toEqual(small);
    expect(container(h.get('web'))?.allocatedResources).toEqual(small.requests);
    const bigger = { requests: { cpu: '300m', memory: '100Mi' }, limits: { cpu: '400m', memory: '200Mi' } };
    resize(h, bigger);
    h.at(30_000);
    const during = h.get('web');
    expect(condition(during, 'PodResizeInProgress')).toMatchObject({ status: 'True', observedGeneration: 2 });
    expect(container(during)?.allocatedResources).toEqual(bigger.requests);
    expect(container(during)?.resources).toEqual(small);
    h.at(32_000);
    const after = h.get('web');
    expect(condition(after, 'PodResizeInProgress')).toBeUndefined();
    expect(container(after)?.resources).toEqual(bigger);
    expect(container(after)?.restartCount).toBe(0);
    expect(h.events('web').filter((e) => e.reason.startsWith('Resize')).map((e) => `${e.reason}: ${e.message}`)).toEqual([
      'ResizeStarted: Pod resize started: {"containers":[{"name":"nginx","resources":{"limits":{"cpu":"400m","memory":"200Mi"},"requests":{"cpu":"300m","memory":"100Mi"}}}],"generation":2}',
      'ResizeCompleted: Pod resize completed: {"containers":[{"name":"nginx","resources":{"limits":{"cpu":"400m","memory":"200Mi"},"requests":{"cpu":"300m","memory":"100Mi"}}}],"generation":2}',
    ]);
  });

  it('restarts the container when a changed resource has RestartContainer', () => {
    const h = start('RestartContainer');
    const more = { requests: { cpu: '100m', memory: '300Mi' }, limits: { cpu: '200m', memory: '400Mi' } };
    resize(h, more);
    h.at(40_000);
    const after = h.get('web');
    expect(container(after)?.restartCount).toBe(1);
    expect(container(after)?.resources).toEqual(more);
    expect(condition(after, 'PodResizeInProgress')).toBeUndefined();
    expect(h.events('web').some((e) => e.reason === 'Killing' && e.message === 'Container nginx resize requires restart')).toBe(true);
  });

  it('marks a resize beyond the node\'s allocatable Infeasible and keeps the old resources', () => {
    const h = start();
    resize(h, { requests: { cpu: '100', memory: '100Mi' }, limits: { cpu: '200', memory: '200Mi' } });
    h.at(31_000);
    const p = h.get('web');
    expect(condition(p, 'PodResizePending')).toMatchObject({ status: 'True', reason: 'Infeasible', message: "Node didn't have enough capacity: cpu, requested: 100000, capacity: 8000" });
    expect(container(p)?.resources).toEqual(small);
    expect(container(p)?.allocatedResources).toEqual(small.requests);
  });

  it('defers a resize the node has no room for now, and allocates it when another pod goes', () => {
    const h = deferredBesideHog();
    expect(condition(h.get('web'), 'PodResizePending')).toMatchObject({ reason: 'Deferred', message: "Node didn't have enough resource: cpu, requested: 1000, used: 7500, capacity: 8000" });
    h.api.delete('Pod', 'default', 'hog', { gracePeriodSeconds: 0 });
    h.at(45_000);
    const p = h.get('web');
    expect(condition(p, 'PodResizePending')).toBeUndefined();
    expect(container(p)?.resources?.requests).toEqual({ cpu: '1', memory: '100Mi' });
  });

  it('allocates a deferred resize once another pod\'s resize down is done', () => {
    const h = deferredBesideHog();
    expect(condition(h.get('web'), 'PodResizePending')).toMatchObject({ reason: 'Deferred' });
    resize(h, { requests: { cpu: '6', memory: '100Mi' } }, 'hog');
    h.at(45_000);
    expect(container(h.get('hog'))?.resources?.requests).toEqual({ cpu: '6', memory: '100Mi' });
    expect(condition(h.get('web'), 'PodResizePending')).toBeUndefined();
    expect(container(h.get('web'))?.resources?.requests).toEqual({ cpu: '1', memory: '100Mi' });
  });

  it('has no resize status before 1.33', () => {
    const h = harness({ version: '1.32' });
    h.pod({ containers: [{ ...nginx, resources: small }] });
    h.at(30_000);
    expect(container(h.get('web'))?.resources).toBeUndefined();
    expect(container(h.get('web'))?.allocatedResources).toBeUndefined();
  });
});

describe('resize status on 1.33 (no PodObservedGenerationTracking)', () => {
  it('shows PodResizePending without observedGeneration, records no events, and settles', () => {
    const h = start('NotRequired', '1.33');
    resize(h, { requests: { cpu: '100', memory: '100Mi' }, limits: { cpu: '200', memory: '200Mi' } });
    h.at(31_000);
    const pending = condition(h.get('web'), 'PodResizePending');
    expect(pending).toMatchObject({ reason: 'Infeasible' });
    expect(pending).not.toHaveProperty('observedGeneration');
    expect(h.events('web').filter((e) => e.reason.startsWith('Resize'))).toEqual([]);
    const rv = h.get('web')!.metadata!.resourceVersion;
    h.at(100_000);
    expect(h.get('web')!.metadata!.resourceVersion).toBe(rv);
  });
});
