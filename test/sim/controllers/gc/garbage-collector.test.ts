/**
 * The garbage collector against a real ApiServer: background deletion of dependents whose owners
 * are all gone (including owners that never existed), foreground deletion waiting for blocking
 * dependents, orphaning, and references the collector cannot resolve.
 */
import { describe, expect, it } from '@jest/globals';
import type { OwnerReference } from 'kubernetes-types/meta/v1';
import { ApiServer, SYSTEM_NAMESPACES } from '../../../../src/sim/apiserver/store';
import { Clock } from '../../../../src/sim/clock';
import { GarbageCollector } from '../../../../src/sim/controllers/gc';
import { EventRecorder } from '../../../../src/sim/events';
import { Rng } from '../../../../src/sim/rng';
import { clone, type KObject } from '../../../../src/kube/object';

class GcBench {
  readonly clock = new Clock();
  readonly api = new ApiServer('1.35', this.clock, new Rng(3));
  /** "Kind/name" of every object removed, in order */
  readonly removed: string[] = [];

  constructor() {
    for (const ns of SYSTEM_NAMESPACES) this.api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    new GarbageCollector().start({
      api: this.api,
      clock: this.clock,
      rng: new Rng(4),
      events: new EventRecorder(this.api, this.clock),
      config: { version: '1.35', seed: 4, images: {} },
      registerAction: () => undefined,
    });
    this.api.watch((ev) => {
      if (ev.type === 'DELETED') this.removed.push(`${ev.object.kind}/${ev.object.metadata.name}`);
    });
  }

  run(ms = 1): void {
    this.clock.runUntil(this.clock.now() + ms);
  }

  configMap(name: string, owners: KObject[] = [], block = false): KObject {
    return this.api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default', ...refs(owners, block) } });
  }

  replicaSet(name: string, owners: KObject[] = []): KObject {
    return this.api.create({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name, namespace: 'default', ...refs(owners, true) },
      spec: { replicas: 0, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    });
  }

  /** A pod bound to a node: its deletion is graceful and stays pending (no kubelet here). */
  pod(name: string, owners: KObject[]): KObject {
    return this.api.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'default', ...refs(owners, true) },
      spec: { nodeName: 'node-1', containers: [{ name: 'c', image: 'nginx' }] },
    });
  }

  get(kind: string, name: string): KObject | undefined {
    return this.api.get(kind, kind === 'Node' ? undefined : 'default', name);
  }

  /** What the kubelet does at the end of a graceful deletion. */
  finishPod(name: string): void {
    this.api.delete('Pod', 'default', name, { gracePeriodSeconds: 0 });
  }
}

function ref(owner: KObject, block: boolean): OwnerReference {
  return { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid!, ...(block ? { blockOwnerDeletion: true, controller: true } : {}) };
}

function refs(owners: KObject[], block: boolean): { ownerReferences?: OwnerReference[] } {
  return owners.length ? { ownerReferences: owners.map((o) => ref(o, block)) } : {};
}

