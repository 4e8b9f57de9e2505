/**
 * Watches on the simulated API server for the backend contract, served from the simulator's
 * watch cache (sim/apiserver/watch-cache.ts, shared with `kscenario serve`): a watch starts from
 * the current state or resumes after any resourceVersion the cache still holds.
 */
import type { WatchEvent, WatchHandle, WatchRequest } from '../../backend/contract';
import { ApiError } from '../../errors';
import { typeForKind } from '../../kube/registry';
import type { ApiServer } from '../../sim/apiserver/store';
import { WatchCache, type LoggedEvent } from '../../sim/apiserver/watch-cache';

/** The simulator backend keeps every change of a run: a scenario may resume from any of them. */
const CAPACITY = Number.MAX_SAFE_INTEGER;

export class EventLog {
  private readonly cache: WatchCache;
  /** watchers by kind: one listener on the cache, so a change costs its kind's watchers only */
  private readonly byKind = new Map<string, Set<(ev: LoggedEvent) => void>>();
  private readonly unlisten: () => void;

  constructor(private readonly api: ApiServer) {
    this.cache = new WatchCache(api, CAPACITY);
    this.unlisten = this.cache.listen((ev) => {
      for (const deliver of this.byKind.get(ev.object.kind) ?? []) deliver(ev);
    });
  }

  close(): void {
    this.unlisten();
    this.byKind.clear();
    this.cache.close();
  }

  watch(req: WatchRequest, onEvent: (ev: WatchEvent) => void): WatchHandle {
    const namespaced = typeForKind(req.kind).namespaced;
    const deliver = (ev: LoggedEvent) => {
      if (!namespaced || req.namespace === undefined || ev.object.metadata.namespace === req.namespace) onEvent({ type: ev.type, object: ev.object });
    };
    if (req.resourceVersion === undefined) {
      const namespace = namespaced ? req.namespace : undefined;
      for (const object of this.api.list(req.kind, namespace)) onEvent({ type: 'ADDED', object });
    } else {
      for (const ev of this.backlog(req.resourceVersion)) if (ev.object.kind === req.kind) deliver(ev);
    }
    let watchers = this.byKind.get(req.kind);
    if (!watchers) this.byKind.set(req.kind, (watchers = new Set()));
    watchers.add(deliver);
    return { stop: () => void watchers!.delete(deliver) };
  }

  private backlog(resourceVersion: string): LoggedEvent[] {
    const after = Number(resourceVersion);
    if (!Number.isInteger(after) || after < 0) throw new ApiError(400, 'BadRequest', `invalid resource version "${resourceVersion}"`);
    const events = this.cache.since(after);
    if (!events) throw new ApiError(410, 'Expired', `too old resource version: ${after} (${this.cache.oldest()})`);
    return events;
  }
}
