/**
 * The order in which the scheduler walks nodes (backend/cache/node_tree.go): nodes grouped by zone,
 * zones in the order they first appeared, and the list interleaves zones — the first node of each
 * zone, then the second of each, ... — so that a partial search (100+ nodes) spreads over zones.
 */
export class NodeTree {
  private readonly zones = new Map<string, string[]>();
  private readonly zoneOf = new Map<string, string>();
  private cached: string[] | undefined;

  get size(): number {
    return this.zoneOf.size;
  }

  add(node: string, zone: string): void {
    const current = this.zoneOf.get(node);
    if (current === zone) return;
    if (current !== undefined) this.remove(node);
    let members = this.zones.get(zone);
    if (!members) this.zones.set(zone, (members = []));
    members.push(node);
    this.zoneOf.set(node, zone);
    this.cached = undefined;
  }

  remove(node: string): void {
    const zone = this.zoneOf.get(node);
    if (zone === undefined) return;
    const members = this.zones.get(zone)!;
    members.splice(members.indexOf(node), 1);
    if (!members.length) this.zones.delete(zone);
    this.zoneOf.delete(node);
    this.cached = undefined;
  }

  /** nodeTree.list(): round robin over the zones. */
  list(): readonly string[] {
    if (this.cached) return this.cached;
    const out: string[] = [];
    const zones = [...this.zones.values()];
    for (let i = 0; out.length < this.zoneOf.size; i++) {
      for (const members of zones) if (i < members.length) out.push(members[i]!);
    }
    return (this.cached = out);
  }
}
