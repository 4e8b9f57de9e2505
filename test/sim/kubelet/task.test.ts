import { describe, expect, test } from '@jest/globals';
import { Clock } from '../../../src/sim/clock';
import {
  AllDone, call, CompositeTask, result, runTask, Timers, waitFor, type Next, type Resume, type Signal, type Step, type Task,
} from '../../../src/sim/kubelet/task';

/** A task that waits `ms`, logs, and returns `value`. */
class Sleep implements Task<string> {
  private slept = false;

  constructor(private readonly ms: number, private readonly value: string, private readonly log: string[], private readonly timers: Timers) {}

  next(): Step<string> {
    if (this.slept) {
      this.log.push(`${this.value}@${this.timers.now()}`);
      return result(this.value);
    }
    this.slept = true;
    return waitFor(this.ms);
  }
}

/** A signal a test fires by hand; it keeps every resume it was armed with. */
class Manual implements Signal {
  readonly armed: Resume[] = [];

  arm(resume: Resume): void {
    this.armed.push(resume);
  }
}

function setup(): { clock: Clock; timers: Timers; log: string[] } {
  const clock = new Clock();
  return { clock, timers: new Timers(clock), log: [] };
}

describe('kubelet tasks', () => {
  test('a composite task runs its children to their ends in order, as yield* does, and hears their results', () => {
    const { clock, timers, log } = setup();
    class Two extends CompositeTask<string> {
      private at = 0;
      protected step(): Next<string> {
        switch (this.at++) {
          case 0: return call(new Sleep(100, 'first', log, timers));
          case 1: return call(new Sleep(50, `second after ${this.called as string}`, log, timers));
          default: return result(`done after ${this.called as string}`);
        }
      }
    }
    const done: string[] = [];
    runTask(timers, new Two(), { completed: (v) => done.push(`${v}@${clock.now()}`) });
    clock.runUntil(1000);
    expect(log).toEqual(['first@100', 'second after first@150']);
    expect(done).toEqual(['done after second after first@150']);
  });

  test('a child that never waits runs within its parent\'s step, without a clock turn', () => {
    const { clock } = setup();
    class Instant implements Task<number> {
      next(): Step<number> {
        return result(7);
      }
    }
    class Parent extends CompositeTask<number> {
      private called_ = false;
      protected step(): Next<number> {
        if (this.called_) return result((this.called as number) * 2);
        this.called_ = true;
        return call(new Instant());
      }
    }
    const parent = new Parent();
    expect(parent.next()).toEqual({ done: true, value: 14 });
    expect(clock.nextTime()).toBeUndefined();
  });

  test('a signal resumes the task once, on the clock; a second wake, or one after the task moved on, does nothing', () => {
    const { clock, timers, log } = setup();
    const first = new Manual();
    const second = new Manual();
    let step = 0;
    const task: Task<string> = {
      next: () => {
        log.push(`step ${step}@${clock.now()}`);
        step++;
        if (step === 1) return waitFor(first);
        if (step === 2) return waitFor(second);
        return result('end');
      },
    };
    const done: string[] = [];
    runTask(timers, task, { completed: (v) => done.push(v) });
    clock.runUntil(0);
    expect(first.armed).toHaveLength(1);
    clock.runUntil(10);
    first.armed[0]!.wake();
    // not inside the caller's stack: the task resumes when the clock runs
    expect(log).toEqual(['step 0@0']);
    first.armed[0]!.wake();
    clock.runUntil(20);
    expect(log).toEqual(['step 0@0', 'step 1@10']);
    // the first wait's signal fires again after the task moved on to the second wait
    first.armed[0]!.wake();
    clock.runUntil(30);
    expect(log).toEqual(['step 0@0', 'step 1@10']);
    second.armed[0]!.run();
    clock.runUntil(40);
    expect(done).toEqual(['end']);
  });

  test('a cancelled task is not resumed and never completes', () => {
    const { clock, timers, log } = setup();
    const done: string[] = [];
    const running = runTask(timers, new Sleep(100, 'x', log, timers), { completed: (v) => done.push(v) });
    clock.runUntil(50);
    running.cancel();
    clock.runUntil(500);
    expect(log).toEqual([]);
    expect(done).toEqual([]);
  });

  test('AllDone starts its tasks side by side and wakes its waiter when the last ends; with none, at once', () => {
    const { clock, timers, log } = setup();
    const all = new AllDone(timers, [new Sleep(300, 'slow', log, timers), new Sleep(100, 'fast', log, timers)]);
    const done: string[] = [];
    let waited = false;
    const waiter: Task<string> = {
      next: () => {
        if (waited) return result(`all@${clock.now()}`);
        waited = true;
        return waitFor(all);
      },
    };
    runTask(timers, waiter, { completed: (v) => done.push(v) });
    clock.runUntil(1000);
    expect(log).toEqual(['fast@100', 'slow@300']);
    expect(done).toEqual(['all@300']);

    const none = new AllDone(timers, []);
    const woken: number[] = [];
    none.arm({ wake: () => woken.push(clock.now()), run: () => undefined });
    expect(woken).toEqual([1000]);
  });

  test('Timers forget a timer that fired and cancel every pending one at once', () => {
    const { clock, timers } = setup();
    const ran: string[] = [];
    timers.after(10, () => ran.push('a'));
    timers.after(20, { run: () => ran.push('b') });
    clock.runUntil(15);
    timers.cancelAll();
    clock.runUntil(100);
    expect(ran).toEqual(['a']);
    expect(clock.hasForegroundWork()).toBe(false);
  });
});
