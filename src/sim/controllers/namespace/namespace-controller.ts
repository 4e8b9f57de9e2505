/**
 * The namespace controller (pkg/controller/namespace/namespace_controller.go): empties a
 * terminating namespace and releases it.
 *
 * - Every add or update of a namespace with a deletionTimestamp queues it after
 *   namespaceDeletionGracePeriod (5s), the time upstream gives HA API servers to see the
 *   deletion and etcd members to show last-moment creates.
 * - A pass (deleter.ts) that leaves content behind is retried after estimate/2 + 1 seconds; a
 *   failed one with the rate-limited back-off; a finished one is forgotten.
 * - Upstream watches only namespaces. Events of objects inside a namespace matter here only to
 *   wake a parked retry (queue.ts), which keeps upstream's retry times without a timer per retry.
 *
 * Not emulated: the informer's resync (--namespace-sync-period, default 5m), which re-queues
 * terminating namespaces periodically; the retries above already cover every case it would.
 */
import { ApiError } from '../../../errors';
import type { Component, SimContext } from '../../context';
import type { WatchEvent } from '../../apiserver/store';
import { NamespaceDeleter, type SyncResult } from './deleter';
import { NamespaceQueue } from './queue';

/** namespaceDeletionGracePeriod */
export const NAMESPACE_DELETION_GRACE_MS = 5_000;

export class NamespaceController implements Component {
  private deleter!: NamespaceDeleter;
  private queue!: NamespaceQueue;

  start(ctx: SimContext): void {
    this.deleter = new NamespaceDeleter(ctx.api, ctx.clock);
    this.queue = new NamespaceQueue(ctx.clock, (name) => this.process(name));
    // Every kind: a change inside a terminating namespace wakes its parked retry.
    ctx.api.watch((ev) => this.observe(ev));
  }

  private observe(ev: WatchEvent): void {
    const { kind, metadata } = ev.object;
    if (kind === 'Namespace') {
      if (ev.type !== 'DELETED' && metadata.deletionTimestamp) this.queue.addAfter(metadata.name, NAMESPACE_DELETION_GRACE_MS);
    } else if (metadata.namespace) {
      this.queue.wake(metadata.namespace);
    }
  }

  /** The worker: one pass, then Forget, AddAfter(estimate/2 + 1s) or AddRateLimited. */
  private process(name: string): void {
    const result = this.sync(name);
    if (result.kind === 'done') this.queue.forget(name);
    else if (result.kind === 'remaining') this.queue.retryAfter(name, (Math.floor(result.estimateSeconds / 2) + 1) * 1000, result.steady);
    else this.queue.retryRateLimited(name, result.steady);
  }

  private sync(name: string): SyncResult {
    try {
      return this.deleter.sync(name);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      return { kind: 'failed', steady: false };
    }
  }
}
