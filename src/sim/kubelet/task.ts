/**
 * Sequential kubelet work (a pod sync: pull, create, start...) as tasks that say what they wait
 * for, run on the virtual clock. A task's `next()` does the work up to its next wait and returns
 * it: a number of milliseconds, or a `Signal` that wakes the task when something happens (an
 * image pull finishing, a container stopping).
 *
 * Tasks are objects whose state is plain data — the step they are at and what earlier steps found
 * — not generators or closures: a suspended generator cannot be copied, and a snapshot of a booted
 * cluster (docs/performance.md, "Forking a booted cluster") has to copy the pod workers, which are
 * all in the middle of a sync when the boot ends.
 */
import { runWork, type Clock, type Runnable, type TimerHandle, type Work } from '../clock';

/** Something a task or timer waits on calls `wake()` when it happens. */
export interface Wake {
  wake(): void;
}

/** A task's resumption: woken, or run as a timer (a wait that also ends when its time runs out). */
export interface Resume extends Wake, Runnable {}

/** A wait on an event: `arm` registers `resume` wherever the event will be noticed. */
export interface Signal {
  arm(resume: Resume): void;
}

export type Wait = number | Signal;

/** One step of a task: a wait, or the task's result. Generator.next()'s shape. */
export type Step<T> = { done: false; value: Wait } | { done: true; value: T };

/** What a CompositeTask's step returns: a step, or a task to run inside it first. */
export type Next<T> = Step<T> | { call: Task<unknown> };

export interface Task<T> {
  next(): Step<T>;
}

/** Who hears a task's result. */
export interface Completion<T> {
  completed(value: T): void;
}

export function waitFor<T>(value: Wait): Step<T> {
  return { done: false, value };
}

export function result<T>(value: T): Step<T> {
  return { done: true, value };
}

export function call(task: Task<unknown>): { call: Task<unknown> } {
  return { call: task };
}

/**
 * A task that runs other tasks inside it, as a generator's `yield*` does: when `step()` returns
 * `call(child)`, the child runs (at once, up to its first wait) and then to its end before
 * `step()` is called again, with `called` holding the child's result.
 */
export abstract class CompositeTask<T> implements Task<T> {
  private child: Task<unknown> | undefined;
  /** the result of the last child task */
  called: unknown;

  next(): Step<T> {
    for (;;) {
      if (this.child) {
        const r = this.child.next();
        if (!r.done) return r;
        this.child = undefined;
        this.called = r.value;
      }
      const r = this.step();
      if (!('call' in r)) return r;
      this.child = r.call;
    }
  }

  /** The work from where the task stands to its next wait, its end, or a task to run first. */
  protected abstract step(): Next<T>;
}

/** A timer owned by a `Timers`: forgets its handle when it fires. */
class OwnedTimer implements Runnable {
  handle!: TimerHandle;

  constructor(
    private readonly owner: Timers,
    private readonly fn: Work,
  ) {}

  run(): void {
    this.owner.fired(this.handle);
    runWork(this.fn);
  }
}

/** Timers owned by one pod or node, so stopping it cancels everything it scheduled. */
export class Timers {
  private readonly live = new Set<TimerHandle>();

  constructor(private readonly clock: Clock) {}

  now(): number {
    return this.clock.now();
  }

  after(ms: number, fn: Work): TimerHandle {
    return this.at(this.clock.now() + ms, fn);
  }

  at(time: number, fn: Work): TimerHandle {
    const timer = new OwnedTimer(this, fn);
    timer.handle = this.clock.at(time, timer);
    this.live.add(timer.handle);
    return timer.handle;
  }

  fired(handle: TimerHandle): void {
    this.live.delete(handle);
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
  /** Stops the task: it is not resumed again and its completion is never called. */
  cancel(): void;
}

/**
 * One wait on a signal: the first `wake()` resumes the task, later ones (another of the things
 * it waited for, or one that comes after the task moved on) do nothing.
 */
class Resumption implements Resume {
  private woken = false;

  constructor(private readonly task: TaskRun<unknown>) {}

  wake(): void {
    if (this.woken) return;
    this.woken = true;
    // resume on the clock, never inside the caller's stack
    this.task.resumeSoon();
  }

  /** as a timer: the wait's time ran out */
  run(): void {
    this.wake();
  }
}

/** A task running on the clock. */
class TaskRun<T> implements Runnable, Running {
  private cancelled = false;

  constructor(
    private readonly timers: Timers,
    private readonly task: Task<T>,
    private readonly completion: Completion<T>,
  ) {
    // start on the clock, so the caller holds the handle before the task can finish
    timers.after(0, this);
  }

  run(): void {
    if (this.cancelled) return;
    const r = this.task.next();
    if (r.done) return this.completion.completed(r.value);
    if (typeof r.value === 'number') this.timers.after(r.value, this);
    else r.value.arm(new Resumption(this as TaskRun<unknown>));
  }

  resumeSoon(): void {
    this.timers.after(0, this);
  }

  cancel(): void {
    this.cancelled = true;
  }
}

export function runTask<T>(timers: Timers, task: Task<T>, completion: Completion<T>): Running {
  return new TaskRun(timers, task, completion);
}

/**
 * Runs `tasks` side by side and waits until every one has ended: a Signal that wakes its waiter
 * once the last one completes.
 */
export class AllDone implements Signal, Completion<unknown> {
  private pending: number;
  private waiter: Resume | undefined;

  constructor(
    private readonly timers: Timers,
    private readonly tasks: ReadonlyArray<Task<unknown>>,
  ) {
    this.pending = tasks.length;
  }

  arm(resume: Resume): void {
    this.waiter = resume;
    if (this.pending === 0) return resume.wake();
    for (const task of this.tasks) runTask(this.timers, task, this);
  }

  completed(): void {
    if (--this.pending === 0) this.waiter!.wake();
  }
}
