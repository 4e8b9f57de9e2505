import { describe, expect, test } from '@jest/globals';
import { Call, Clock } from '../../src/sim/clock';
import { WorkQueue } from '../../src/sim/workqueue';
import { ApiError } from '../../src/errors';

describe('Clock', () => {
  test('runs tasks in time order, ties in the order they were scheduled, and cancelled ones never', () => {
    const clock = new Clock();
    const log: string[] = [];
    clock.at(20, () => log.push('b@20'));
    clock.at(10, () => log.push('a@10'));
    clock.at(20, () => log.push('c@20'));
    clock.at(15, () => log.push('never')).cancel();
    clock.after(0, () => clock.after(0, () => log.push(`nested@${clock.now()}`)));
    clock.runUntil(100);
    expect(log).toEqual(['nested@0', 'a@10', 'b@20', 'c@20']);
    expect(clock.now()).toBe(100);
  });

  test('a long idle stretch costs nothing: runUntil jumps to the next task', () => {
    const clock = new Clock();
    let ran = 0;
    clock.at(3_600_000_000, () => ran++);
    clock.runUntil(3_600_000_000);
    expect(ran).toBe(1);
    expect(clock.nextTime()).toBeUndefined();
  });

  test('background tasks run at their time but are not work a client waits for (hasForegroundWork)', () => {
    const c = new Clock();
    const ran: string[] = [];
    c.at(3_600_000, () => ran.push('expiry'), { background: true });
    expect(c.hasForegroundWork()).toBe(false);
    expect(c.nextTime()).toBe(3_600_000);
    const t = c.after(10, () => ran.push('work'));
    expect(c.hasForegroundWork()).toBe(true);
    t.cancel();
    t.cancel(); // twice: still counted once
    expect(c.hasForegroundWork()).toBe(false);
    const u = c.after(20, () => ran.push('work'));
    c.runUntil(20);
    u.cancel(); // after it ran: nothing left to uncount
    expect(c.hasForegroundWork()).toBe(false);
    c.after(5, () => ran.push('more'));
    expect(c.hasForegroundWork()).toBe(true);
    c.runUntil(3_600_000);
    expect(ran).toEqual(['work', 'more', 'expiry']);
    expect(c.hasForegroundWork()).toBe(false);
  });

  test('fail() inside a task ends the run after that task, even if the task catches what it was thrown', () => {
    const clock = new Clock();
    const ran: string[] = [];
    clock.after(0, () => {
      try {
        const err = new Error('limit');
        clock.fail(err);
        throw err;
      } catch {
        ran.push('caught and retried');
      }
    });
    clock.after(0, () => ran.push('never'));
    expect(() => clock.runUntil(0)).toThrow('limit');
    expect(ran).toEqual(['caught and retried']);
    clock.fail(new Error('outside a task: the caller has it already'));
    clock.runUntil(1);
    expect(ran).toEqual(['caught and retried', 'never']);
  });

  test('a task that keeps rescheduling itself at the same instant is reported as a livelock', () => {
    const clock = new Clock();
    const spin = () => void clock.after(0, spin);
    clock.after(0, spin);
    expect(() => clock.runUntil(0)).toThrow(/livelock/);
  });

  test('a Call task calls its target\'s method with its argument when due, as plain data', () => {
    const clock = new Clock();
    class Counter {
      seen: number[] = [];
      note(n: number): void {
        this.seen.push(n * 10 + clock.now());
      }
    }
    const counter = new Counter();
    const task = new Call<Counter, number>(counter, 'note', 4);
    clock.at(2, task);
    clock.runUntil(5);
    expect(counter.seen).toEqual([42]);
    expect(Object.values(task).some((v) => typeof v === 'function')).toBe(false);
  });
});

describe('WorkQueue', () => {
  test('a key added many times before it runs is reconciled once', () => {
    const clock = new Clock();
    const seen: string[] = [];
    const q = new WorkQueue(clock, (k) => seen.push(k));
    q.add('a');
    q.add('a');
    q.add('b');
    clock.runUntil(0);
    expect(seen).toEqual(['a', 'b']);
  });

  test('an immediate add does not cancel a later AddAfter; of two delays the earlier wins', () => {
    const clock = new Clock();
    const seen: number[] = [];
    const q = new WorkQueue(clock, () => seen.push(clock.now()));
    q.add('a', 5000);
    q.add('a', 3000);
    q.add('a');
    clock.runUntil(10_000);
    expect(seen).toEqual([0, 3000]);
  });

  test('an API error re-queues with exponential back-off (5ms doubling); a success resets it', () => {
    const clock = new Clock();
    const seen: number[] = [];
    let failures = 3;
    const q = new WorkQueue(clock, () => {
      seen.push(clock.now());
      if (failures-- > 0) throw new ApiError(409, 'Conflict', 'try again');
    });
    q.add('a');
    clock.runUntil(1000);
    expect(seen).toEqual([0, 5, 15, 35]);
  });

  test('any other exception is a simulator bug and propagates', () => {
    const clock = new Clock();
    const q = new WorkQueue(clock, () => {
      throw new TypeError('bug');
    });
    q.add('a');
    expect(() => clock.runUntil(0)).toThrow(TypeError);
  });
});
