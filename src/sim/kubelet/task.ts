/**
 * Sequential kubelet work (a pod sync: pull, create, start...) written as generators that yield
 * what they wait for, run on the virtual clock. `yield 500` waits 500 ms; `yield (resume) => ...`
 * waits until something calls `resume` (an image pull finishing, containers stopping).
 */
import type { Clock, TimerHandle } from '../clock';

export type Wait = number | ((resume: () => void) => void);
export type Task<T> = Generator<Wait, T, void>;

/** Timers owned by one pod or node, so stopping it cancels everything it scheduled. */
export class Timers {
  private readonly live = new Set<TimerHandle>();

  constructor(private readonly clock: Clock) {}

  now(): number {
    return this.clock.now();
  }

  after(ms: number, fn: () => void): TimerHandle {
    return this.at(this.clock.now() + ms, fn);
  }

  at(time: number, fn: () => void): TimerHandle {
    const handle: TimerHandle = this.clock.at(time, () => {
      this.live.delete(handle);
      fn();
    });
    this.live.add(handle);
    return handle;
  }

  cancel(handle: TimerHandle | undefined): void {
    if (!handle) return;
    handle.cancel();
    this.live.delete(handle);
  }

  cancelAll(): void {
    for (const h of this.live) h.cancel();
    this.live.clear();
  }
}

export interface Running {
  /** Stops the task: it is not resumed again and its completion callback never runs. */
  cancel(): void;
}

export function runTask<T>(timers: Timers, task: Task<T>, onDone: (value: T) => void): Running {
  let cancelled = false;
  const step = (): void => {
    if (cancelled) return;
    const r = task.next();
    if (r.done) {
      onDone(r.value);
      return;
    }
    const wait = r.value;
    if (typeof wait === 'number') timers.after(wait, step);
    else {
      let resumed = false;
      wait(() => {
        if (resumed) return;
        resumed = true;
        // resume on the clock, never inside the caller's stack
        timers.after(0, step);
      });
    }
  };
  // start on the clock, so the caller holds the handle before the task can finish
  timers.after(0, step);
  return {
    cancel: () => {
      cancelled = true;
    },
  };
}

/** Waits until every one of `starts` has called its `done`. */
export function waitAll(starts: Array<(done: () => void) => void>): Wait {
  return (resume) => {
    let pending = starts.length;
    if (pending === 0) return resume();
    for (const start of starts) start(() => --pending === 0 && resume());
  };
}
