/**
 * The livelock guard's view of the API server: how often each object was written at the current
 * virtual instant. Virtual time does not pass while components react to each other's writes, so
 * two controllers that keep undoing each other's change (or one that rewrites what it just wrote)
 * spin at one instant forever. Counting writes per object is one map update per write and finds
 * the culprits by name.
 *
 * The bound: in the seed suite one object is written at most 10 times at one instant, in the pods
 * benchmark (10,000 pods, 1,000 nodes) 25 times (the Deployment's status, once per ReplicaSet
 * batch of up to 500 pods), in a 5,000-node cluster 23 (a DaemonSet's status); a workload of the
 * largest size the limits allow (50,000 pods) gets to about 110. 1,000 writes of one object cost
 * well under a second of wall time, so a fight is reported within about a second.
 */
import { SimulationError } from '../../errors';

export const MAX_WRITES_PER_OBJECT_PER_INSTANT = 1_000;
/** how many of the most written objects a livelock report names */
const REPORTED = 5;

export class WriteChurn {
  private instant = NaN;
  private readonly writes = new Map<string, number>();

  constructor(
    private readonly now: () => number,
    /** ends the run even if the writer catches the error (Clock.fail) */
    private readonly fail: (err: Error) => void = () => undefined,
  ) {}

  /** Counts a write of the object stored under `key`; throws once it is written too often. */
  note(key: string): void {
    const now = this.now();
    if (now !== this.instant) {
      this.instant = now;
      this.writes.clear();
    }
    const n = (this.writes.get(key) ?? 0) + 1;
    this.writes.set(key, n);
    if (n > MAX_WRITES_PER_OBJECT_PER_INSTANT) {
      const err = new SimulationError(`livelock: ${keyText(key)} was written more than ${MAX_WRITES_PER_OBJECT_PER_INSTANT} times at t=${now}ms; ${this.describe()}`);
      this.fail(err);
      throw err;
    }
  }

  /** The objects written more than once at this instant, most written first: "most written at t=12ms: Deployment default/web ×1001, ReplicaSet default/web-abc ×1000" */
  describe(): string {
    // objects written once at this instant are not what keeps changing
    const top = [...this.writes].filter(([, n]) => n > 1).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, REPORTED);
    if (!top.length) return `no object was written more than once at t=${this.instant}ms`;
    return `most written at t=${this.instant}ms: ${top.map(([k, n]) => `${keyText(k)} ×${n}`).join(', ')}`;
  }
}

/** A store key (Kind/namespace/name, Kind//name when cluster-scoped) as "Kind namespace/name" or "Kind name". */
export function keyText(key: string): string {
  const [kind, namespace, ...name] = key.split('/');
  return `${kind} ${namespace ? `${namespace}/` : ''}${name.join('/')}`;
}
