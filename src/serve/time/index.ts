/**
 * How virtual time passes while the simulator is served.
 *
 * - `speed: X` (real time): a timer keeps virtual time at start + X × the wall time elapsed; the
 *   simulator runs whatever falls due in between. Requests are served at the current instant.
 * - `speed: 'on-demand'`: virtual time does not run on its own. Requests are served at the
 *   current instant (settle only), so `kubectl get` sees no time pass. Time moves only while a
 *   client waits: an open watch, or a client polling the same URL (kubectl drain waits for
 *   deletions by polling GET every second). Once no request has arrived for `idleMs`, the driver
 *   runs the next scheduled instants until one of them changes something a waiting client looks
 *   at, then gives the client time to react; it never passes `limit` (virtual ms), and jumps to
 *   the limit when nothing is scheduled before it.
 */
import type { Simulator } from '../../sim/simulator';
import type { WatchCache } from '../../sim/apiserver/watch-cache';
import type { Speed, TimeDriver } from './driver';
import { OnDemandDriver } from './on-demand';
import { RealTimeDriver } from './real-time';

export type { Connection, Speed, TimeControl, TimeDriver, Waiter } from './driver';

export function createTimeDriver(sim: Simulator, log: WatchCache, speed: Speed, limit?: number, onFailure?: (err: Error) => void): TimeDriver {
  if (speed === 'on-demand') return new OnDemandDriver(sim, log, { ...(limit !== undefined ? { limit } : {}), ...(onFailure ? { onFailure } : {}) });
  if (!(speed > 0) || !Number.isFinite(speed)) throw new Error(`speed must be a positive number or 'on-demand' (got ${speed})`);
  const driver = new RealTimeDriver(sim, speed, onFailure);
  if (limit !== undefined) driver.setLimit(limit);
  return driver;
}

