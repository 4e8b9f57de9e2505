/**
 * A discrete-event clock. Nothing in the simulator sleeps: work is a task due at a virtual time,
 * and `runUntil` executes due tasks in (time, insertion) order. Cost is per task, never per
 * millisecond of virtual time.
 */
import { SimulationError } from '../errors';

/** Something the clock runs: a function, or an object whose state is plain data (which a copy of the cluster can copy). */
export interface Runnable {
  run(): void;
}

export type Work = Runnable | (() => void);

export function runWork(work: Work): void {
  if (typeof work === 'function') work();
  else work.run();
}

/** The names of `T`'s methods that take one argument of type `A`. */
type OneArgMethod<T, A> = { [K in keyof T]: T[K] extends (arg: A) => void ? K : never }[keyof T];

/**
 * `target[method](arg)` as a clock task: plain data where a closure would hide its target, so a
 * copy of a booted cluster (sim/fork.ts) can copy what is pending.
 */
export class Call<T, A> implements Runnable {
  constructor(
    private readonly target: T,
    private readonly method: OneArgMethod<T, A>,
    private readonly arg: A,
  ) {}

  run(): void {
    (this.target[this.method] as (arg: A) => void).call(this.target, this.arg);
  }
}

/** A pending task; it is also the handle its scheduler cancels it with. */
class Task implements TimerHandle {
  /** cancelled, or taken off the heap to run */
  cancelled = false;

  constructor(
    private readonly clock: Clock,
    readonly at: number,
    readonly seq: number,
    readonly work: Work,
    /** housekeeping that happens because time passes (Events expiring): see hasForegroundWork */
    readonly background: boolean,
  ) {}

  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    if (!this.background) this.clock.foregroundDone();
  }

  run(): void {
    runWork(this.work);
  }
}

export interface TaskOptions {
  /**
   * Housekeeping that happens only because time passes (Events expiring an hour after their last
   * write): it runs at its time like any task, but does not count as work a waiting client waits
   * for (hasForegroundWork), so an idle cluster stays idle to `kscenario serve`'s on-demand time.
   */
  background?: boolean;
}

export interface TimerHandle {
  cancel(): void;
  readonly at: number;
}

/**
 * Tasks allowed at one virtual instant before we call it a livelock: the backstop for loops that
 * reschedule themselves without writing (a loop of writes is caught sooner, per object, by the API
 * server's WriteChurn). The seed suite runs at most 275 tasks at one instant, the pods benchmark
 * (1,000 nodes) 68,173 and a 5,000-node cluster 79,701 while it boots; a million tasks that write
 * nothing take about a second.
 */
export const MAX_TASKS_PER_INSTANT = 1_000_000;

export class Clock {
  private heap: Task[] = [];
  private seq = 0;
  private current = 0;
  private tasksThisInstant = 0;
  /** tasks pending that are not background ones (hasForegroundWork) */
  private foreground = 0;
  private readonly instantEndHooks: Array<(time: number) => void> = [];
  /** true while a task runs */
  private inTask = false;
  /** an error that ends the run, raised inside a task (fail()) */
  private failure: Error | undefined;
  /** what a livelock report adds: the objects written most at this instant (set by the simulator) */
  describeLivelock: () => string = () => '';

  /** Virtual milliseconds since the simulation started. */
  now(): number {
    return this.current;
  }

  /** Runs `fn` after `delayMs` (0 = later at this same instant, after tasks already queued for it). */
  after(delayMs: number, fn: Work, options?: TaskOptions): TimerHandle {
    return this.at(this.current + Math.max(0, delayMs), fn, options);
  }

  at(time: number, fn: Work, { background = false }: TaskOptions = {}): TimerHandle {
    const task = new Task(this, Math.max(time, this.current), this.seq++, fn, background);
    if (!background) this.foreground++;
    this.push(task);
    return task;
  }

  /** A foreground task was cancelled or taken off to run. */
  foregroundDone(): void {
    this.foreground--;
  }

  /** Whether a task other than background housekeeping is pending: something could still happen. */
  hasForegroundWork(): boolean {
    return this.foreground > 0;
  }

  /**
   * Calls `hook` whenever the tasks of an instant are done (what they scheduled for that same
   * instant included): the state every component has reacted to. Hooks only read; they may throw.
   */
  addInstantEndHook(hook: (time: number) => void): void {
    this.instantEndHooks.push(hook);
  }

  /**
   * Ends the run with `err` once the current task returns, whatever the task does with the error
   * it is also thrown (a controller turning every failure into a retry must not swallow a size
   * limit or a livelock). Outside a task the caller gets the error itself: nothing is recorded.
   */
  fail(err: Error): void {
    if (this.inTask) this.failure ??= err;
  }

  /** Time of the next pending task, or undefined when nothing is scheduled. */
  nextTime(): number | undefined {
    this.dropCancelled();
    return this.heap[0]?.at;
  }

  /** Runs every task due at or before `time`, then sets the clock to `time`. */
  runUntil(time: number): void {
    for (;;) {
      const next = this.nextTime();
      if (next === undefined || next > time) break;
      this.runInstant(next);
    }
    if (time > this.current) this.current = time;
  }

  /** Runs every task due at exactly the next pending instant (and what they schedule for it). */
  runInstant(time: number): void {
    if (time !== this.current) this.tasksThisInstant = 0;
    this.current = time;
    for (;;) {
      this.dropCancelled();
      const top = this.heap[0];
      if (!top || top.at > time) {
        for (const hook of this.instantEndHooks) hook(time);
        return;
      }
      this.pop();
      // no longer pending: a later cancel() of its handle must not count it again
      top.cancelled = true;
      if (!top.background) this.foreground--;
      if (++this.tasksThisInstant > MAX_TASKS_PER_INSTANT) {
        const detail = this.describeLivelock();
        throw new SimulationError(`livelock: more than ${MAX_TASKS_PER_INSTANT} tasks at t=${time}ms${detail ? `; ${detail}` : ''}`);
      }
      this.inTask = true;
      try {
        top.run();
      } finally {
        this.inTask = false;
      }
      const failure = this.failure;
      if (failure) {
        this.failure = undefined;
        throw failure;
      }
    }
  }

  private dropCancelled(): void {
    while (this.heap.length && this.heap[0]!.cancelled) this.pop();
  }

  private push(t: Task): void {
    const h = this.heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private pop(): Task {
    const h = this.heap;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l]!, h[m]!)) m = l;
        if (r < h.length && before(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}

function before(a: Task, b: Task): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
