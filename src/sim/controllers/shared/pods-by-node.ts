/**
 * The pod informer's spec.nodeName index (the "spec.nodeName" indexer upstream controllers add):
 * the pods bound to a node without a scan of all pods. Fed from the watch; read back through the
 * API server so callers always see the stored object.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import type { ApiServer, WatchEvent } from '../../apiserver/store';
import { queueKey, splitQueueKey } from '../shared/queue-key';

export class PodsByNode {
  private readonly index = new Map<string, Set<string>>();

  constructor(private readonly api: ApiServer) {}

  /** Updates the index from a Pod watch event. */
  observe(ev: WatchEvent): void {
    const pod = ev.object as unknown as Pod;
    const key = queueKey(pod);
    // a DELETED event carries the last state (no old): its node is the one to leave
    const before = ev.type === 'DELETED' ? pod.spec?.nodeName : (ev.old as unknown as Pod | undefined)?.spec?.nodeName;
    const after = ev.type === 'DELETED' ? undefined : pod.spec?.nodeName;
    if (before === after) return;
    if (before) this.drop(before, key);
    if (after) {
      let set = this.index.get(after);
      if (!set) this.index.set(after, (set = new Set()));
      set.add(key);
    }
  }

  /** The pods bound to `node`, by namespace/name. */
  pods(node: string): Pod[] {
    return [...(this.index.get(node) ?? [])].sort().flatMap((key) => {
      const [ns, name] = splitQueueKey(key);
      const p = this.api.get<Pod>('Pod', ns, name);
      return p && p.spec?.nodeName === node ? [p] : [];
    });
  }

  private drop(node: string, key: string): void {
    const set = this.index.get(node);
    set?.delete(key);
    if (set && !set.size) this.index.delete(node);
  }
}
