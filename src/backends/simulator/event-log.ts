/**
 * The watch cache of the simulated API server: every change in order with its resourceVersion, so
 * that a watch can start from the current state or resume after any resourceVersion it has seen,
 * as the kube-apiserver's watch cache lets clients do (within its window; here: the whole run).
 */
import type { WatchEvent, WatchHandle, WatchRequest } from '../../backend/contract';
import { ApiError } from '../../errors';
import { typeForKind } from '../../kube/registry';
import type { ApiServer, WatchEvent as StoreEvent } from '../../sim/apiserver/store';

interface Subscriber {
  req: WatchRequest;
  namespaced: boolean;
  onEvent: (ev: WatchEvent) => void;
}

export class EventLog {
  private readonly events: WatchEvent[] = [];
  private readonly subscribers = new Set<Subscriber>();
  private readonly unwatch: () => void;

  constructor(private readonly api: ApiServer) {
    this.unwatch = api.watch((ev) => this.record(ev));
  }

  close(): void {
    this.unwatch();
    this.subscribers.clear();
  }

  watch(req: WatchRequest, onEvent: (ev: WatchEvent) => void): WatchHandle {
    const sub: Subscriber = { req, namespaced: typeForKind(req.kind).namespaced, onEvent };
    for (const ev of this.backlog(req)) if (selects(sub, ev)) onEvent(ev);
    this.subscribers.add(sub);
    return { stop: () => this.subscribers.delete(sub) };
  }

  /** What a new watch sees first: the current objects, or every change after its resourceVersion. */
  private backlog(req: WatchRequest): WatchEvent[] {
    if (req.resourceVersion === undefined) {
      const namespace = typeForKind(req.kind).namespaced ? req.namespace : undefined;
      return this.api.list(req.kind, namespace).map((object) => ({ type: 'ADDED' as const, object }));
    }
    const after = Number(req.resourceVersion);
    if (!Number.isInteger(after) || after < 0) {
      throw new ApiError(400, 'BadRequest', `invalid resource version "${req.resourceVersion}"`);
    }
    // resourceVersions grow with every write, so the log is sorted by them.
    return this.events.slice(firstAfter(this.events, after));
  }

  private record(ev: StoreEvent): void {
    const event: WatchEvent = { type: ev.type, object: ev.object };
    this.events.push(event);
    for (const sub of this.subscribers) if (selects(sub, event)) sub.onEvent(event);
  }
}

function selects(sub: Subscriber, ev: WatchEvent): boolean {
  const { kind, namespace } = sub.req;
  if (ev.object.kind !== kind) return false;
  return !sub.namespaced || namespace === undefined || ev.object.metadata.namespace === namespace;
}

function firstAfter(events: WatchEvent[], rv: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (Number(events[mid].object.metadata.resourceVersion) <= rv) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
