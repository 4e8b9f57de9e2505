/**
 * The order in which a terminating pod's containers stop when it has sidecars (restartable init
 * containers), as pkg/kubelet/kuberuntime/kuberuntime_termination_order.go does it (KEP-753,
 * with SidecarContainers, on by default since 1.29):
 *
 * - every container gets its Killing event and runs its preStop hook at once;
 * - a sidecar then waits until every regular container has exited, and until the next sidecar
 *   after it in spec.initContainers has exited too, so sidecars stop in reverse order, last of all;
 * - it waits at most what is left of its grace period; the whole seconds it waited are taken off
 *   the grace period its stop gets (killContainer: `gracePeriod -= int64(waitForTurn(...))`), which
 *   is then raised to the 2 s minimum like any other.
 *
 * A container that was not running when the termination began counts as exited from the start.
 * Pods without sidecars have no ordering: their containers stop all at once.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { isRestartableInit } from './pod-phase';
import type { TimerHandle } from '../clock';
import { result, waitFor, type Resume, type Signal, type Step, type Task, type Timers, type Wake } from './task';

export class TerminationOrdering {
  private readonly exited = new Set<string>();
  private readonly waiters = new Map<string, Wake[]>();

  private constructor(private readonly prereqs: ReadonlyMap<string, readonly string[]>, notRunning: readonly string[]) {
    for (const name of notRunning) this.exited.add(name);
  }

  /** newTerminationOrdering: undefined for a pod without sidecars. */
  static of(pod: Pod, running: readonly string[]): TerminationOrdering | undefined {
    const inits = pod.spec?.initContainers ?? [];
    if (!inits.some(isRestartableInit)) return undefined;
    const mains = (pod.spec?.containers ?? []).map((c) => c.name);
    const prereqs = new Map<string, string[]>();
    let laterSidecar: string | undefined;
    for (const c of [...inits].reverse()) {
      if (!isRestartableInit(c)) continue;
      prereqs.set(c.name, laterSidecar ? [...mains, laterSidecar] : [...mains]);
      laterSidecar = c.name;
    }
    const all = [...mains, ...inits.map((c) => c.name)];
    return new TerminationOrdering(prereqs, all.filter((n) => !running.includes(n)));
  }

  /**
   * waitForTurn: waits for the container's prerequisites, at most `graceSeconds`; its result is
   * the seconds waited (fractional, as time.Since(start).Seconds()).
   */
  waitForTurn(name: string, graceSeconds: number, timers: Timers): Task<number> {
    return new TurnWait(this, this.prereqs.get(name) ?? [], graceSeconds, timers);
  }

  hasExited(name: string): boolean {
    return this.exited.has(name);
  }

  /** containerTerminated: the container's stop returned. */
  containerTerminated(name: string): void {
    if (this.exited.has(name)) return;
    this.exited.add(name);
    const waiting = this.waiters.get(name) ?? [];
    this.waiters.delete(name);
    for (const w of waiting) w.wake();
  }

  onExit(name: string, waiter: Wake): void {
    const list = this.waiters.get(name) ?? [];
    list.push(waiter);
    this.waiters.set(name, list);
  }
}

/** One container's waitForTurn: each prerequisite in order, until it exits or the deadline. */
class TurnWait implements Task<number>, Signal {
  private start = 0;
  private deadline = 0;
  /** the prerequisite waited for next (or now) */
  private index = -1;
  private timer: TimerHandle | undefined;

  constructor(
    private readonly ordering: TerminationOrdering,
    private readonly prereqs: readonly string[],
    private readonly graceSeconds: number,
    private readonly timers: Timers,
  ) {}

  next(): Step<number> {
    if (this.index < 0) {
      if (this.graceSeconds <= 0) return result(0);
      this.start = this.timers.now();
      this.deadline = this.start + this.graceSeconds * 1000;
    } else {
      this.timers.cancel(this.timer);
      // the grace period ran out first: stop waiting for the others too
      if (!this.ordering.hasExited(this.prereqs[this.index]!)) return this.done();
    }
    while (++this.index < this.prereqs.length) {
      if (!this.ordering.hasExited(this.prereqs[this.index]!)) return waitFor(this);
    }
    return this.done();
  }

  arm(resume: Resume): void {
    this.ordering.onExit(this.prereqs[this.index]!, resume);
    this.timer = this.timers.after(this.deadline - this.timers.now(), resume);
  }

  private done(): Step<number> {
    return result((this.timers.now() - this.start) / 1000);
  }
}