describe('background deletion', () => {
  it('deletes the dependents of a deleted owner, and theirs in turn', () => {
    const g = new GcBench();
    const parent = g.configMap('parent');
    const child = g.configMap('child', [parent]);
    g.configMap('grandchild', [child]);
    g.configMap('unrelated');
    g.api.delete('ConfigMap', 'default', 'parent');
    g.run();
    expect(g.removed).toEqual(['ConfigMap/parent', 'ConfigMap/child', 'ConfigMap/grandchild']);
    expect(g.get('ConfigMap', 'unrelated')).toBeDefined();
  });

  it('keeps a dependent that still has another owner and drops the dangling reference', () => {
    const g = new GcBench();
    const a = g.configMap('a');
    const b = g.configMap('b');
    g.configMap('shared', [a, b]);
    g.api.delete('ConfigMap', 'default', 'a');
    g.run();
    const shared = g.get('ConfigMap', 'shared')!;
    expect(shared.metadata.ownerReferences!.map((r) => r.name)).toEqual(['b']);
  });

  it('collects an object whose owner never existed, or exists under another uid', () => {
    const g = new GcBench();
    g.configMap('orphan-at-birth', [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ghost', uid: '00000000-0000-4000-8000-000000000000' } } as KObject]);
    const real = g.configMap('real');
    g.configMap('wrong-uid', [{ ...real, metadata: { ...real.metadata, uid: '11111111-1111-4111-8111-111111111111' } }]);
    g.run();
    expect(g.get('ConfigMap', 'orphan-at-birth')).toBeUndefined();
    expect(g.get('ConfigMap', 'wrong-uid')).toBeUndefined();
    expect(g.get('ConfigMap', 'real')).toBeDefined();
  });

  it('looks a namespaced owner up in the dependent\'s namespace only, and warns about the reference', () => {
    const g = new GcBench();
    g.api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other' } });
    const owner = g.api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owner', namespace: 'other' } });
    g.configMap('elsewhere', [owner]);
    g.run();
    expect(g.get('ConfigMap', 'elsewhere')).toBeUndefined();
    const [event] = g.api.list<KObject & { reason: string; message: string; type: string }>('Event');
    expect(event).toMatchObject({
      type: 'Warning',
      reason: 'OwnerRefInvalidNamespace',
      message: `ownerRef [v1/ConfigMap, namespace: default, name: owner, uid: ${owner.metadata.uid}] does not exist in namespace "default"`,
    });
  });

  it('collects a dependent whose reference names the owner\'s uid under another name', () => {
    const g = new GcBench();
    const owner = g.configMap('owner');
    g.configMap('confused', [{ ...owner, metadata: { ...owner.metadata, name: 'not-the-owner' } }]);
    g.run();
    expect(g.get('ConfigMap', 'confused')).toBeUndefined();
    expect(g.get('ConfigMap', 'owner')).toBeDefined();
  });

  it('honours a cluster-scoped owner of a namespaced dependent', () => {
    const g = new GcBench();
    const node = g.api.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } });
    g.configMap('per-node', [node]);
    g.run();
    expect(g.get('ConfigMap', 'per-node')).toBeDefined();
    g.api.delete('Node', undefined, 'n1');
    g.run();
    expect(g.get('ConfigMap', 'per-node')).toBeUndefined();
  });

  it('leaves alone a reference to a kind the server does not serve', () => {
    const g = new GcBench();
    g.api.create({
      apiVersion: 'v1', kind: 'ConfigMap',
      metadata: { name: 'legacy', namespace: 'default', ownerReferences: [{ apiVersion: 'extensions/v1beta1', kind: 'Deployment', name: 'old', uid: '22222222-2222-4222-8222-222222222222' }] },
    });
    g.run(60_000);
    expect(g.get('ConfigMap', 'legacy')).toBeDefined();
  });

  it('deletes bound pods gracefully: they stay Terminating until the kubelet finishes', () => {
    const g = new GcBench();
    const rs = g.replicaSet('web');
    g.pod('web-1', [rs]);
    g.api.delete('ReplicaSet', 'default', 'web');
    g.run();
    expect(g.get('ReplicaSet', 'web')).toBeUndefined();
    expect(g.get('Pod', 'web-1')!.metadata.deletionTimestamp).toBeDefined();
  });
});

