/**
 * The API server's system namespaces controller
 * (pkg/controlplane/controller/systemnamespaces/system_namespaces_controller.go): once a minute
 * it creates kube-system, kube-public and kube-node-lease if they do not exist. Only
 * kube-node-lease can actually be deleted (the others are immortal to NamespaceLifecycle), and it
 * comes back at the next tick after it is gone.
 *
 * The ticker starts with the API server (virtual time 0) and runs the first sync at once, so
 * ticks fall on whole minutes; a timer is set only when a system namespace disappears.
 * unverified: the exact phase of the ticker relative to cluster start on a real cluster.
 */
import { ApiError } from '../../../errors';
import type { Component, SimContext } from '../../context';
import type { WatchEvent } from '../../apiserver/store';

export const ENSURED_NAMESPACES = ['kube-system', 'kube-public', 'kube-node-lease'];
const INTERVAL_MS = 60_000;

export class SystemNamespacesController implements Component {
  private ctx!: SimContext;
  private pending = false;

  start(ctx: SimContext): void {
    this.ctx = ctx;
    ctx.api.watch((ev) => this.observe(ev), ['Namespace']);
  }

  private observe(ev: WatchEvent): void {
    if (ev.type !== 'DELETED' || ev.object.kind !== 'Namespace' || !ENSURED_NAMESPACES.includes(ev.object.metadata.name)) return;
    if (this.pending) return;
    this.pending = true;
    const next = (Math.floor(this.ctx.clock.now() / INTERVAL_MS) + 1) * INTERVAL_MS;
    this.ctx.clock.at(next, () => this.sync());
  }

  /** createNamespaceIfNeeded for each; AlreadyExists is fine. */
  private sync(): void {
    this.pending = false;
    for (const name of ENSURED_NAMESPACES) {
      if (this.ctx.api.get('Namespace', undefined, name)) continue;
      try {
        this.ctx.api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
      } catch (err) {
        if (!(err instanceof ApiError)) throw err; // upstream logs it and tries again next minute
      }
    }
  }
}
