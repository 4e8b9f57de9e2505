/**
 * Watch streams (apiserver pkg/endpoints/handlers/watch.go, storage cacher semantics): a chunked
 * HTTP response of JSON watch events {type, object}, one per line.
 * - Start: no resourceVersion or "0" sends the current objects as ADDED first; a resourceVersion
 *   replays the events after it from the log, or, when the log no longer reaches back that far,
 *   sends one ERROR event with a 410 Expired Status ("too old resource version") and ends, as the
 *   watch cache does. sendInitialEvents=true sends the current objects and then a BOOKMARK
 *   annotated k8s.io/initial-events-end.
 * - Selectors: an object changing into the selection arrives as ADDED, out of it as DELETED.
 * - allowWatchBookmarks: a BOOKMARK with the current resourceVersion now and then.
 * - timeoutSeconds (wall clock) ends the stream; so does the client going away.
 * Table requests get each object as a one-row Table.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KObject } from '../kube/object';
import { apiVersionOf } from '../kube/registry';
import { present } from './convert';
import type { WatchCache, LoggedEvent } from '../sim/apiserver/watch-cache';
import type { RestResource } from './resources';
import { expired } from './status';
import { toTable, type IncludeObject, type PrintContext } from './tables';
import type { TimeDriver } from './time';

export interface WatchRequest {
  resource: RestResource;
  namespace?: string;
  /** a single object (watch on an item path or a metadata.name field selector) */
  name?: string;
  predicate: (o: KObject) => boolean;
  resourceVersion?: string;
  sendInitialEvents?: boolean;
  bookmarks: boolean;
  timeoutMs?: number;
  table?: { include: IncludeObject };
}

export interface WatchDeps {
  log: WatchCache;
  time: TimeDriver;
  /** the current objects of the kind (sorted), for the initial ADDED events */
  current: () => KObject[];
  revision: () => number;
  printContext: () => PrintContext;
  /** how timestamps are shown (timestamps.ts) */
  toClient: <T>(value: T) => T;
}

/** How often a stream that asked for bookmarks gets one (the cacher sends them about every minute). */
const BOOKMARK_INTERVAL_MS = 30_000;
export const INITIAL_EVENTS_END = 'k8s.io/initial-events-end';

type OutType = 'ADDED' | 'MODIFIED' | 'DELETED';

export class WatchFilter {
  constructor(private readonly w: Pick<WatchRequest, 'resource' | 'namespace' | 'name' | 'predicate'>) {}

  selects(o: KObject | undefined): boolean {
    if (!o || o.kind !== this.w.resource.kind) return false;
    if (this.w.namespace !== undefined && o.metadata.namespace !== this.w.namespace) return false;
    if (this.w.name !== undefined && o.metadata.name !== this.w.name) return false;
    return this.w.predicate(o);
  }

  /** What a watcher with this filter sees of a change, if anything. */
  translate(ev: LoggedEvent): OutType | undefined {
    const now = this.selects(ev.object);
    if (ev.type === 'ADDED') return now ? 'ADDED' : undefined;
    if (ev.type === 'DELETED') return now ? 'DELETED' : undefined;
    const before = ev.old ? this.selects(ev.old) : now;
    if (now && before) return 'MODIFIED';
    if (now) return 'ADDED';
    return before ? 'DELETED' : undefined;
  }
}

export class WatchStream {
  private closed = false;
  private readonly cleanups: Array<() => void> = [];
  private readonly filter: WatchFilter;

  constructor(private readonly w: WatchRequest, private readonly deps: WatchDeps, private readonly res: ServerResponse) {
    this.filter = new WatchFilter(w);
  }

  /** Starts streaming; `onClose` runs once when the stream ends for any reason. */
  start(req: IncomingMessage, onClose: () => void): void {
    this.res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
    this.res.flushHeaders();
    this.cleanups.push(onClose);
    const end = () => this.close();
    req.on('close', end);
    this.res.on('close', end);

    const start = this.initial();
    if (start === undefined) return;
    for (const ev of start) this.write(ev.type, ev.object);
    if (this.w.sendInitialEvents && this.w.bookmarks) this.bookmark(true);

    this.cleanups.push(this.deps.log.listen((ev) => {
      const type = this.filter.translate(ev);
      if (type) this.write(type, ev.object);
    }));
    this.cleanups.push(this.deps.time.addWaiter({ wants: (ev) => this.filter.translate(ev) !== undefined }));
    if (this.w.timeoutMs !== undefined) {
      const t = setTimeout(end, this.w.timeoutMs);
      this.cleanups.push(() => clearTimeout(t));
    }
    if (this.w.bookmarks) {
      const t = setInterval(() => this.bookmark(false), BOOKMARK_INTERVAL_MS);
      t.unref();
      this.cleanups.push(() => clearInterval(t));
    }
  }

  /** The events to send first, or undefined when the stream already ended (410). */
  private initial(): Array<{ type: OutType; object: KObject }> | undefined {
    const rv = this.w.resourceVersion;
    if (this.w.sendInitialEvents || rv === undefined || rv === '0') {
      return this.deps.current().filter((o) => this.filter.selects(o)).map((object) => ({ type: 'ADDED' as const, object }));
    }
    const n = Number(rv);
    if (!Number.isInteger(n) || n < 0) {
      this.writeError(expired(`too old resource version: ${rv}`));
      return undefined;
    }
    const events = this.deps.log.since(n);
    if (!events) {
      this.writeError(expired(`too old resource version: ${n} (${this.deps.log.oldest()})`));
      return undefined;
    }
    return events.flatMap((ev) => {
      const type = this.filter.translate(ev);
      return type ? [{ type, object: ev.object }] : [];
    });
  }

  private encode(object: KObject): object {
    const shown = present(object, this.w.resource);
    if (!this.w.table) return shown;
    return toTable(this.w.resource.kind, [shown], this.deps.printContext(), this.w.table.include, { resourceVersion: shown.metadata.resourceVersion });
  }

  private write(type: string, object: KObject): void {
    if (this.closed) return;
    this.res.write(JSON.stringify({ type, object: this.deps.toClient(this.encode(object)) }) + '\n');
  }

  private bookmark(initialEnd: boolean): void {
    if (this.closed) return;
    const metadata: Record<string, unknown> = { resourceVersion: String(this.deps.revision()) };
    if (initialEnd) metadata.annotations = { [INITIAL_EVENTS_END]: 'true' };
    const object = { kind: this.w.resource.kind, apiVersion: apiVersionOf(this.w.resource), metadata };
    this.res.write(JSON.stringify({ type: 'BOOKMARK', object }) + '\n');
  }

  private writeError(status: object): void {
    this.res.write(JSON.stringify({ type: 'ERROR', object: status }) + '\n');
    this.close();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const c of this.cleanups.splice(0).reverse()) c();
    this.res.end();
  }
}
