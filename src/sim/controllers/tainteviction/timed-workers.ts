/**
 * TimedWorkerQueue (pkg/controller/tainteviction/timed_workers.go): at most one pending piece of
 * work per key, each firing once at its time on the virtual clock.
 * - AddWork ignores a key that already has work (pending, or started and not yet finished).
 * - Work due at once starts right away and cannot be cancelled any more (its entry is empty).
 * - A finished piece of work removes its key, so the same key can get work again.
 */
import type { Clock, TimerHandle } from '../../clock';

export interface TimedWorker {
  createdAt: number;
  fireAt: number;
  timer: TimerHandle;
}

export class TimedWorkerQueue {
  /** null: work that started at once and is still running */
  private readonly workers = new Map<string, TimedWorker | null>();

  constructor(
    private readonly clock: Clock,
    private readonly work: (key: string) => void,
  ) {}

  addWork(key: string, createdAt: number, fireAt: number): void {
    if (this.workers.has(key)) return;
    // createWorker measures the delay from createdAt, not from now
    const delay = fireAt - createdAt;
    if (delay <= 0) {
      this.workers.set(key, null);
      this.clock.after(0, () => this.fire(key));
      return;
    }
    this.workers.set(key, { createdAt, fireAt, timer: this.clock.after(delay, () => this.fire(key)) });
  }

  /** CancelWork: true when pending work was stopped. */
  cancelWork(key: string): boolean {
    if (!this.workers.has(key)) return false;
    const w = this.workers.get(key);
    this.workers.delete(key);
    if (!w) return false;
    w.timer.cancel();
    return true;
  }

  /** GetWorkerUnsafe: the pending work of a key (none for work already running). */
  worker(key: string): TimedWorker | undefined {
    return this.workers.get(key) ?? undefined;
  }

  private fire(key: string): void {
    this.work(key);
    this.workers.delete(key);
  }
}
