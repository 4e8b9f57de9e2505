/**
 * The (anti-)affinity terms of pods already on nodes, grouped: many pods of one workload carry the
 * same term, so the incoming pod is checked once per distinct term (and weight) instead of once
 * per existing pod, with per-node counts of the pods carrying it.
 */
import type { AffinityTerm } from './affinity-terms';

export interface TermGroup {
  readonly term: AffinityTerm;
  /** the term's weight and sign in scoring (1 for filtering) */
  readonly weight: number;
  /** node name → pods on it carrying the term */
  readonly perNode: Map<string, number>;
}

export class TermGroups {
  private readonly groups = new Map<string, TermGroup>();

  add(term: AffinityTerm, weight: number, node: string, sign: 1 | -1): void {
    const key = `${term.key}#${weight}`;
    let g = this.groups.get(key);
    if (!g) {
      if (sign < 0) return;
      this.groups.set(key, (g = { term, weight, perNode: new Map() }));
    }
    const n = (g.perNode.get(node) ?? 0) + sign;
    if (n > 0) g.perNode.set(node, n);
    else g.perNode.delete(node);
    if (!g.perNode.size) this.groups.delete(key);
  }

  get size(): number {
    return this.groups.size;
  }

  values(): IterableIterator<TermGroup> {
    return this.groups.values();
  }
}
