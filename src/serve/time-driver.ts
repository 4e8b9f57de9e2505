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
import { ApiError } from '../errors';
import type { Simulator } from '../sim/simulator';
import type { EventLog, LoggedEvent } from './event-log';

export type Speed = number | 'on-demand';

/** A client connection (the request's socket): polls end with it. */
export interface Connection {
  once(event: 'close', listener: () => void): unknown;
}

/** Something a blocked client waits for. */
export interface Waiter {
  wants(ev: LoggedEvent): boolean;
}

export interface TimeControl {
  readonly speed: Speed;
  /** virtual milliseconds since the simulation started */
  now(): number;
  /** on-demand: the virtual instant time may not pass (undefined: unbounded) */
  limit(): number | undefined;
  setLimit(virtualMs: number | undefined): void;
  /** Lets `ms` of virtual time pass at once (both modes). */
  advance(ms: number): void;
}

export interface TimeDriver extends TimeControl {
  /** Called at the start of every request: runs what is due now. */
  requestStarted(): void;
  requestEnded(): void;
  /** A client blocks on `w` until the returned function is called. */
  addWaiter(w: Waiter): () => void;
  /**
   * A non-watch GET that found what it asked for: the same URL asked for again on the same
   * connection is a client polling for a change (until the connection closes).
   */
  noteGet(url: string, waiter: Waiter, connection: Connection): void;
  stop(): void;
}

const TICK_MS = 20;
/** on-demand: how long no request must have come before time may move */
const IDLE_MS = 30;
/** on-demand: after a change a waiting client looks at, how long it gets to react (close its watch, ask again) */
const REACT_MS = 100;
/** on-demand: wall time one burst of instants may take before the event loop gets a turn */
const BURST_MS = 25;
/** a GET repeated within this wall time is a poll */
const POLL_WINDOW_MS = 3000;

abstract class BaseDriver implements TimeDriver {
  protected active = 0;
  protected stopped = false;
  protected bound: number | undefined;
  /** what stopped the simulation (a livelock, a broken invariant): every later request reports it */
  private failure: Error | undefined;

  constructor(protected readonly sim: Simulator, readonly speed: Speed, private readonly onFailure: (err: Error) => void = () => undefined) {}

  /** Runs simulator work from a timer: a failure stops time instead of the process. */
  protected guarded(fn: () => void): void {
    if (this.failure) return;
    try {
      fn();
    } catch (err) {
      this.failure = err instanceof Error ? err : new Error(String(err));
      this.stop();
      this.onFailure(this.failure);
    }
  }

  private checkFailure(): void {
    if (this.failure) throw new ApiError(500, 'InternalError', `kscenario serve: the simulation stopped: ${this.failure.message}`);
  }

  now(): number {
    return this.sim.clock.now();
  }

  limit(): number | undefined {
    return this.bound;
  }

  setLimit(virtualMs: number | undefined): void {
    this.bound = virtualMs;
  }

  advance(ms: number): void {
    this.checkFailure();
    this.guarded(() => this.sim.advance(ms));
    this.checkFailure();
  }

  requestStarted(): void {
    this.active++;
    this.checkFailure();
    this.guarded(() => this.sim.settle());
    this.checkFailure();
  }

  requestEnded(): void {
    this.active = Math.max(0, this.active - 1);
  }

  addWaiter(_w: Waiter): () => void {
    return () => undefined;
  }

  noteGet(_url: string, _waiter: Waiter, _connection: Connection): void {}

  stop(): void {
    this.stopped = true;
  }
}

/** Virtual time at `speed` × wall time. */
export class RealTimeDriver extends BaseDriver {
  private readonly timer: NodeJS.Timeout;
  private readonly wallStart = Date.now();
  private virtualStart: number;

  constructor(sim: Simulator, speed: number, onFailure?: (err: Error) => void) {
    super(sim, speed, onFailure);
    this.virtualStart = sim.clock.now();
    this.timer = setInterval(() => this.guarded(() => this.tick()), TICK_MS);
    this.timer.unref();
  }

  override advance(ms: number): void {
    // an explicit jump moves the schedule with it, so the timer does not run the same span again
    this.virtualStart += ms;
    super.advance(ms);
  }

  private tick(): void {
    if (this.stopped) return;
    const target = Math.floor(this.virtualStart + (this.speed as number) * (Date.now() - this.wallStart));
    const capped = this.bound === undefined ? target : Math.min(target, this.bound);
    if (capped > this.sim.clock.now()) this.sim.clock.runUntil(capped);
  }

  override stop(): void {
    super.stop();
    clearInterval(this.timer);
  }
}

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
  private lastActivity = Date.now();
  /** wall time before which no instant runs (a client is reacting to a change) */
  private quietUntil = 0;
  private timer: NodeJS.Timeout | undefined;
  private woken = false;
  private readonly unlisten: () => void;

  constructor(sim: Simulator, private readonly log: EventLog, opts: { limit?: number; onFailure?: (err: Error) => void } = {}) {
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
    const poll: Poll = { url, connection, lastAt: now, waiter, active: false };
    this.polls.push(poll);
    // the client went away: it waits for nothing any more
    connection.once('close', () => {
      this.polls = this.polls.filter((p) => p !== poll);
    });
  }

  /** A change a waiting client looks at ends the burst; a poll is answered by one such change. */
  private onEvent(ev: LoggedEvent): void {
    if ([...this.waiters].some((w) => w.wants(ev))) this.woken = true;
    for (const p of this.polls) {
      if (p.active && p.waiter.wants(ev)) {
        p.active = false;
        this.woken = true;
      }
    }
  }

  private waiting(): boolean {
    const now = Date.now();
    return this.waiters.size > 0 || this.polls.some((p) => p.active && now - p.lastAt < POLL_WINDOW_MS);
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
      if (this.bound !== undefined && (next === undefined || next > this.bound)) {
        if (this.sim.clock.now() < this.bound) this.sim.clock.runUntil(this.bound);
        return; // at the limit: nothing more may happen until the caller moves it
      }
      if (next === undefined) return;
      this.sim.clock.runInstant(next);
    }
    if (this.woken) this.quietUntil = Date.now() + REACT_MS;
    this.schedule();
  }

  override setLimit(virtualMs: number | undefined): void {
    super.setLimit(virtualMs);
    this.schedule();
  }

  override stop(): void {
    super.stop();
    this.unlisten();
    if (this.timer) clearTimeout(this.timer);
  }
}

export function createTimeDriver(sim: Simulator, log: EventLog, speed: Speed, limit?: number, onFailure?: (err: Error) => void): TimeDriver {
  if (speed === 'on-demand') return new OnDemandDriver(sim, log, { ...(limit !== undefined ? { limit } : {}), ...(onFailure ? { onFailure } : {}) });
  if (!(speed > 0) || !Number.isFinite(speed)) throw new Error(`speed must be a positive number or 'on-demand' (got ${speed})`);
  const driver = new RealTimeDriver(sim, speed, onFailure);
  if (limit !== undefined) driver.setLimit(limit);
  return driver;
}
