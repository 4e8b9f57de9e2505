import { RecentValues } from '../kube/recent-values';

/**
 * One copy of each recent map of texts, for maps many owners keep unchanged (a container's
 * environment, a volume's projected files): a map equal entry for entry, in order, to a recent
 * one is given back as that one. The maps must not be changed once shared.
 */
export class SharedMaps {
  private readonly maps: RecentValues<string, ReadonlyMap<string, string>>;

  constructor(limit: number) {
    this.maps = new RecentValues(limit);
  }

  share(map: ReadonlyMap<string, string>): ReadonlyMap<string, string> {
    return this.maps.get(JSON.stringify([...map]), () => map);
  }
}
