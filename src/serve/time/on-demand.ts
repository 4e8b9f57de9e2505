/**
 * `speed: 'on-demand'`: virtual time does not run on its own. Requests are served at the
 * current instant (settle only), so `kubectl get` sees no time pass. Time moves only while a
 * client waits: an open watch, or a client polling the same URL on one connection (kubectl drain
 * waits for deletions by polling GET every second). Once no request has arrived for IDLE_MS, the
 * driver runs the next scheduled instants until one of them changes something a waiting client
 * looks at, then gives the client REACT_MS to react; it never passes the limit (virtual ms), and
 * jumps to the limit when nothing is scheduled before it.
 */
import type { Simulator } from '../../sim/simulator';
import type { WatchCache, LoggedEvent } from '../../sim/apiserver/watch-cache';
import { BaseDriver, type Connection, type Waiter } from './driver';

/** on-demand: how long no request must have come before time may move */
const IDLE_MS = 30;
/** on-demand: after a change a waiting client looks at, how long it gets to react (close its watch, ask again) */
const REACT_MS = 100;
/** on-demand: wall time one burst of instants may take before the event loop gets a turn */
const BURST_MS = 25;
/** a GET repeated within this wall time is a poll */
const POLL_WINDOW_MS = 3000;

interface Poll {
  url: string;
  connection: Connection;
  lastAt: number;
  waiter: Waiter;
  /** asked for at least twice in a row: the client is polling; cleared once what it polls changed */
  active: boolean;
}

/** Time moves only while a client waits, and only as far as what it waits for. */
export class OnDemandDriver extends BaseDriver {
  private readonly waiters = new Set<Waiter>();
  private polls: Poll[] = [];
  private readonly watchedConnections = new WeakSet<Connection>();
  /** waiters and polls that no longer move time (newWaitersOnly), until the limit is set again */
  private passedOver = new Set<Waiter | Poll>();
  private lastActivity = Date.now();
  /** wall time before which no instant runs (a client is reacting to a change) */
  private quietUntil = 0;
  private timer: NodeJS.Timeout | undefined;
  private woken = false;
  private readonly unlisten: () => void;

  constructor(sim: Simulator, log: WatchCache, opts: { limit?: number; onFailure?: (err: Error) => void } = {}) {
    super(sim, 'on-demand', opts.onFailure);
    this.bound = opts.limit;
    this.unlisten = log.listen((ev) => this.onEvent(ev));
    this.schedule();
  }

  override requestStarted(): void {
    super.requestStarted();
    this.lastActivity = Date.now();
  }

  override requestEnded(): void {
    super.requestEnded();
    this.lastActivity = Date.now();
    this.schedule();
  }

  override addWaiter(w: Waiter): () => void {
    this.waiters.add(w);
    this.schedule();
    return () => {
      this.waiters.delete(w);
    };
  }

  override noteGet(url: string, waiter: Waiter, connection: Connection): void {
    const now = Date.now();
    this.polls = this.polls.filter((p) => now - p.lastAt < POLL_WINDOW_MS);
    const known = this.polls.find((p) => p.url === url && p.connection === connection);
    if (known) {
      Object.assign(known, { lastAt: now, waiter, active: true });
      return;
    }
    this.polls.push({ url, connection, lastAt: now, waiter, active: false });
    // The client went away: it waits for nothing any more. One listener per connection, however
    // many URLs a keep-alive connection polls.
    if (this.watchedConnections.has(connection)) return;
    this.watchedConnections.add(connection);
    connection.once('close', () => {
      this.polls = this.polls.filter((p) => p.connection !== connection);
    });
  }

  /** A change a waiting client looks at ends the burst; a poll is answered by one such change. */
  private onEvent(ev: LoggedEvent): void {
    if ([...this.waiters].some((w) => !this.passedOver.has(w) && w.wants(ev))) this.woken = true;
    for (const p of this.polls) {
      if (p.active && !this.passedOver.has(p) && p.waiter.wants(ev)) {
        p.active = false;
        this.woken = true;
      }
    }
  }

  private waiting(): boolean {
    const now = Date.now();
    return [...this.waiters].some((w) => !this.passedOver.has(w)) || this.polls.some((p) => p.active && !this.passedOver.has(p) && now - p.lastAt < POLL_WINDOW_MS);
  }

  private schedule(): void {
    if (this.stopped || this.timer) return;
    const wait = Math.max(IDLE_MS, this.quietUntil - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.guarded(() => this.step());
    }, wait);
    this.timer.unref();
  }

  private step(): void {
    if (this.stopped || !this.waiting()) return;
    const now = Date.now();
    if (this.active > 0 || now - this.lastActivity < IDLE_MS || now < this.quietUntil) {
      this.schedule();
      return;
    }
    const burstEnd = Date.now() + BURST_MS;
    this.woken = false;
    while (!this.woken && Date.now() < burstEnd) {
      const next = this.sim.clock.nextTime();
      // only housekeeping left (Events expiring): nothing a waiting client waits for happens
      const idle = next === undefined || !this.sim.clock.hasForegroundWork();
      if (this.bound !== undefined && (idle || next! > this.bound)) {
        if (this.sim.clock.now() < this.bound) this.sim.clock.runUntil(this.bound);
        return; // at the limit: nothing more may happen until the caller moves it
      }
      if (idle) return;
      this.sim.clock.runInstant(next!);
    }
    if (this.woken) this.quietUntil = Date.now() + REACT_MS;
    this.schedule();
  }

  override setLimit(virtualMs: number | undefined): void {
    super.setLimit(virtualMs);
    this.passedOver = new Set();
    this.schedule();
  }

  override newWaitersOnly(): void {
    this.passedOver = new Set([...this.waiters, ...this.polls]);
  }

  override stop(): void {
    super.stop();
    this.unlisten();
    if (this.timer) clearTimeout(this.timer);
  }
}
