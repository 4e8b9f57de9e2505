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

  constructor(private readonly api: ApiServer) {
    this.cache = new WatchCache(api, CAPACITY);
  }

  close(): void {
    this.cache.close();
  }

  watch(req: WatchRequest, onEvent: (ev: WatchEvent) => void): WatchHandle {
    const namespaced = typeForKind(req.kind).namespaced;
    const selects = (ev: LoggedEvent) => ev.object.kind === req.kind
      && (!namespaced || req.namespace === undefined || ev.object.metadata.namespace === req.namespace);
    const deliver = (ev: LoggedEvent) => {
      if (selects(ev)) onEvent({ type: ev.type, object: ev.object });
    };
    if (req.resourceVersion === undefined) {
      const namespace = namespaced ? req.namespace : undefined;
      for (const object of this.api.list(req.kind, namespace)) onEvent({ type: 'ADDED', object });
    } else {
      for (const ev of this.backlog(req.resourceVersion)) deliver(ev);
    }
    return { stop: this.cache.listen(deliver) };
  }

  private backlog(resourceVersion: string): LoggedEvent[] {
    const after = Number(resourceVersion);
    if (!Number.isInteger(after) || after < 0) throw new ApiError(400, 'BadRequest', `invalid resource version "${resourceVersion}"`);
    const events = this.cache.since(after);
    if (!events) throw new ApiError(410, 'Expired', `too old resource version: ${after} (${this.cache.oldest()})`);
    return events;
  }
}
