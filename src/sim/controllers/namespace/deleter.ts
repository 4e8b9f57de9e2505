/**
 * One pass of the namespace deleter over a terminating namespace
 * (pkg/controller/namespace/deletion/namespaced_resources_deleter.go Delete, deleteAllContent,
 * deleteAllContentForGroupVersionResource, estimateGracefulTermination, finalizeNamespace):
 * make sure the phase is Terminating, delete every object in the namespace (background
 * propagation), count what is left, write the deletion conditions, and once nothing is left
 * remove the `kubernetes` token from spec.finalizers through the finalize subresource.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { ApiError } from '../../../errors';
import type { KObject } from '../../../kube/object';
import type { ApiServer } from '../../apiserver/store';
import { typeForKind } from '../../../kube/registry';
import { NAMESPACE_FINALIZER, namespaceFinalizers } from '../../apiserver/strategy';
import type { Clock } from '../../clock';
import { updatedConditions, type ContentTotals, type NamespaceCondition } from './conditions';

/** finalizerEstimateSeconds: how long to allow for finalizers of remaining items to finish. */
export const FINALIZER_ESTIMATE_SECONDS = 15;

/**
 * The pass's outcome, as the worker reads it: done (nil error), content remaining
 * (ResourcesRemainingError with an estimate in seconds), or failed (any other error).
 * `steady`: the same content would give the same outcome at any later time — no pod's grace
 * period is still being waited for — so a retry can only change something after an event.
 */
export type SyncResult =
  | { kind: 'done' }
  | { kind: 'remaining'; estimateSeconds: number; steady: boolean }
  | { kind: 'failed'; steady: boolean };

interface ContentResult {
  estimateSeconds: number;
  /** the pods' part of the estimate, 0 once their grace periods have run out */
  podEstimateSeconds: number;
  totals: ContentTotals;
}

export class NamespaceDeleter {
  constructor(
    private readonly api: ApiServer,
    private readonly clock: Clock,
  ) {}

  sync(name: string): SyncResult {
    let ns = this.api.get<KObject>('Namespace', undefined, name);
    if (!ns?.metadata.deletionTimestamp) return { kind: 'done' };
    ns = this.ensureTerminating(ns);
    if (!namespaceFinalizers(ns).length) return { kind: 'done' };
    const content = this.deleteAllContent(ns);
    const steady = content.podEstimateSeconds === 0;
    if (content.totals.errors.length) return { kind: 'failed', steady };
    if (content.estimateSeconds > 0) return { kind: 'remaining', estimateSeconds: content.estimateSeconds, steady };
    this.finalize(name);
    return { kind: 'done' };
  }

  /** updateNamespaceStatusFunc: the phase follows the deletionTimestamp. */
  private ensureTerminating(ns: KObject): KObject {
    const status = (ns.status ?? {}) as { phase?: string };
    if (status.phase === 'Terminating') return ns;
    return this.api.updateStatus({ ...ns, status: { ...status, phase: 'Terminating' } });
  }

  /**
   * deleteAllContent: every kind present in the namespace, in kind order (upstream walks a Go
   * map, in no fixed order). Deleting one kind never removes another's objects synchronously
   * (the garbage collector works from its queue), so deleting all first and counting after gives
   * the counts a per-kind delete-then-list would.
   */
  private deleteAllContent(ns: KObject): ContentResult {
    const name = ns.metadata.name;
    const errors: string[] = [];
    const podEstimateSeconds = this.estimatePods(name, this.api.parseTime(ns.metadata.deletionTimestamp!));
    for (const item of this.api.namespacedObjects(name)) {
      const failure = this.deleteItem(item);
      if (failure) errors.push(failure);
    }
    const { totals, estimateSeconds } = this.remaining(name, podEstimateSeconds);
    totals.errors.push(...errors);
    this.writeConditions(ns, totals);
    return { estimateSeconds, podEstimateSeconds, totals };
  }

