/**
 * The objects the default spreading selector is built from (plugins/helper/spread.go
 * DefaultSelector): Services selecting the pod, and the ReplicaSet, StatefulSet or
 * ReplicationController controlling it.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import { fromLabelSelector, setSelects, type Selector } from '../../kube/labels';
import type { KObject } from '../../kube/object';

const KINDS: ReadonlySet<string> = new Set(['Service', 'ReplicaSet', 'StatefulSet', 'ReplicationController']);

export class WorkloadIndex {
  private readonly byKey = new Map<string, KObject>();
  private readonly services = new Map<string, Map<string, KObject>>();

  /** the kinds it is built from */
  static readonly KINDS = KINDS;

  static watches(kind: string): boolean {
    return KINDS.has(kind);
  }

  set(obj: KObject, deleted: boolean): void {
    const ns = obj.metadata.namespace ?? 'default';
    const key = `${obj.kind}/${ns}/${obj.metadata.name}`;
    if (deleted) this.byKey.delete(key);
    else this.byKey.set(key, obj);
    if (obj.kind !== 'Service') return;
    let m = this.services.get(ns);
    if (!m) this.services.set(ns, (m = new Map()));
    if (deleted) m.delete(obj.metadata.name);
    else m.set(obj.metadata.name, obj);
  }

  /**
   * DefaultSelector: the labels of every Service whose selector matches the pod, merged, plus the
   * selector of the controlling ReplicaSet/StatefulSet (requirements added) or
   * ReplicationController (labels merged). Empty when nothing selects the pod.
   */
  defaultSelector(pod: Pod): Selector {
    const ns = pod.metadata?.namespace ?? 'default';
    const labels = pod.metadata?.labels ?? {};
    const set: Record<string, string> = {};
    for (const svc of this.services.get(ns)?.values() ?? []) {
      const sel = (svc.spec as { selector?: Record<string, string> } | undefined)?.selector;
      if (!sel) continue;
      if (setSelects(sel, labels)) Object.assign(set, sel);
    }
    const owner = pod.metadata?.ownerReferences?.find((r) => r.controller);
    const extra: Selector = [];
    if (owner) {
      const ctrl = this.byKey.get(`${owner.kind}/${ns}/${owner.name}`);
      const spec = ctrl?.spec as { selector?: LabelSelector | Record<string, string> } | undefined;
      if (ctrl && owner.kind === 'ReplicationController' && owner.apiVersion === 'v1') {
        Object.assign(set, spec?.selector ?? {});
      } else if (ctrl && (owner.kind === 'ReplicaSet' || owner.kind === 'StatefulSet') && owner.apiVersion === 'apps/v1') {
        extra.push(...fromLabelSelector(spec?.selector as LabelSelector | undefined));
      }
    }
    const base: Selector = Object.entries(set).map(([key, v]) => ({ key, operator: 'In', values: [v] }));
    return [...base, ...extra];
  }
}
