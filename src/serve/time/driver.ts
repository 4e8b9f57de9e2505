/**
 * The contract between the server and its clock driver, and what every driver shares: a
 * request first runs what is due at the current virtual instant; a failure of the simulation
 * stops time and is reported to every later request. The drivers: real-time.ts, on-demand.ts.
 */
import { ApiError } from '../../errors';
import type { Simulator } from '../../sim/simulator';
import type { LoggedEvent } from '../../sim/apiserver/watch-cache';

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
  /**
   * on-demand: until the limit is next set, time moves only for clients that start waiting after
   * this call; those already waiting (a runner's own watches) no longer count.
   */
  newWaitersOnly(): void;
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

export abstract class BaseDriver implements TimeDriver {
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

  /** Only on-demand time depends on who waits. */
  newWaitersOnly(): void {}

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

