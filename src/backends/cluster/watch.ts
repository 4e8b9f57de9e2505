/**
 * One resumable watch on a real API server, with client-node's Watch doing the streaming.
 *
 * The API server ends watch streams on its own (its timeout, a restart, a proxy): the stream is
 * reopened from the last resourceVersion seen (events and bookmarks), so no change is missed or
 * repeated. When that resourceVersion is too old (410 Gone: "too old resource version"), the
 * collection is listed again and the differences with what this watch had delivered are sent as
 * ADDED/MODIFIED/DELETED, as client-go's reflector does with a relist.
 */
import type * as K8s from '@kubernetes/client-node';
import type { WatchEventType } from '../../backend/contract';
import type { KObject } from '../../kube/object';

export interface ListResult {
  items: KObject[];
  resourceVersion: string;
}

export interface WatchSpec {
  /** collection path, e.g. /api/v1/namespaces/x/pods or /apis/apps/v1/deployments */
  path: string;
  /** start after this resourceVersion */
  resourceVersion: string;
  /** objects already delivered (from a list), so that a relist can tell what changed */
  known?: KObject[];
  list(): Promise<ListResult>;
  onEvent(type: WatchEventType, object: KObject): void;
  /** the stream has passed this resourceVersion without an event (a bookmark, a relist) */
  onProgress?(resourceVersion: string): void;
  /** a failure the watch cannot recover from by itself (it keeps retrying) */
  onError?(err: unknown): void;
}

const RETRY_MS = 1000;
/** Answers after which the watch is not reopened. */
const FINAL = new Set([401, 403, 404, 405]);

export class ResumableWatch {
  private rv: string;
  private readonly known = new Map<string, string>();
  private controller: { abort(): void } | undefined;
  private stopped = false;
  private gone = false;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(private readonly watch: K8s.Watch, private readonly spec: WatchSpec) {
    this.rv = spec.resourceVersion;
    for (const o of spec.known ?? []) this.known.set(key(o), o.metadata.resourceVersion ?? '');
  }

  async start(): Promise<void> {
    if (this.stopped) return;
    this.gone = false;
    const controller = await this.watch.watch(
      this.spec.path,
      { resourceVersion: this.rv, allowWatchBookmarks: true },
      (phase: string, obj: KObject & { code?: number }) => this.receive(phase, obj),
      (err: unknown) => void this.ended(err),
    );
    if (this.stopped) controller.abort();
    else this.controller = controller;
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.controller?.abort();
  }

  private receive(phase: string, obj: KObject & { code?: number }): void {
    if (this.stopped || !obj) return;
    if (phase === 'ERROR') {
      if (obj.code === 410) this.gone = true;
      else this.spec.onError?.(new Error(`watch ${this.spec.path}: ${(obj as { message?: string }).message ?? JSON.stringify(obj)}`));
      return;
    }
    const rv = obj.metadata?.resourceVersion;
    if (rv) this.rv = rv;
    if (phase === 'BOOKMARK') {
      if (rv) this.spec.onProgress?.(rv);
      return;
    }
    if (phase !== 'ADDED' && phase !== 'MODIFIED' && phase !== 'DELETED') return;
    if (phase === 'DELETED') this.known.delete(key(obj));
    else this.known.set(key(obj), rv ?? '');
    this.spec.onEvent(phase, obj);
  }

  private async ended(err: unknown): Promise<void> {
    this.controller = undefined;
    if (this.stopped) return;
    const status = (err as { statusCode?: number } | null)?.statusCode;
    if (status !== undefined && FINAL.has(status)) {
      // not allowed or not served: asking again every second would not change that
      this.spec.onError?.(new Error(`watch ${this.spec.path}: HTTP ${status}`));
      return;
    }
    try {
      if (this.gone || status === 410) await this.relist();
      else if (err) {
        await new Promise<void>((resolve) => (this.retryTimer = setTimeout(resolve, RETRY_MS)));
      }
      await this.start();
    } catch (e) {
      this.spec.onError?.(e);
      if (!this.stopped) this.retryTimer = setTimeout(() => void this.ended(e), RETRY_MS);
    }
  }

  /** After 410 Gone: list, and send what differs from what was delivered. */
  private async relist(): Promise<void> {
    const { items, resourceVersion } = await this.spec.list();
    if (this.stopped) return;
    const seen = new Set<string>();
    for (const o of items) {
      const k = key(o);
      seen.add(k);
      const before = this.known.get(k);
      if (before === o.metadata.resourceVersion) continue;
      this.known.set(k, o.metadata.resourceVersion ?? '');
      this.spec.onEvent(before === undefined ? 'ADDED' : 'MODIFIED', o);
    }
    for (const k of [...this.known.keys()]) {
      if (seen.has(k)) continue;
      this.known.delete(k);
      const [namespace, name] = k.split('/') as [string, string];
      // the last state is unknown: a tombstone with what identifies the object
      this.spec.onEvent('DELETED', { apiVersion: '', kind: '', metadata: { name, ...(namespace ? { namespace } : {}) } });
    }
    this.rv = resourceVersion;
    if (resourceVersion) this.spec.onProgress?.(resourceVersion);
  }
}

function key(o: KObject): string {
  return `${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;
}
