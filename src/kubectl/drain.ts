/**
 * `evict` and `drain`, written once on top of the Backend interface.
 *
 * `evict` is one POST pods/<name>/eviction: a PodDisruptionBudget that forbids it answers 429.
 *
 * `drain` is `kubectl drain` (k8s.io/kubectl/pkg/cmd/drain RunDrain, pkg/drain drain.go
 * evictPods/waitForDelete): cordon the node, pick the pods to evict (drain-filters.ts) — failing
 * before evicting anything if a pod may not go — then evict every pod. kubectl runs one goroutine
 * per pod; here they are stepped in list order at each instant, so the run is deterministic:
 * - an eviction refused with 429 is retried after EvictErrorRetryDelay (5 s), re-reading the pod
 *   first; a pod that is gone (404) is done; any other error fails that pod;
 * - an evicted pod is then polled every second (wait.PollUntilContextTimeout, immediate) until it
 *   is gone or replaced by a pod of the same name with another uid;
 * - `timeout` (kubectl --timeout; 0 = none) bounds the whole eviction phase: a pod whose next
 *   attempt comes after it fails with "global timeout reached", a pod still being waited for
 *   fails when it passes.
 * Errors are aggregated as kubectl's utilerrors.NewAggregate prints them (one bare, several in
 * [a, b]) and thrown as a BACKEND error, so `expectError` can match them. The kubectl warnings
 * (filters, refused evictions) are returned for the step's report.
 */
import type { Backend, ObjectRef } from '../backend/contract';
import { ApiError, KscenarioError } from '../errors';
import type { KObject } from '../kube/object';
import { formatGoDuration } from '../kube/go-duration';
import { podsForDeletion, type DrainOptions } from './drain-filters';
import { cordon, durationMs, refOf, type MutationContext } from './verbs';

type Args = Record<string, any>;

/** kubectl drain's EvictErrorRetryDelay. */
export const EVICT_RETRY_DELAY_MS = 5000;
/** waitForDelete's poll interval. */
export const DELETE_POLL_INTERVAL_MS = 1000;

export async function evict(backend: Backend, args: Args): Promise<void> {
  await backend.evict(refOf(args), { gracePeriodSeconds: args.gracePeriodSeconds });
}

export interface DrainOutcome {
  /** what kubectl prints to stderr: `Warning: ...` lines and refused-eviction retries */
  warnings: string[];
}

export async function drain(ctx: MutationContext, args: Args): Promise<DrainOutcome> {
  const node = String(args.node);
  const opts: DrainOptions = { ignoreDaemonSets: !!args.ignoreDaemonSets, deleteEmptyDirData: !!args.deleteEmptyDirData, force: !!args.force };
  await cordon(ctx.backend, node, true);
  const list = await podsForDeletion(ctx.backend, node, opts);
  if (list.errors.length) throw drainError(node, aggregate(list.errors));
  const warnings = list.warnings ? [list.warnings] : [];
  const run = new EvictionRun(ctx, node, durationMs(args.timeout, 0), args.gracePeriodSeconds);
  const errors = await run.evictAll(list.pods);
  warnings.push(...run.retryMessages);
  if (errors.length) throw drainError(node, aggregate(errors), run.pending());
  return { warnings };
}

/** One pod's goroutine in kubectl's evictPods. */
interface PodEviction {
  pod: KObject;
  /** evict: attempts due at `at`; wait: polling since `pollStart`; seen: gone, noticed at the poll tick `at` */
  state: 'evict' | 'wait' | 'seen' | 'done';
  at: number;
  pollStart: number;
  /** re-read the pod before the next attempt (after a 429) */
  refresh: boolean;
}

class EvictionRun {
  readonly retryMessages: string[] = [];
  private readonly errors: string[] = [];
  private readonly failed: PodEviction[] = [];
  private evictions: PodEviction[] = [];
  private readonly timeoutAt: number;

  constructor(
    private readonly ctx: MutationContext,
    private readonly node: string,
    private readonly timeoutMs: number,
    private readonly gracePeriodSeconds: number | undefined,
  ) {
    this.timeoutAt = timeoutMs > 0 ? ctx.backend.now() + timeoutMs : Infinity;
  }

  /** The errors of the pods that failed, in the order they failed. */
  async evictAll(pods: KObject[]): Promise<string[]> {
    const now = this.ctx.backend.now();
    this.evictions = pods.map((pod) => ({ pod, state: 'evict', at: now, pollStart: now, refresh: false }));
    while (this.active().length) {
      await this.runDue();
      if (!this.active().length) break;
      await this.waitForNext();
    }
    return this.errors;
  }

  /** The pods that failed (kubectl lists the node's remaining pods after an error). */
  pending(): string[] {
    return this.failed.map((e) => `pod/${e.pod.metadata.name}`);
  }

  private active(): PodEviction[] {
    return this.evictions.filter((e) => e.state !== 'done');
  }

