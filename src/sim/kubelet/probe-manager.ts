/**
 * The probe manager of one pod (pkg/kubelet/prober/prober_manager.go): its workers, their
 * results, the started/ready view UpdatePodStatus gives the status, and the simulated
 * application's health, which failProbe/healProbe control (probes succeed by default).
 */
import type { Container, ContainerStatus, Pod, Probe } from 'kubernetes-types/core/v1';
import { isRestartableInit } from './pod-phase';
import type { ProbeView } from './pod-status';
import { failureOutput, ProbeResults, ProbeWorker, type ProbeHost, type ProbeOutcome, type ProbeResponder, type ProbeType } from './probes';

const TYPES: ProbeType[] = ['startup', 'readiness', 'liveness'];

export function probeOf(c: Container, type: ProbeType): Probe | undefined {
  return type === 'readiness' ? c.readinessProbe : type === 'liveness' ? c.livenessProbe : c.startupProbe;
}

export class PodProbes implements ProbeView, ProbeResponder {
  /** made for the first probe: most pods have none (an empty Map costs about 200 bytes) */
  private workers: Map<string, ProbeWorker> | undefined;
  readonly results: Record<ProbeType, ProbeResults> = {
    readiness: new ProbeResults(),
    liveness: new ProbeResults(),
    startup: new ProbeResults(),
  };
  private added = false;

  constructor(
    private readonly host: ProbeHost,
    /**
     * The application's health, shared with failProbe/healProbe so it can be set before the pod
     * runs: failing `container/type` → the output to report (undefined: the handler's default).
     * Made by the first failProbe or healProbe (most pods never have one), and handed over then.
     */
    private failing: ReadonlyMap<string, string | undefined> | undefined,
  ) {}

  /** AddPod: a worker per probe of every container (and sidecar); idempotent. */
  addPod(pod: Pod): void {
    if (this.added) return;
    this.added = true;
    const containers = [...(pod.spec?.initContainers ?? []).filter(isRestartableInit), ...(pod.spec?.containers ?? [])];
    const origin = this.host.timers.now();
    for (const c of containers) {
      for (const type of TYPES) {
        const probe = probeOf(c, type);
        if (!probe) continue;
        const w = new ProbeWorker(this.host, this, type, c, probe, this.results[type], origin);
        (this.workers ??= new Map()).set(key(c.name, type), w);
        w.start();
      }
    }
  }

  /** A running worker (a worker that exited counts as none, as after removeWorker). */
  has(container: string, type: ProbeType): boolean {
    const w = this.workers?.get(key(container, type));
    return !!w && !w.isStopped();
  }

  started(container: string, id: string): boolean {
    const r = this.results.startup.get(id);
    return r !== undefined ? r === 'success' : !this.has(container, 'startup');
  }

  ready(container: string, id: string): boolean {
    return this.results.readiness.get(id) === 'success' || !this.has(container, 'readiness');
  }

  /** UpdatePodStatus's side effect: a started container not yet ready gets an immediate readiness probe. */
  triggerReadiness(statuses: readonly ContainerStatus[]): void {
    for (const s of statuses) {
      if (!s.started || !s.state?.running || !s.containerID) continue;
      const id = s.containerID.slice(s.containerID.indexOf('://') + 3);
      if (this.results.readiness.get(id) === 'success') continue;
      this.workers?.get(key(s.name, 'readiness'))?.trigger();
    }
  }

  /** Every worker re-reads the status on its next tick. */
  wakeAll(): void {
    for (const w of this.workers?.values() ?? []) w.wake();
  }

  /** StopLivenessAndStartup: termination keeps only readiness probing. */
  stopLivenessAndStartup(): void {
    for (const [k, w] of this.workers ?? []) {
      if (w.type === 'readiness') continue;
      w.stop();
      this.workers!.delete(k);
    }
  }

  removeAll(): void {
    for (const w of this.workers?.values() ?? []) w.stop();
    this.workers?.clear();
  }

  /** The kubelet restarted: no workers, no results; the next sync adds the pod again. */
  reset(): void {
    this.removeAll();
    for (const r of Object.values(this.results)) r.clear();
    this.added = false;
  }

  /** The application's health for `container/type` changed: its worker probes at its next tick. */
  healthChanged(health: ReadonlyMap<string, string | undefined>, container: string, type: ProbeType): void {
    this.failing = health;
    this.workers?.get(key(container, type))?.wake();
  }

  outcome(c: Container, type: ProbeType, probe: Probe): ProbeOutcome {
    const k = key(c.name, type);
    if (!this.failing?.has(k)) return { ok: true, output: '' };
    return { ok: false, output: this.failing.get(k) ?? failureOutput(probe, c, this.host.podIP()) };
  }
}

export function healthKey(container: string, type: ProbeType): string {
  return key(container, type);
}

function key(container: string, type: ProbeType): string {
  return `${container}/${type}`;
}
