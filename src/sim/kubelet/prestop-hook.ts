/**
 * A container's preStop hook, run by killContainer before the stop (pkg/kubelet/kuberuntime/
 * kuberuntime_container.go killContainer → executePreStopHook; pkg/kubelet/lifecycle/handlers.go
 * handlerRunner.Run):
 *
 * - the kubelet waits for the hook at most the grace period, and what the hook took, in whole
 *   seconds rounded down, is taken off the grace period the stop then gets;
 * - exec runs the command in the container (CRI ExecSync, no timeout): how long it runs comes from
 *   the process model; a non-zero exit fails it, and so does the container stopping under it
 *   (the kernel kills every process of the container's PID namespace with its PID 1, so the exec
 *   ends with 137) — which is what happens to a hook that outlives the grace period;
 * - httpGet is one request to the pod: taken to answer at once (the simulator has no servers to
 *   refuse it);
 * - sleep (PodLifecycleSleepAction, beta and on from 1.30) waits in the kubelet; before 1.30 the
 *   gate is off and runSleepHandler returns at once;
 * - tcpSocket is accepted by the API for compatibility but no handler runs it: Run fails with
 *   "invalid handler" at once.
 *
 * A failed hook is only reported: executePreStopHook records a Warning FailedPreStopHook event,
 * "PreStopHook failed" (the error itself is kept out of events since 1.26), and the kill goes on.
 */
import type { LifecycleHandler } from 'kubernetes-types/core/v1';
import { atLeast, type KubeVersion } from '../../kube/version';
import type { Runnable, TimerHandle } from '../clock';
import { processEnvironment } from './environment';
import { hookRun, type HookRun } from './process-model';
import type { ContainerInstance } from './runtime';
import { call, CompositeTask, result, waitFor, type Next, type Resume, type Signal, type Step, type Task, type Timers, type Wake } from './task';

export const FAILED_PRE_STOP_HOOK = 'FailedPreStopHook';
export const PRE_STOP_HOOK_FAILED = 'PreStopHook failed';

export interface HookContext {
  readonly timers: Timers;
  readonly version: KubeVersion;
  /** records FailedPreStopHook about the container */
  failed(): void;
}

type Action =
  | { kind: 'sleep'; ms: number }
  | { kind: 'exec'; run: HookRun }
  | { kind: 'instant'; fails: boolean };

/**
 * Runs the hook of a running container for at most `graceSeconds`; its result is the whole
 * seconds it took (executePreStopHook's int64 of the elapsed seconds).
 */
export class PreStopHook extends CompositeTask<number> {
  private start: number | undefined;

  constructor(
    private readonly ctx: HookContext,
    private readonly inst: ContainerInstance,
    private readonly handler: LifecycleHandler,
    private readonly graceSeconds: number,
  ) {
    super();
  }

  protected step(): Next<number> {
    if (this.start !== undefined) return result(Math.floor((this.ctx.timers.now() - this.start) / 1000));
    const { ctx, inst } = this;
    this.start = ctx.timers.now();
    const limitMs = this.graceSeconds * 1000;
    const action = actionOf(this.handler, ctx.version, processEnvironment(inst.env, inst.hostname));
    if (action.kind === 'sleep') return waitFor(Math.min(action.ms, limitMs));
    if (action.kind === 'exec') return call(new RunExec(ctx, inst, action.run, limitMs));
    if (action.fails) ctx.failed();
    return this.step();
  }
}

/** `env`: the container's variables, which an exec hook's script sees (the runtime's exec runs in the container). */
function actionOf(handler: LifecycleHandler, version: KubeVersion, env: ReadonlyMap<string, string>): Action {
  if (handler.exec) return { kind: 'exec', run: hookRun(handler.exec.command ?? [], env) };
  if (handler.httpGet) return { kind: 'instant', fails: false };
  if (handler.sleep) return atLeast(version, '1.30') ? { kind: 'sleep', ms: handler.sleep.seconds * 1000 } : { kind: 'instant', fails: false };
  return { kind: 'instant', fails: true };
}

/** Waits for the exec to end, the container to exit, or the grace period to run out. */
class RunExec implements Task<void>, Signal {
  private timer: TimerHandle | undefined;
  private armed = false;

  constructor(
    private readonly ctx: HookContext,
    private readonly inst: ContainerInstance,
    private readonly run: HookRun,
    private readonly limitMs: number,
  ) {}

  next(): Step<void> {
    if (this.armed) {
      this.ctx.timers.cancel(this.timer);
      return result(undefined);
    }
    this.armed = true;
    reportFailure(this.ctx, this.inst, this.run);
    return waitFor(this);
  }

  arm(resume: Resume): void {
    (this.inst.onExit ??= []).push(resume);
    this.timer = this.ctx.timers.after(Math.min(this.run.exitAfterMs ?? this.limitMs, this.limitMs), resume);
  }
}

/**
 * The exec's goroutine outlives executePreStopHook: whenever the command ends, by itself or
 * killed with its container, a failure is recorded then.
 */
function reportFailure(ctx: HookContext, inst: ContainerInstance, run: HookRun): void {
  const report = new ExecEnd(ctx, run.exitCode !== 0);
  if (run.exitAfterMs !== undefined) report.exit = ctx.timers.after(run.exitAfterMs, report);
  (inst.onExit ??= []).push(report);
}

/** The end of an exec hook's command: it exits by itself (run) or dies with its container (wake). */
class ExecEnd implements Runnable, Wake {
  private ended = false;
  exit: TimerHandle | undefined;

  constructor(
    private readonly ctx: HookContext,
    private readonly exitFails: boolean,
  ) {}

  /** the command exited by itself */
  run(): void {
    this.end(this.exitFails);
  }

  /** the container stopped under it */
  wake(): void {
    this.end(true);
  }

  private end(failed: boolean): void {
    if (this.ended) return;
    this.ended = true;
    this.ctx.timers.cancel(this.exit);
    if (failed) this.ctx.failed();
  }
}
