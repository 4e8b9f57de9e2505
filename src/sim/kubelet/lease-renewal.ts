/**
 * When a kubelet renewed its node Lease, computed rather than ticked: renewals happen every
 * renewInterval from the moment renewing (re)started, so the last one before renewing stopped is
 * plain arithmetic and nothing runs every 10 s per node (see src/sim/node-heartbeats.ts).
 */
import type { NodeLease } from '../node-heartbeats';
import { NODE_LEASE_RENEW_INTERVAL_MS } from './timing';

export class LeaseRenewals {
  /** when the current run of renewals began (its first renewal); undefined while not renewing */
  private origin: number | undefined;
  /** the last renewal of the run that ended */
  private last: number | undefined;

  /** Renewing; stopped after its last renewal; or never renewed at all. */
  lease(): NodeLease {
    if (this.origin !== undefined) return { state: 'renewing' };
    return this.last === undefined ? { state: 'absent' } : { state: 'stopped', lastRenewalMs: this.last };
  }

  /** Renewing starts (again) at `now`, with a renewal at once. Returns whether anything changed. */
  resume(now: number): boolean {
    if (this.origin !== undefined) return false;
    this.origin = now;
    this.last = undefined;
    return true;
  }

  /** Renewing stops at `now`. Returns whether anything changed. */
  halt(now: number): boolean {
    if (this.origin === undefined) return false;
    this.last = this.origin + Math.floor((now - this.origin) / NODE_LEASE_RENEW_INTERVAL_MS) * NODE_LEASE_RENEW_INTERVAL_MS;
    this.origin = undefined;
    return true;
  }
}
