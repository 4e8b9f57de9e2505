/**
 * The namespace controller against a real ApiServer, Clock and Rng: a deleted namespace is
 * emptied 5s later, its conditions tell what is left, it disappears once nothing is, and the
 * retries follow upstream's timing (estimate/2 + 1s; 5ms..60s back-off) without timers while
 * nothing can change. The test plays the kubelet's part (the final grace-0 delete of a pod).
 */
import { describe, expect, it } from '@jest/globals';
import { ApiServer, SYSTEM_NAMESPACES } from '../../../../src/sim/apiserver/store';
import { Clock } from '../../../../src/sim/clock';
import { NamespaceController, SystemNamespacesController } from '../../../../src/sim/controllers/namespace';
import type { NamespaceCondition } from '../../../../src/sim/controllers/namespace';
import { EventRecorder } from '../../../../src/sim/events';
import { Rng } from '../../../../src/sim/rng';
import type { KObject } from '../../../../src/kube/object';

class Bench {
  readonly clock = new Clock();
  readonly api = new ApiServer('1.35', this.clock, new Rng(5));
  /** `t Type Kind/name` of every change in namespace `shop` (and of the namespace itself) */
  readonly log: string[] = [];

  constructor() {
    for (const ns of SYSTEM_NAMESPACES) this.api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    this.api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
    const ctx = {
      api: this.api,
      clock: this.clock,
      rng: new Rng(6),
      events: new EventRecorder(this.api, this.clock),
      config: { version: '1.35' as const, seed: 6, images: {} },
      registerAction: () => undefined,
    };
    new NamespaceController().start(ctx);
    new SystemNamespacesController().start(ctx);
    this.api.watch((ev) => {
      const o = ev.object;
      if (o.metadata.namespace === 'shop' || o.kind === 'Namespace') this.log.push(`${this.clock.now()} ${ev.type} ${o.kind}/${o.metadata.name}`);
    });
  }

  at(ms: number): void {
    this.clock.runUntil(ms);
  }

  create(kind: string, name: string, extra: Record<string, unknown> = {}, ns = 'shop'): KObject {
    const { metadata, ...rest } = extra;
    return this.api.create({ apiVersion: 'v1', kind, metadata: { name, namespace: ns, ...(metadata as object) }, ...rest });
  }

  /** a pod bound to a node, which only a kubelet (here: the test) finishes deleting */
  boundPod(name: string, grace = 30): KObject {
    return this.create('Pod', name, { spec: { nodeName: 'node-1', terminationGracePeriodSeconds: grace, containers: [{ name: 'c', image: 'nginx' }] } });
  }

  shop(): KObject | undefined {
    return this.api.get('Namespace', undefined, 'shop');
  }

  conditions(): Record<string, Pick<NamespaceCondition, 'status' | 'reason' | 'message'>> {
    const list = ((this.shop()?.status as { conditions?: NamespaceCondition[] }).conditions ?? []);
    return Object.fromEntries(list.map((c) => [c.type, { status: c.status, reason: c.reason, message: c.message }]));
  }

  /** when the namespace was removed, in virtual ms */
  goneAt(): number | undefined {
    const line = this.log.find((l) => l.endsWith('DELETED Namespace/shop'));
    return line === undefined ? undefined : Number(line.split(' ')[0]);
  }
}

const OK = {
  NamespaceDeletionDiscoveryFailure: { status: 'False', reason: 'ResourcesDiscovered', message: 'All resources successfully discovered' },
  NamespaceDeletionGroupVersionParsingFailure: { status: 'False', reason: 'ParsedGroupVersions', message: 'All legacy kube types successfully parsed' },
  NamespaceDeletionContentFailure: { status: 'False', reason: 'ContentDeleted', message: 'All content successfully deleted, may be waiting on finalization' },
  NamespaceContentRemaining: { status: 'False', reason: 'ContentRemoved', message: 'All content successfully removed' },
  NamespaceFinalizersRemaining: { status: 'False', reason: 'ContentHasNoFinalizers', message: 'All content-preserving finalizers finished' },
};

