/**
 * Probe workers (pkg/kubelet/prober/worker.go, prober_manager.go): one per container and probe
 * type, probing on a ticker of periodSeconds that starts when the pod is added, reading the
 * status manager's copy of the pod status (so a container is probed only once the kubelet has
 * reported it running), honouring initialDelaySeconds, the thresholds and the initial results
 * (readiness Failure, liveness Success, startup Unknown).
 *
 * To keep the cost per event, a worker whose probe can change nothing (container not running,
 * probe steadily succeeding, liveness on hold) does not tick; it resumes on the next tick of its
 * grid when woken (status written, outcome changed by failProbe/healProbe, manual trigger).
 */
import type { Container, Pod, Probe } from 'kubernetes-types/core/v1';
import type { TimerHandle } from '../clock';
import { probeFailedMessage } from './messages';
import type { ApiPodStatus } from './pod-status';
import type { Timers } from './task';

export type ProbeType = 'readiness' | 'liveness' | 'startup';
export type ProbeResult = 'success' | 'failure' | 'unknown';

/** What the controlled application answers; failing probes keep failing until healed. */
export interface ProbeOutcome {
  ok: boolean;
  /** the prober's output for a failure (see failureOutput) */
  output: string;
}

/**
 * What the probes of a pod read of it and report to it: its pod worker, which implements this
 * itself, so that a pod carries no bundle of closures (they cost about 600 bytes a pod).
 */
export interface ProbeHost {
  readonly timers: Timers;
  readonly pod: Pod;
  /** the status manager's copy of the pod status */
  cachedStatus(): ApiPodStatus | undefined;
  /** a probe failed (the Unhealthy event) */
  probeFailed(container: string, message: string): void;
  probeResultChanged(type: ProbeType, container: string, containerId: string, result: ProbeResult): void;
  /**
   * Exact virtual start of a container: the status manager's in-memory copy has full precision
   * while the API's startedAt has whole seconds.
   */
  containerStartedAt(containerId: string): number | undefined;
  podIP(): string | undefined;
}

/** What the simulated application answers to a probe (the probe manager knows its health). */
export interface ProbeResponder {
  outcome(container: Container, type: ProbeType, probe: Probe): ProbeOutcome;
}

/** The results manager of one probe type: the last result per container id. */
export class ProbeResults {
  /** made with the first result: most pods have no probes, and an empty Map costs about 200 bytes */
  private byId: Map<string, ProbeResult> | undefined;

  get(id: string): ProbeResult | undefined {
    return this.byId?.get(id);
  }

  /** Returns true when the stored result changed (only then does the kubelet hear of it). */
  set(id: string, r: ProbeResult): boolean {
    if (this.byId?.get(id) === r) return false;
    (this.byId ??= new Map()).set(id, r);
    return true;
  }

  remove(id: string): void {
    this.byId?.delete(id);
  }

  clear(): void {
    this.byId?.clear();
  }
}

/** Probe fields as the API server defaults them (SetDefaults_Probe). */
export interface ProbeTiming {
  initialDelaySeconds: number;
  periodSeconds: number;
  timeoutSeconds: number;
  successThreshold: number;
  failureThreshold: number;
}

export function probeTiming(p: Probe): ProbeTiming {
  return {
    initialDelaySeconds: p.initialDelaySeconds ?? 0,
    periodSeconds: p.periodSeconds || 10,
    timeoutSeconds: p.timeoutSeconds || 1,
    successThreshold: p.successThreshold || 1,
    failureThreshold: p.failureThreshold || 3,
  };
}

const INITIAL: Record<ProbeType, ProbeResult> = { readiness: 'failure', liveness: 'success', startup: 'unknown' };

type Next = 'stop' | 'idle' | 'tick' | { at: number };

export class ProbeWorker {
  readonly timing: ProbeTiming;
  private containerId: string | undefined;
  private lastResult: ProbeResult | undefined;
  private resultRun = 0;
  private onHold = false;
  private stopped = false;
  private timer: TimerHandle | undefined;
  private timerAt = Infinity;
  private lastTick = -Infinity;
  private manualPending = false;

  constructor(
    private readonly host: ProbeHost,
    private readonly app: ProbeResponder,
    readonly type: ProbeType,
    readonly container: Container,
    readonly probe: Probe,
    readonly results: ProbeResults,
    /** when the worker's ticker started (AddPod) */
    private readonly origin: number,
  ) {
    this.timing = probeTiming(probe);
  }

  /** worker.run: the first probe runs at once, then every period. */
  start(): void {
    this.scheduleAt(this.origin);
  }

  isStopped(): boolean {
    return this.stopped;
  }

  stop(): void {
    this.stopped = true;
    this.host.timers.cancel(this.timer);
    this.timer = undefined;
    if (this.containerId) this.results.remove(this.containerId);
  }

  /** Something the probe depends on changed: resume ticking on the grid. */
  wake(): void {
    if (this.stopped) return;
    this.scheduleAt(this.nextGridTick(this.host.timers.now()));
  }

