/**
 * The served cluster's change log: every watch event of the simulated API server with its
 * resourceVersion, kept (up to a capacity) so a watch can resume from a resourceVersion, as the
 * API server's watch cache does. A resourceVersion older than what the log still holds is
 * "too old" (410 Expired), as after etcd compaction.
 */
import type { KObject } from '../../kube/object';
import type { ApiServer, WatchType } from './store';

export interface LoggedEvent {
  type: WatchType;
  object: KObject;
  /** the previous state, for MODIFIED (selectors turn a change across the boundary into ADDED/DELETED) */
  old?: KObject;
  rv: number;
}

export type EventListener = (ev: LoggedEvent) => void;

export class WatchCache {
  private readonly events: LoggedEvent[] = [];
  private readonly listeners = new Set<EventListener>();
  /** every event with a resourceVersion above this one is in the log */
  private coveredFrom: number;
  private readonly unsubscribe: () => void;

  constructor(api: ApiServer, private readonly capacity = 100_000) {
    this.coveredFrom = api.revision();
    this.unsubscribe = api.watch((ev) => {
      const logged: LoggedEvent = { type: ev.type, object: ev.object, rv: Number(ev.object.metadata.resourceVersion), ...(ev.old ? { old: ev.old } : {}) };
      this.events.push(logged);
      if (this.events.length > this.capacity) this.coveredFrom = this.events.splice(0, this.events.length - this.capacity).pop()!.rv;
      for (const l of [...this.listeners]) l(logged);
    });
  }

  /** Events after `rv`, or undefined when some of them are no longer kept. */
  since(rv: number): LoggedEvent[] | undefined {
    if (rv < this.coveredFrom) return undefined;
    // events are in resourceVersion order: binary search for the first one after rv
    let lo = 0;
    let hi = this.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.events[mid]!.rv <= rv) lo = mid + 1;
      else hi = mid;
    }
    return this.events.slice(lo);
  }

  /** The oldest resourceVersion a watch can still start from. */
  oldest(): number {
    return this.coveredFrom;
  }

  listen(l: EventListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  close(): void {
    this.unsubscribe();
    this.listeners.clear();
  }
}
