/**
 * The shape shared by kube-controller-manager's controllers that keep one object in every active
 * namespace: the service account controller (pkg/controller/serviceaccount/
 * serviceaccounts_controller.go, the `default` ServiceAccount) and the root CA publisher
 * (pkg/controller/certificates/rootcacertpublisher/publisher.go, the `kube-root-ca.crt`
 * ConfigMap). Each queues a namespace when it is added or updated and when its object there is
 * deleted (the publisher also when the object is changed), and its sync creates the object if the
 * namespace is Active and the object missing, or — the publisher — puts its content back.
 */
import { ApiError } from '../../../errors';
import type { KObject } from '../../../kube/object';
import type { WatchEvent } from '../../apiserver/store';
import type { Component, SimContext } from '../../context';
import { WorkQueue } from '../../workqueue';

export interface PerNamespaceObject {
  kind: 'ServiceAccount' | 'ConfigMap';
  name: string;
  /** the object to create in `namespace` */
  build(namespace: string): KObject;
  /** the object with its content put back, or undefined when it is as it should be (no update) */
  repair?(existing: KObject): KObject | undefined;
}

export class PerNamespaceObjectController implements Component {
  private ctx!: SimContext;
  private queue!: WorkQueue;

  constructor(private readonly object: PerNamespaceObject) {}

  start(ctx: SimContext): void {
    this.ctx = ctx;
    this.queue = new WorkQueue(ctx.clock, (ns) => this.sync(ns));
    ctx.api.watch((ev) => this.observe(ev), ['Namespace', this.object.kind]);
    // The informers' initial list: namespaces that exist when the controller starts.
    for (const ns of ctx.api.list('Namespace')) this.queue.add(ns.metadata.name);
  }

  private observe(ev: WatchEvent): void {
    const o = ev.object;
    if (o.kind === 'Namespace') {
      if (ev.type !== 'DELETED') this.queue.add(o.metadata.name);
      return;
    }
    if (o.metadata.name !== this.object.name || !o.metadata.namespace) return;
    if (ev.type === 'DELETED' || (ev.type === 'MODIFIED' && this.object.repair)) this.queue.add(o.metadata.namespace);
  }

  private sync(namespace: string): void {
    const ns = this.ctx.api.get('Namespace', undefined, namespace) as (KObject & { status?: { phase?: string } }) | undefined;
    if (!ns || ns.status?.phase !== 'Active') return;
    const existing = this.ctx.api.get(this.object.kind, namespace, this.object.name);
    if (existing) {
      const repaired = this.object.repair?.(existing);
      if (repaired) this.ctx.api.update(repaired);
      return;
    }
    try {
      this.ctx.api.create(this.object.build(namespace));
    } catch (err) {
      // AlreadyExists, or the namespace began terminating: upstream ignores both
      if (!(err instanceof ApiError) || (err.reason !== 'AlreadyExists' && err.reason !== 'Forbidden')) throw err;
    }
  }
}
