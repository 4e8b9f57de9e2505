/**
 * Time on a cluster the runner does not control. A real cluster's clock is the wall clock. A
 * cluster served by `kscenario serve` runs the simulator's virtual clock at some speed (or on
 * demand); the served clock is then what `within`, `for`, `after` and `sleep` measure, so a
 * scenario means the same at any --speed (see served-clock.ts).
 */

export interface TimeSource {
  /** What kind of time this is, for messages. */
  readonly description: string;
  /** The cluster's time now, ms since the Unix epoch (between two readings an estimate). */
  epochMs(): number;
  /** Wall milliseconds in which `ms` of cluster time pass (an estimate, at least 0). */
  wallFor(ms: number): number;
  /** Resolves once the cluster's time has reached `epochMs`. */
  until(epochMs: number): Promise<void>;
  /** Called when a wait's tick passed: a clock that only moves on request may move now. */
  idle?(deadlineEpochMs: number): Promise<void>;
  /**
   * Brackets a wait: between `waiting(true)` and `waiting(false)` the runner only waits, so a
   * clock that moves on demand may move (the served on-demand clock); otherwise it holds still.
   */
  waiting?(on: boolean, untilEpochMs?: number): Promise<void>;
  close(): void;
}

/** The wall clock of the machine running kscenario (a real cluster's nodes keep the same time). */
export class WallTime implements TimeSource {
  readonly description = 'wall clock';

  epochMs(): number {
    return Date.now();
  }

  wallFor(ms: number): number {
    return Math.max(0, ms);
  }

  until(epochMs: number): Promise<void> {
    return new Promise((resolve) => {
      const step = (): void => {
        const left = epochMs - Date.now();
        if (left <= 0) resolve();
        else setTimeout(step, Math.min(left, 2_147_000_000));
      };
      step();
    });
  }

  close(): void {}
}

/** Something that fires whenever the cluster may have changed (a watch event arrived). */
export class ChangeSignal {
  private waiters: Array<() => void> = [];

  notify(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Resolves at the next notify() or after `wallMs`, whichever comes first. */
  next(wallMs: number): Promise<void> {
    return new Promise((resolve) => {
      let done = false;
      const finish = (): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(finish, Math.max(0, wallMs));
      this.waiters.push(finish);
    });
  }
}

/** Cluster time between two re-checks when nothing changes (DNS answers and files send no events). */
export const RECHECK_CLUSTER_MS = 5_000;
/** ... but never more wall time than this, nor less. */
export const RECHECK_WALL_MAX_MS = 2_000;
export const RECHECK_WALL_MIN_MS = 50;
/** A burst of watch events is judged once: wait this long after the first. */
export const SETTLE_WALL_MS = 10;

/**
 * Calls `check` at once, then after every change and every slow tick, until it returns true
 * (→ true) or `timeoutMs` of cluster time have passed (→ false, after a last check at the deadline).
 */
export async function waitOnCluster(
  time: TimeSource, changes: ChangeSignal, check: () => Promise<boolean>, timeoutMs: number,
): Promise<boolean> {
  const deadline = time.epochMs() + Math.max(0, timeoutMs);
  await time.waiting?.(true, deadline);
  try {
    for (;;) {
      const atDeadline = time.epochMs() >= deadline;
      // an estimated clock may run ahead: the last check happens once the cluster is there
      if (atDeadline) await time.until(deadline);
      if (await check()) return true;
      if (atDeadline) return false;
      const tick = Math.min(RECHECK_WALL_MAX_MS, Math.max(RECHECK_WALL_MIN_MS, time.wallFor(RECHECK_CLUSTER_MS)));
      await changes.next(Math.min(tick, time.wallFor(deadline - time.epochMs())));
      await new Promise((resolve) => setTimeout(resolve, SETTLE_WALL_MS));
      await time.idle?.(deadline);
    }
  } finally {
    await time.waiting?.(false);
  }
}