  /** Every action due now, pods in list order; then the timeout for pods still being waited for. */
  private async runDue(): Promise<void> {
    const now = this.ctx.backend.now();
    for (const e of this.active()) {
      if (e.state === 'evict' && e.at <= now) await this.attempt(e, now);
      if (e.state === 'wait' && (await this.isGone(e))) this.seen(e, now);
      if (e.state === 'seen' && e.at <= now) e.state = 'done';
    }
    if (now < this.timeoutAt) return;
    for (const e of this.active()) {
      if (e.state === 'evict') continue; // fails at its next attempt, after its sleep
      this.fail(e, `error when waiting for pod "${e.pod.metadata.name}" in namespace "${e.pod.metadata.namespace}" to terminate: context deadline exceeded`);
    }
  }

  private async attempt(e: PodEviction, now: number): Promise<void> {
    const { backend } = this.ctx;
    if (e.refresh) {
      e.pod = (await backend.get(podRef(e.pod))) ?? e.pod;
      e.refresh = false;
    }
    const { name, namespace } = e.pod.metadata;
    if (now >= this.timeoutAt) {
      return this.fail(e, `error when evicting pods/"${name}" -n "${namespace}": global timeout reached: ${formatGoDuration(this.timeoutMs)}`);
    }
    try {
      await backend.evict(podRef(e.pod), { gracePeriodSeconds: this.gracePeriodSeconds });
      Object.assign(e, { state: 'wait', pollStart: now });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err.status === 404) {
        e.state = 'done';
      } else if (err.status === 429) {
        this.noteRetry(`error when evicting pods/"${name}" -n "${namespace}" (will retry after ${formatGoDuration(EVICT_RETRY_DELAY_MS)}): ${err.message}`);
        Object.assign(e, { at: now + EVICT_RETRY_DELAY_MS, refresh: true });
      } else {
        this.fail(e, `error when evicting pods/"${name}" -n "${namespace}": ${err.message}`);
      }
    }
  }

  /** waitForDelete's test: the pod is gone, or its name now belongs to another uid. */
  private async isGone(e: PodEviction): Promise<boolean> {
    const live = await this.ctx.backend.get(podRef(e.pod));
    return !live || live.metadata.uid !== e.pod.metadata.uid;
  }

  /** Gone at `t`: kubectl notices at its next poll, a whole number of intervals after polling began. */
  private seen(e: PodEviction, t: number): void {
    const ticks = Math.ceil((t - e.pollStart) / DELETE_POLL_INTERVAL_MS);
    Object.assign(e, { state: 'seen', at: e.pollStart + ticks * DELETE_POLL_INTERVAL_MS });
  }

  /**
   * Lets time pass until the next retry or poll tick, the timeout, or a deletion kubectl waits
   * for — whichever comes first — without stepping through the seconds in between.
   */
  private async waitForNext(): Promise<void> {
    const { backend, deadline } = this.ctx;
    const now = backend.now();
    const timed = this.active().filter((e) => e.state === 'evict' || e.state === 'seen').map((e) => e.at);
    // Once the timeout has passed, only the pending retries are left to fail.
    const until = Math.min(...timed, this.timeoutAt > now ? this.timeoutAt : Infinity, deadline);
    if (until <= now && until === deadline) throw this.scenarioTimeout();
    const waiting = this.active().filter((e) => e.state === 'wait');
    if (!waiting.length) {
      await backend.sleep(until - now);
    } else {
      const gone = await backend.waitFor(async () => {
        for (const e of waiting) if (await this.isGone(e)) return true;
        return false;
      }, until - now);
      if (gone) {
        for (const e of waiting) if (await this.isGone(e)) this.seen(e, backend.now());
      }
    }
    if (backend.now() >= deadline && this.active().length) throw this.scenarioTimeout();
  }

  private fail(e: PodEviction, message: string): void {
    e.state = 'done';
    this.errors.push(message);
    this.failed.push(e);
  }

  private noteRetry(line: string): void {
    if (!this.retryMessages.includes(line)) this.retryMessages.push(line);
  }

  private scenarioTimeout(): KscenarioError {
    const left = this.active().map((e) => `pod/${e.pod.metadata.name}`).join(', ');
    return new KscenarioError('BACKEND', `drain of node "${this.node}" did not finish before the scenario's timeout; pods left: ${left}`, undefined,
      'give the drain a timeout, or the scenario a longer spec.timeout');
  }
}

function podRef(pod: KObject): ObjectRef {
  return { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name };
}

/** utilerrors.NewAggregate(...).Error(): one message bare, several (deduplicated) in [a, b]. */
function aggregate(messages: string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? unique[0]! : `[${unique.join(', ')}]`;
}

function drainError(node: string, message: string, pending: string[] = []): KscenarioError {
  const hint = `kubectl drain reports: unable to drain node "${node}"${pending.length ? `; pending pods: ${pending.join(', ')}` : ''}`;
  return new KscenarioError('BACKEND', message, undefined, hint);
}