describe('NamespaceController', () => {
  it('empties a deleted namespace 5s after the deletion and then removes it, leaving other namespaces alone', () => {
    const b = new Bench();
    b.create('ConfigMap', 'settings');
    b.create('Secret', 'token');
    b.create('Service', 'web', { spec: { ports: [{ port: 80 }] } });
    b.create('ConfigMap', 'other', {}, 'default');
    b.api.delete('Namespace', undefined, 'shop');
    b.at(4_999);
    expect(b.api.namespacedObjects('shop')).toHaveLength(3);
    expect(b.shop()?.status).toEqual({ phase: 'Terminating' });
    b.at(5_000);
    expect(b.api.namespacedObjects('shop')).toEqual([]);
    expect(b.goneAt()).toBe(5_000);
    expect(b.log.slice(-5)).toEqual([
      '5000 DELETED ConfigMap/settings',
      '5000 DELETED Secret/token',
      '5000 DELETED Service/web',
      '5000 MODIFIED Namespace/shop',
      '5000 DELETED Namespace/shop',
    ]);
    expect(b.api.get('ConfigMap', 'default', 'other')).toBeDefined();
  });

  it('writes the conditions while pods terminate and releases the namespace on the next pass after they are gone', () => {
    const b = new Bench();
    b.boundPod('web');
    b.api.delete('Namespace', undefined, 'shop');
    b.at(5_000);
    expect(b.api.get('Pod', 'shop', 'web')?.metadata.deletionTimestamp).toBe('2025-01-01T00:00:35Z');
    expect(b.conditions()).toEqual({
      ...OK,
      NamespaceContentRemaining: { status: 'True', reason: 'SomeResourcesRemain', message: 'Some resources are remaining: pods. has 1 resource instances' },
    });
    b.at(7_000);
    b.api.delete('Pod', 'shop', 'web', { gracePeriodSeconds: 0 });
    // the status write at 5s queued the namespace again after another 5s
    b.at(9_999);
    expect(b.shop()).toBeDefined();
    b.at(10_000);
    expect(b.goneAt()).toBe(10_000);
  });

  it('waits estimate/2 + 1 seconds between passes while a pod is within its grace period', () => {
    const b = new Bench();
    b.boundPod('web');
    b.api.delete('Namespace', undefined, 'shop');
    b.at(12_000);
    b.api.delete('Pod', 'shop', 'web', { gracePeriodSeconds: 0 });
    // passes at 5s (conditions written), 10s (requeued by that write), then 10s + 30/2 + 1 = 26s
    b.at(25_999);
    expect(b.shop()).toBeDefined();
    b.at(26_000);
    expect(b.goneAt()).toBe(26_000);
  });

  it('keeps a namespace whose content has a finalizer, says which, and sets no timer until that content changes', () => {
    const b = new Bench();
    b.create('ConfigMap', 'held', { metadata: { finalizers: ['example.com/hold'] } });
    b.api.delete('Namespace', undefined, 'shop');
    b.at(60_000);
    expect(b.conditions()).toEqual({
      ...OK,
      NamespaceContentRemaining: { status: 'True', reason: 'SomeResourcesRemain', message: 'Some resources are remaining: configmaps. has 1 resource instances' },
      NamespaceFinalizersRemaining: {
        status: 'True', reason: 'SomeFinalizersRemain',
        message: 'Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances',
      },
    });
    expect(b.clock.nextTime()).toBeUndefined();
    b.at(3_600_500);
    const held = b.api.get<KObject>('ConfigMap', 'shop', 'held')!;
    b.api.update({ ...held, metadata: { ...held.metadata, finalizers: [] } });
    // upstream retried every 15/2 + 1 = 8s from the pass at 10s: the first retry after 3600.5s is at 3602s
    b.at(3_601_999);
    expect(b.shop()).toBeDefined();
    b.at(3_602_000);
    expect(b.goneAt()).toBe(3_602_000);
  });

  it('reports a pod left past its grace period as a deletion failure and retries with the rate-limited back-off', () => {
    const b = new Bench();
    b.boundPod('stuck');
    b.api.delete('Namespace', undefined, 'shop');
    // passes at 5, 10, 26 (estimate 30 still running) and 42s, when the grace period is over
    b.at(42_000);
    expect(b.conditions().NamespaceDeletionContentFailure).toEqual({
      status: 'True', reason: 'ContentDeletionFailed',
      message: 'Failed to delete all resource types, 1 remaining: unexpected items still remain in namespace: shop for gvr: /v1, Resource=pods',
    });
    b.at(199_000);
    expect(b.clock.nextTime()).toBeUndefined();
    b.at(200_000);
    b.api.delete('Pod', 'shop', 'stuck', { gracePeriodSeconds: 0 });
    // retries 5ms after the failure at 42s, then 10ms, 20ms, ... doubling up to 60s apart
    let retry = 42_005;
    for (let n = 1; retry < 200_000; n++) retry += Math.min(5 * 2 ** n, 60_000);
    expect(retry).toBe(243_915);
    b.at(retry - 1);
    expect(b.shop()).toBeDefined();
    b.at(retry);
    expect(b.goneAt()).toBe(retry);
  });

  it('releases only its own finalizer: another one in spec.finalizers keeps the namespace Terminating', () => {
    const b = new Bench();
    b.api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' }, spec: { finalizers: ['example.com/audit'] } });
    b.api.delete('Namespace', undefined, 'team');
    b.at(5_000);
    const team = b.api.get<KObject>('Namespace', undefined, 'team');
    expect(team?.spec).toEqual({ finalizers: ['example.com/audit'] });
    expect((team?.status as { phase: string }).phase).toBe('Terminating');
  });
});

describe('SystemNamespacesController', () => {
  it('creates kube-node-lease again at the next whole minute after it is gone', () => {
    const b = new Bench();
    b.at(10_000);
    b.api.delete('Namespace', undefined, 'kube-node-lease');
    b.at(59_999);
    expect(b.api.get('Namespace', undefined, 'kube-node-lease')).toBeUndefined();
    b.at(60_000);
    const again = b.api.get<KObject>('Namespace', undefined, 'kube-node-lease');
    expect(again?.status).toEqual({ phase: 'Active' });
    expect(again?.metadata.creationTimestamp).toBe('2025-01-01T00:01:00Z');
  });
});
