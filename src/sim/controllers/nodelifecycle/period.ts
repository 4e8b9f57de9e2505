/**
 * A controller loop that upstream runs every `period` with wait.Until, kept as arithmetic: the
 * loop's runs fall on multiples of the period (virtual time 0 is when kube-controller-manager
 * started), but a run is only put on the clock when something asked for it. A run that would
 * find nothing changed is a no-op upstream too, so skipping it keeps the timing and drops a cost
 * that would grow with virtual time.
 */
import { Call, type Clock } from '../../clock';

/** The first run strictly after `t`: a change made at `t` reaches the informer a moment later. */
export function nextRunAfter(t: number, periodMs: number): number {
  return (Math.floor(t / periodMs) + 1) * periodMs;
}

/** The first run at or after `t`. */
export function firstRunAtOrAfter(t: number, periodMs: number): number {
  return Math.ceil(t / periodMs) * periodMs;
}

export class PeriodicLoop {
  private readonly pending = new Set<number>();

  constructor(
    private readonly clock: Clock,
    private readonly periodMs: number,
    private readonly run: () => void,
  ) {}

  /** The next run sees what changed until now. */
  soon(): void {
    this.schedule(nextRunAfter(this.clock.now(), this.periodMs));
  }

  /** A run at the first period boundary at or after `t` (or the next one, if that is past). */
  atOrAfter(t: number): void {
    const at = firstRunAtOrAfter(t, this.periodMs);
    this.schedule(at > this.clock.now() || this.pending.has(at) ? at : nextRunAfter(this.clock.now(), this.periodMs));
  }

  private schedule(at: number): void {
    if (this.pending.has(at)) return;
    this.pending.add(at);
    this.clock.at(at, new Call<PeriodicLoop, number>(this, 'due', at));
  }

  /** The run scheduled for `at` is due. */
  due(at: number): void {
    this.pending.delete(at);
    this.run();
  }
}

