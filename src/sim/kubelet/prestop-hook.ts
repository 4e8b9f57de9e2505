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
import type { TimerHandle } from '../clock';
import { processEnvironment } from './environment';
import { hookRun, type HookRun } from './process-model';
import type { ContainerInstance } from './runtime';
import type { Task, Timers } from './task';

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
 * Runs the hook of a running container for at most `graceSeconds`; returns the whole seconds it
 * took (executePreStopHook's int64 of the elapsed seconds).
 */
export function* runPreStopHook(ctx: HookContext, inst: ContainerInstance, handler: LifecycleHandler, graceSeconds: number): Task<number> {
  const start = ctx.timers.now();
  const limitMs = graceSeconds * 1000;
  const action = actionOf(handler, ctx.version, processEnvironment(inst.env, inst.hostname));
  if (action.kind === 'sleep') yield Math.min(action.ms, limitMs);
  else if (action.kind === 'exec') yield* runExec(ctx, inst, action.run, limitMs);
  else if (action.fails) ctx.failed();
  return Math.floor((ctx.timers.now() - start) / 1000);
}

/** `env`: the container's variables, which an exec hook's script sees (the runtime's exec runs in the container). */
function actionOf(handler: LifecycleHandler, version: KubeVersion, env: ReadonlyMap<string, string>): Action {
  if (handler.exec) return { kind: 'exec', run: hookRun(handler.exec.command ?? [], env) };
  if (handler.httpGet) return { kind: 'instant', fails: false };
  if (handler.sleep) return atLeast(version, '1.30') ? { kind: 'sleep', ms: handler.sleep.seconds * 1000 } : { kind: 'instant', fails: false };
  return { kind: 'instant', fails: true };
}

/** Waits for the exec to end, the container to exit, or the grace period to run out. */
function* runExec(ctx: HookContext, inst: ContainerInstance, run: HookRun, limitMs: number): Task<void> {
  reportFailure(ctx, inst, run);
  let timer: TimerHandle | undefined;
  yield (resume) => {
    (inst.onExit ??= []).push(resume);
    timer = ctx.timers.after(Math.min(run.exitAfterMs ?? limitMs, limitMs), resume);
  };
  ctx.timers.cancel(timer);
}

/**
 * The exec's goroutine outlives executePreStopHook: whenever the command ends, by itself or
 * killed with its container, a failure is recorded then.
 */
function reportFailure(ctx: HookContext, inst: ContainerInstance, run: HookRun): void {
  let ended = false;
  let exit: TimerHandle | undefined;
  const end = (failed: boolean): void => {
    if (ended) return;
    ended = true;
    ctx.timers.cancel(exit);
    if (failed) ctx.failed();
  };
  if (run.exitAfterMs !== undefined) exit = ctx.timers.after(run.exitAfterMs, () => end(run.exitCode !== 0));
  (inst.onExit ??= []).push(() => end(true));
}
