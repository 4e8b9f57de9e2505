/**
 * Objects of one kind that have no controller, per namespace: the index client-go's
 * controller.FilterPodsByOwner reads for orphans (OrphanPodIndexKey), so a sync finds adoption
 * candidates without scanning every pod. Kept current from the watch stream.
 */
import { controllerRef, type KObject } from '../../../kube/object';

export class OrphanIndex {
  private readonly byNamespace = new Map<string, Set<string>>();

  constructor(readonly kind: string) {}

  /** Feed every watch event of `kind`. */
  observe(type: 'ADDED' | 'MODIFIED' | 'DELETED', obj: KObject): void {
    const ns = obj.metadata.namespace ?? '';
    let names = this.byNamespace.get(ns);
    if (type !== 'DELETED' && !controllerRef(obj)) {
      if (!names) this.byNamespace.set(ns, (names = new Set()));
      names.add(obj.metadata.name);
    } else names?.delete(obj.metadata.name);
  }

  /** Names of the orphans in a namespace, sorted. */
  names(namespace: string): string[] {
    return [...(this.byNamespace.get(namespace) ?? [])].sort();
  }
}
