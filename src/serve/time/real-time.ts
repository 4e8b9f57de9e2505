/** `speed: X`: a timer keeps virtual time at start + X × the wall time elapsed, running whatever falls due. */
import type { Simulator } from '../../sim/simulator';
import { BaseDriver } from './driver';

const TICK_MS = 20;

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