describe('foreground deletion', () => {
  it('keeps the owner (deletionTimestamp + foregroundDeletion) until blocking dependents are gone', () => {
    const g = new GcBench();
    const rs = g.replicaSet('web');
    g.pod('web-1', [rs]);
    g.pod('web-2', [rs]);
    g.api.delete('ReplicaSet', 'default', 'web', { propagationPolicy: 'Foreground' });
    g.run(10_000);
    const owner = g.get('ReplicaSet', 'web')!;
    expect(owner.metadata.finalizers).toEqual(['foregroundDeletion']);
    expect(owner.metadata.deletionTimestamp).toBeDefined();
    expect(g.get('Pod', 'web-1')!.metadata.deletionTimestamp).toBeDefined();
    g.finishPod('web-1');
    g.run();
    expect(g.get('ReplicaSet', 'web')).toBeDefined();
    g.finishPod('web-2');
    g.run();
    expect(g.get('ReplicaSet', 'web')).toBeUndefined();
    expect(g.removed).toEqual(['Pod/web-1', 'Pod/web-2', 'ReplicaSet/web']);
  });

  it('does not wait for dependents without blockOwnerDeletion, but still deletes them', () => {
    const g = new GcBench();
    const parent = g.configMap('parent');
    g.configMap('loose', [parent], false);
    g.api.delete('ConfigMap', 'default', 'parent', { propagationPolicy: 'Foreground' });
    g.run();
    expect(g.get('ConfigMap', 'parent')).toBeUndefined();
    expect(g.get('ConfigMap', 'loose')).toBeUndefined();
  });

  it('propagates down a chain: a dependent with dependents is itself deleted in foreground', () => {
    const g = new GcBench();
    const top = g.configMap('top');
    const middle = g.replicaSet('middle', [top]);
    g.pod('leaf', [middle]);
    g.api.delete('ConfigMap', 'default', 'top', { propagationPolicy: 'Foreground' });
    g.run();
    expect(g.get('ReplicaSet', 'middle')!.metadata.finalizers).toEqual(['foregroundDeletion']);
    expect(g.get('ConfigMap', 'top')).toBeDefined();
    g.finishPod('leaf');
    g.run();
    expect(g.removed).toEqual(['Pod/leaf', 'ReplicaSet/middle', 'ConfigMap/top']);
  });

  it('lets the owner go when a blocking dependent stops blocking it', () => {
    const g = new GcBench();
    const rs = g.replicaSet('web');
    g.api.create({
      apiVersion: 'v1', kind: 'ConfigMap',
      metadata: { name: 'held', namespace: 'default', finalizers: ['example.com/hold'], ownerReferences: [ref(rs, true)] },
    });
    g.api.delete('ReplicaSet', 'default', 'web', { propagationPolicy: 'Foreground' });
    g.run(10_000);
    expect(g.get('ConfigMap', 'held')!.metadata.deletionTimestamp).toBeDefined();
    expect(g.get('ReplicaSet', 'web')).toBeDefined();
    const held = clone(g.get('ConfigMap', 'held')!);
    held.metadata.ownerReferences = [{ ...held.metadata.ownerReferences![0]!, blockOwnerDeletion: false }];
    g.api.update(held);
    g.run();
    expect(g.get('ReplicaSet', 'web')).toBeUndefined();
    expect(g.get('ConfigMap', 'held')).toBeDefined();
  });
});

describe('orphan deletion', () => {
  it('removes the owner reference from every dependent, then the owner', () => {
    const g = new GcBench();
    const rs = g.replicaSet('web');
    g.pod('web-1', [rs]);
    g.configMap('also', [rs, g.configMap('keeper')]);
    g.api.delete('ReplicaSet', 'default', 'web', { propagationPolicy: 'Orphan' });
    g.run();
    expect(g.get('ReplicaSet', 'web')).toBeUndefined();
    expect(g.get('Pod', 'web-1')!.metadata.ownerReferences).toBeUndefined();
    expect(g.get('Pod', 'web-1')!.metadata.deletionTimestamp).toBeUndefined();
    expect(g.get('ConfigMap', 'also')!.metadata.ownerReferences!.map((r) => r.name)).toEqual(['keeper']);
  });
});

describe('cost', () => {
  it('does no work for objects without owners', () => {
    const g = new GcBench();
    for (let i = 0; i < 50; i++) g.configMap(`cm-${i}`);
    expect(g.clock.nextTime()).toBeUndefined();
  });
});
