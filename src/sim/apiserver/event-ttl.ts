/**
 * Events expire: kube-apiserver stores each Event write with an etcd lease of `--event-ttl`
 * (default 1 hour; kind keeps the default), the events registry's TTLFunc giving it on create
 * and on update alike, so an Event lives an hour after its last write. The leases come from the
 * etcd3 store's leaseManager (apiserver/pkg/storage/etcd3/lease_manager.go GetLease): a lease is
 * granted for the TTL plus a reuse period (min(60 s, 5% of the TTL)) and every write within that
 * period attaches to it, up to 1,000 objects; then a new one. When a lease expires etcd deletes
 * every key still attached to it, and watchers see DELETED.
 *
 * Modelled as: an Event's lease is the one current when it was last written, known from its
 * resourceVersion (a lease covers a range of them), so nothing is kept per Event. Where it differs:
 * - etcd's lessor finds expired leases on a 500 ms tick and revokes at most 1,000 per second; the
 *   simulator deletes at the expiry itself, in one instant.
 * - upstream's "sufficient" test compares wall times that always differ by nanoseconds; two
 *   writes at one virtual instant share a lease here.
 * - the core and events.k8s.io registries have one lease manager each; here one serves both, so
 *   an Event written through one group may expire up to a minute apart from upstream.
 */
import type { KObject } from '../../kube/object';
import { Call, type Clock } from '../clock';
import type { ApiServer, WatchEvent } from './store';

/** kube-apiserver --event-ttl's default (cmd/kube-apiserver/app/options). */
export const EVENT_TTL_MS = 60 * 60_000;
/** leaseManager: reuse a lease for min(ReuseDurationSeconds = 60, 5% of the TTL). */
export const LEASE_REUSE_MS = Math.min(60_000, Math.floor((0.05 * EVENT_TTL_MS) / 1000) * 1000);
/** leaseManager: MaxObjectCount, how many writes one lease takes. */
export const LEASE_MAX_OBJECTS = 1000;

interface Lease {
  /** resourceVersions of the first and last Event write attached to it */
  firstRv: number;
  lastRv: number;
  attached: number;
  expiresMs: number;
}

export class EventExpiry {
  private current: Lease | undefined;

  constructor(
    private readonly api: ApiServer,
    private readonly clock: Clock,
  ) {
    api.watch((ev) => this.written(ev), ['Event']);
  }

  private written(ev: WatchEvent): void {
    if (ev.type === 'DELETED') return;
    const rv = Number(ev.object.metadata.resourceVersion);
    const now = this.clock.now();
    const lease = this.current;
    // GetLease's "valid": the lease outlives the TTL from now, i.e. it was granted within the
    // reuse period
    if (lease && now + EVENT_TTL_MS < lease.expiresMs && lease.attached < LEASE_MAX_OBJECTS) {
      lease.attached++;
      lease.lastRv = rv;
      return;
    }
    const granted: Lease = { firstRv: rv, lastRv: rv, attached: 1, expiresMs: now + EVENT_TTL_MS + LEASE_REUSE_MS };
    this.current = granted;
    // housekeeping: an idle cluster stays idle to on-demand time (clock.ts TaskOptions)
    this.clock.at(granted.expiresMs, new Call<EventExpiry, Lease>(this, 'revoke', granted), { background: true });
  }

  /** etcd deletes the keys still attached: Events whose last write was under this lease. */
  revoke(lease: Lease): void {
    const expired = this.api.list<KObject>('Event').filter((e) => {
      const rv = Number(e.metadata.resourceVersion);
      return rv >= lease.firstRv && rv <= lease.lastRv;
    });
    for (const e of expired) this.api.expire(e);
  }
}

