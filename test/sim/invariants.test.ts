/**
 * The invariant checker on its own (a simulator with no other component, so nothing repairs what
 * the test writes): each rule fires on a state that breaks it, names the instant and the objects,
 * and allows the transient states upstream has. The scenario suite runs every scenario with it on.
 */
import { describe, expect, test } from '@jest/globals';
import type { KObject } from '../../src/kube/object';
import { SimulationError } from '../../src/errors';
import { GC_GRACE_MS, InvariantChecker, ORPHANED_POD_GRACE_MS } from '../../src/sim/invariants';
import { Simulator } from '../../src/sim/simulator';

function simulator(): Simulator {
  return new Simulator({ version: '1.35', seed: 1, images: {} }, [new InvariantChecker()]);
}

/** Runs what `write` does as a task at the current instant; returns what the checker threw. */
function atInstant(sim: Simulator, write: () => void): unknown {
  sim.clock.after(0, write);
  try {
    sim.settle();
  } catch (err) {
    return err;
  }
  return undefined;
}

/** An instant at virtual time `ms` where nothing is written (periodic work of a real cluster). */
function idleInstantAt(sim: Simulator, ms: number): unknown {
  sim.clock.at(ms, () => undefined);
  try {
    sim.advance(ms - sim.clock.now());
  } catch (err) {
    return err;
  }
  return undefined;
}

function node(sim: Simulator, name: string, allocatable: Record<string, string>): void {
  const created = sim.api.create({ apiVersion: 'v1', kind: 'Node', metadata: { name } });
  sim.api.updateStatus({ ...created, status: { capacity: allocatable, allocatable } });
}

function runningPod(sim: Simulator, name: string, extra: { nodeName?: string; cpu?: string; labels?: Record<string, string>; owner?: { kind: string; name: string; uid: string } } = {}): void {
  const created = sim.api.create({
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name, namespace: 'default', labels: extra.labels,
      ...(extra.owner ? { ownerReferences: [{ apiVersion: 'apps/v1', ...extra.owner, controller: true }] } : {}),
    },
    spec: {
      ...(extra.nodeName ? { nodeName: extra.nodeName } : {}),
      containers: [{ name: 'c', image: 'nginx', ...(extra.cpu ? { resources: { requests: { cpu: extra.cpu } } } : {}) }],
    },
  });
  sim.api.updateStatus({ ...created, status: { phase: 'Running' } });
}

const message = (err: unknown) => {
  expect(err).toBeInstanceOf(SimulationError);
  return (err as Error).message;
};

describe('invariant checker', () => {
  test("a node's Running pods must fit its allocatable", () => {
    const sim = simulator();
    expect(atInstant(sim, () => {
      node(sim, 'n1', { cpu: '1', memory: '1Gi', pods: '110' });
      runningPod(sim, 'a', { nodeName: 'n1', cpu: '600m' });
    })).toBeUndefined();
    expect(message(atInstant(sim, () => runningPod(sim, 'b', { nodeName: 'n1', cpu: '600m' }))))
      .toBe('invariant violated at t=0ms: the pods Running on node n1 do not fit its allocatable (cpu 1200m for 1000m): default/a, default/b');
  });

  test('two Running pods may not hold one StatefulSet identity', () => {
    const sim = simulator();
    const owner = { kind: 'StatefulSet', name: 'web', uid: 'u-web' };
    const err = atInstant(sim, () => {
      sim.api.create({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web', namespace: 'default' }, spec: { serviceName: 'web', selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } });
      runningPod(sim, 'web-0', { owner, labels: { 'apps.kubernetes.io/pod-index': '0' } });
      runningPod(sim, 'web-0-copy', { owner, labels: { 'apps.kubernetes.io/pod-index': '0' } });
    });
    expect(message(err)).toBe('invariant violated at t=0ms: pods web-0, web-0-copy all run StatefulSet identity default/web[0]');
  });

  test('a volume is bound to one claim at most', () => {
    const sim = simulator();
    const claim = (name: string) => {
      const c = sim.api.create({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, namespace: 'default' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeName: 'pv1', storageClassName: '' } });
      sim.api.updateStatus({ ...c, status: { phase: 'Bound' } });
    };
    expect(message(atInstant(sim, () => { claim('a'); claim('b'); })))
      .toBe('invariant violated at t=0ms: PersistentVolume pv1 is bound to claims default/a, default/b');
  });

  test('a pod Running on a node that is gone is allowed the pod GC delay (quarantine 40 s, period 20 s), not more', () => {
    const sim = simulator();
    expect(atInstant(sim, () => runningPod(sim, 'a', { nodeName: 'gone' }))).toBeUndefined();
    expect(idleInstantAt(sim, ORPHANED_POD_GRACE_MS)).toBeUndefined();
    expect(message(idleInstantAt(sim, ORPHANED_POD_GRACE_MS + 1)))
      .toBe(`invariant violated at t=${ORPHANED_POD_GRACE_MS + 1}ms: pod Pod/default/a is Running on node gone, which has been gone since t=0ms`);
  });

  test("an object whose owners are gone must be collected within the GC's delay; one being deleted is fine", () => {
    const sim = simulator();
    const owned = (name: string, finalizers?: string[]): KObject => ({
      apiVersion: 'v1', kind: 'ConfigMap',
      metadata: { name, namespace: 'default', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'u-gone' }], ...(finalizers ? { finalizers } : {}) },
    });
    expect(atInstant(sim, () => {
      sim.api.create(owned('dangling'));
      sim.api.create(owned('terminating', ['example.com/hold']));
      sim.api.delete('ConfigMap', 'default', 'terminating');
    })).toBeUndefined();
    expect(idleInstantAt(sim, GC_GRACE_MS)).toBeUndefined();
    expect(message(idleInstantAt(sim, GC_GRACE_MS + 1)))
      .toBe(`invariant violated at t=${GC_GRACE_MS + 1}ms: ConfigMap/default/dangling has lost every owner (Deployment web uid u-gone) since t=0ms and is not being deleted`);
  });
});
