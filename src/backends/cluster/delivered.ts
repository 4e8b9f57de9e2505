/**
 * What the backend's watches have delivered, object by object, so that a read or a write can
 * wait until the watches (and so the recorded history) have caught up with it.
 *
 * On the simulator a watch event is delivered as the change happens: when a check sees a pod
 * Ready, or the delete verb sees it gone, the history already holds that change. A real API
 * server sends watch events over other connections than the request's answer, a moment later.
 * So after a read or a write the backend waits (briefly, bounded) until every object the answer
 * shows is delivered at that resourceVersion or later, and every object the answer shows absent
 * is delivered as deleted. Only kinds watched across all namespaces are tracked (the history
 * recorder watches every kind that way); resourceVersions are compared as integers (etcd's and the
 * simulator's are), and not at all when they are not.
 */
import type { KObject } from '../../kube/object';
import { ChangeSignal } from './clock';

interface Seen {
  rv: bigint;
  deleted: boolean;
}

/** Bound of one wait (wall ms): a watch that lags more than this is not waited for. */
export const SYNC_WALL_MS = 1000;

export class DeliveredState {
  private readonly byKind = new Map<string, Map<string, Seen>>();
  /** kind → number of open all-namespace watches */
  private readonly watched = new Map<string, number>();
  private readonly signal = new ChangeSignal();

  watching(kind: string, delta: 1 | -1): void {
    this.watched.set(kind, (this.watched.get(kind) ?? 0) + delta);
  }

  /** A watch delivered `obj` (cluster names). */
  delivered(kind: string, type: 'ADDED' | 'MODIFIED' | 'DELETED', obj: KObject): void {
    const rv = toBig(obj.metadata?.resourceVersion);
    if (rv === undefined) return;
    let objects = this.byKind.get(kind);
    if (!objects) this.byKind.set(kind, (objects = new Map()));
    const key = keyOf(obj.metadata?.namespace, obj.metadata?.name);
    const before = objects.get(key);
    if (!before || rv >= before.rv) objects.set(key, { rv, deleted: type === 'DELETED' });
    this.signal.notify();
  }

  /** Waits until the objects of a list (of `namespace`, or all) are delivered as listed. */
  async list(kind: string, namespace: string | undefined, items: KObject[]): Promise<void> {
    if (!this.watched.get(kind)) return;
    const listed = new Map(items.map((o) => [keyOf(o.metadata.namespace, o.metadata.name), toBig(o.metadata.resourceVersion)]));
    await this.until(() => {
      const objects = this.byKind.get(kind) ?? new Map<string, Seen>();
      for (const [key, rv] of listed) {
        const seen = objects.get(key);
        if (rv !== undefined && (!seen || seen.rv < rv)) return false;
      }
      for (const [key, seen] of objects) {
        if (seen.deleted || listed.has(key)) continue;
        if (namespace === undefined || key.startsWith(`${namespace}/`)) return false;
      }
      return true;
    });
  }

  /** Waits until one object is delivered at `rv` or later, or (rv undefined) delivered as gone. */
  async object(kind: string, namespace: string | undefined, name: string, rv: string | undefined): Promise<void> {
    if (!this.watched.get(kind)) return;
    const key = keyOf(namespace, name);
    const want = toBig(rv);
    await this.until(() => {
      const seen = this.byKind.get(kind)?.get(key);
      if (rv === undefined) return !seen || seen.deleted;
      return want === undefined || (!!seen && seen.rv >= want);
    });
  }

  private async until(done: () => boolean): Promise<void> {
    const end = Date.now() + SYNC_WALL_MS;
    while (!done() && Date.now() < end) await this.signal.next(end - Date.now());
  }
}

function keyOf(namespace: string | undefined, name: string | undefined): string {
  return `${namespace ?? ''}/${name ?? ''}`;
}

function toBig(rv: string | undefined): bigint | undefined {
  return rv && /^\d+$/.test(rv) ? BigInt(rv) : undefined;
}