  /** deleteCollection with propagationPolicy Background; an object already gone is no error. */
  private deleteItem(item: KObject): string | undefined {
    try {
      this.api.delete(item.kind, item.metadata.namespace, item.metadata.name, { propagationPolicy: 'Background' });
      return undefined;
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      return err.status === 404 ? undefined : err.message;
    }
  }

  /**
   * estimateGracefulTerminationForPods: the longest terminationGracePeriodSeconds of the pods
   * not yet Succeeded or Failed — or 0 once that long has passed since the namespace's
   * deletionTimestamp.
   */
  private estimatePods(namespace: string, deletedAtMs: number): number {
    let estimate = 0;
    for (const o of this.api.namespacedObjects(namespace)) {
      if (o.kind !== 'Pod') continue;
      const pod = o as unknown as Pod;
      if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') continue;
      estimate = Math.max(estimate, pod.spec?.terminationGracePeriodSeconds ?? 0);
    }
    return this.clock.now() - deletedAtMs >= estimate * 1000 ? 0 : estimate;
  }

  /**
   * The per-kind verdicts of deleteAllContentForGroupVersionResource on what is left: waiting
   * on the pods' estimate, on finalizers (FINALIZER_ESTIMATE_SECONDS), or else an error — an
   * object with nothing holding it should have gone.
   */
  private remaining(namespace: string, podEstimateSeconds: number): { totals: ContentTotals; estimateSeconds: number } {
    const totals: ContentTotals = { remainingByResource: new Map(), remainingByFinalizer: new Map(), errors: [] };
    const byKind = new Map<string, KObject[]>();
    for (const o of this.api.namespacedObjects(namespace)) {
      const items = byKind.get(o.kind);
      if (items) items.push(o);
      else byKind.set(o.kind, [o]);
    }
    let estimateSeconds = 0;
    for (const [kind, items] of byKind) {
      const type = typeForKind(kind);
      totals.remainingByResource.set(`${type.plural}.${type.group}`, items.length);
      let withFinalizers = 0;
      for (const item of items) {
        const finalizers = item.metadata.finalizers ?? [];
        if (finalizers.length) withFinalizers++;
        for (const f of finalizers) totals.remainingByFinalizer.set(f, (totals.remainingByFinalizer.get(f) ?? 0) + 1);
      }
      const estimate = kind === 'Pod' ? podEstimateSeconds : 0;
      if (estimate === 0 && withFinalizers === 0) {
        // schema.GroupVersionResource's String(): "apps/v1, Resource=deployments", "/v1, Resource=pods".
        totals.errors.push(`unexpected items still remain in namespace: ${namespace} for gvr: ${type.group}/${type.version}, Resource=${type.plural}`);
      }
      estimateSeconds = Math.max(estimateSeconds, estimate || (withFinalizers ? FINALIZER_ESTIMATE_SECONDS : 0));
    }
    return { totals, estimateSeconds };
  }

  /** The conditions are written whenever they change; a failed write is only logged upstream. */
  private writeConditions(ns: KObject, totals: ContentTotals): void {
    const current = this.api.get<KObject>('Namespace', undefined, ns.metadata.name);
    if (!current) return;
    const status = (current.status ?? {}) as { conditions?: NamespaceCondition[] };
    const conditions = updatedConditions(status.conditions ?? [], totals, this.api.timestamp());
    if (!conditions) return;
    try {
      this.api.updateStatus({ ...current, status: { ...status, conditions } });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
    }
  }

  /**
   * finalizeNamespace: spec.finalizers without the `kubernetes` token (the rest sorted, as a
   * string set lists them), written through /finalize; with none left the namespace is gone.
   */
  private finalize(name: string): void {
    const ns = this.api.get<KObject>('Namespace', undefined, name);
    if (!ns) return;
    const rest = [...new Set(namespaceFinalizers(ns).filter((f) => f !== NAMESPACE_FINALIZER))].sort();
    try {
      this.api.finalizeNamespace({ ...ns, spec: { ...(ns.spec as object), finalizers: rest } });
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 404) throw err;
    }
  }
}