  /** prober_manager UpdatePodStatus: an immediate readiness probe (manualTriggerCh, buffer of one). */
  trigger(): void {
    if (this.stopped || this.manualPending) return;
    this.manualPending = true;
    this.host.timers.after(0, () => {
      this.manualPending = false;
      if (!this.stopped) this.afterProbe(this.doProbe());
    });
  }

  private scheduleAt(time: number): void {
    if (this.timer && this.timerAt <= time) return;
    this.host.timers.cancel(this.timer);
    this.timerAt = time;
    this.timer = this.host.timers.at(time, () => {
      this.timer = undefined;
      this.timerAt = Infinity;
      this.lastTick = this.host.timers.now();
      this.afterProbe(this.doProbe());
    });
  }

  private afterProbe(next: Next): void {
    if (next === 'stop') return this.stop();
    if (next === 'idle') return;
    const now = this.host.timers.now();
    this.scheduleAt(next === 'tick' ? this.nextGridTick(now) : this.nextGridTick(next.at));
  }

  /** The first tick of origin + k * period at or after `t` that has not run yet. */
  private nextGridTick(t: number): number {
    const period = this.timing.periodSeconds * 1000;
    let k = Math.max(0, Math.ceil((t - this.origin) / period));
    while (this.origin + k * period <= this.lastTick) k++;
    return this.origin + k * period;
  }

  /** worker.doProbe: one probe, or the reason there is nothing to probe. */
  private doProbe(): Next {
    const status = this.host.cachedStatus();
    if (!status) return 'idle';
    if (status.phase === 'Failed' || status.phase === 'Succeeded') return 'stop';
    const c = [...(status.containerStatuses ?? []), ...(status.initContainerStatuses ?? [])]
      .find((s) => s.name === this.container.name && s.containerID);
    if (!c) return 'idle';
    if (c.containerID !== this.containerIdUri()) this.switchContainer(c.containerID!);
    if (this.onHold) return 'idle';
    const pod = this.host.pod;
    if (!c.state?.running) {
      this.results.set(this.containerId!, 'failure') && this.report('failure');
      const keepGoing = !c.state?.terminated || pod.spec?.restartPolicy !== 'Never';
      return keepGoing ? 'idle' : 'stop';
    }
    if (pod.metadata?.deletionTimestamp && this.type !== 'readiness') {
      // graceful shutdown: a quiet last result, then no more liveness/startup probes
      if (this.results.set(this.containerId!, 'success')) this.report('success');
      return 'stop';
    }
    // "int32(time.Since(startedAt).Seconds()) < InitialDelaySeconds": whole seconds since the start
    const startedAt = this.host.containerStartedAt(this.containerId!) ?? this.host.timers.now();
    if (this.host.timers.now() - startedAt < this.timing.initialDelaySeconds * 1000) {
      return { at: startedAt + this.timing.initialDelaySeconds * 1000 };
    }
    if (c.started ? this.type === 'startup' : this.type !== 'startup') return 'idle';
    return this.probeOnce();
  }

  private probeOnce(): Next {
    const outcome = this.app.outcome(this.container, this.type, this.probe);
    const result: ProbeResult = outcome.ok ? 'success' : 'failure';
    if (!outcome.ok) this.host.probeFailed(this.container.name, probeFailedMessage(this.type, outcome.output));
    if (this.lastResult === result) this.resultRun++;
    else {
      this.lastResult = result;
      this.resultRun = 1;
    }
    const threshold = result === 'failure' ? this.timing.failureThreshold : this.timing.successThreshold;
    if (this.resultRun < threshold) return 'tick';
    if (this.results.set(this.containerId!, result)) this.report(result);
    if (this.type !== 'readiness' && result === 'failure') {
      // the container will be restarted: stop probing until a new container id shows up
      this.onHold = true;
      this.resultRun = 0;
      return 'idle';
    }
    return result === 'success' ? 'idle' : 'tick';
  }

  private switchContainer(uri: string): void {
    if (this.containerId) this.results.remove(this.containerId);
    this.containerId = uri.slice(uri.indexOf('://') + 3);
    this.results.set(this.containerId, INITIAL[this.type]);
    this.onHold = false;
  }

  private containerIdUri(): string | undefined {
    return this.containerId && `containerd://${this.containerId}`;
  }

  private report(result: ProbeResult): void {
    this.host.probeResultChanged(this.type, this.container.name, this.containerId!, result);
  }
}

/**
 * The prober's output for a failing probe of each handler: what an HTTP server answering 500, a
 * closed port or a command printing nothing and exiting 1 produce (prober/http, tcp, exec).
 */
export function failureOutput(probe: Probe, container: Container, podIP: string | undefined): string {
  if (probe.httpGet) return 'HTTP probe failed with statuscode: 500';
  if (probe.tcpSocket) return `dial tcp ${podIP ?? ''}:${resolvePort(probe.tcpSocket.port, container)}: connect: connection refused`;
  if (probe.grpc) return 'service unhealthy (responded with "NOT_SERVING")';
  return '';
}

function resolvePort(port: number | string, c: Container): number | string {
  if (typeof port === 'number') return port;
  return c.ports?.find((p) => p.name === port)?.containerPort ?? port;
}
