/**
 * The kubelet's status manager for one pod (pkg/kubelet/status/status_manager.go): it keeps the
 * last status it was given (what probe workers read) and writes it to the API merged with what
 * others own; probe results patch readiness and startup into it directly.
 */
import type { ContainerStatus, Pod } from 'kubernetes-types/core/v1';
import { ApiError } from '../../errors';
import { deepEqual } from '../../kube/equal';
import type { KubeVersion } from '../../kube/version';
import type { ApiServer } from '../apiserver/store';
import { generateConditions } from './pod-conditions';
import { apiStatus, stampStatus, type ApiPodStatus } from './pod-status';

/** What the status manager reads of its pod: its pod worker (an object, not closures: fewer bytes a pod). */
export interface StatusOwner {
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
  /** false once the pod is gone from the API, or while the API server cannot be reached */
  podInApi(): boolean;
  /** a terminal phase is held back while this is true (mergePodStatus) */
  couldHaveRunningContainers(): boolean;
  /** `cached` was replaced or dropped */
  statusChanged(): void;
}

export class PodStatusManager {
  /** the status manager's copy (podStatuses cache) */
  cached: ApiPodStatus | undefined;
  /**
   * The cached status's startTime to the millisecond: upstream keeps metav1.Now() in memory and
   * only the API's copy is cut to whole seconds.
   */
  private startMs: number | undefined;

  constructor(
    private readonly api: ApiServer,
    private readonly version: KubeVersion,
    private readonly owner: StatusOwner,
  ) {}

  /** SetPodStatus: keep it (with transition times and start time) and write it. */
  set(generated: ApiPodStatus, previous: ApiPodStatus | undefined, now: number): ApiPodStatus {
    this.cached = stampStatus(generated, previous, this.api.timestamp(now));
    this.owner.statusChanged();
    this.startMs ??= previous?.startTime ? this.api.parseTime(previous.startTime) : now;
    this.write();
    return this.cached;
  }

  /**
   * SetContainerReadiness / SetContainerStartup: change one container's flag; readiness also
   * recomputes Ready and ContainersReady. Returns false when nothing changed.
   */
  patchContainer(pod: Pod, containerId: string, patch: { ready?: boolean; started?: boolean }, now: number): boolean {
    const old = this.cached;
    if (!old) return false;
    const uri = `containerd://${containerId}`;
    const patched = (s: ContainerStatus) => s.containerID === uri;
    const changes = (s: ContainerStatus) => patched(s) && Object.entries(patch).some(([k, v]) => s[k as keyof typeof patch] !== v);
    // only the patched container's flags can differ: checked there, not on a patched copy of it all
    if (!old.containerStatuses?.some(changes) && !old.initContainerStatuses?.some(changes)) return false;
    const patchList = (list: ApiPodStatus['containerStatuses']) => list?.map((s) => (patched(s) ? { ...s, ...patch } : s));
    const next: ApiPodStatus = {
      ...old,
      containerStatuses: patchList(old.containerStatuses),
      ...(old.initContainerStatuses ? { initContainerStatuses: patchList(old.initContainerStatuses) } : {}),
    };
    if (patch.ready !== undefined) {
      const statuses = [...(next.initContainerStatuses ?? []), ...(next.containerStatuses ?? [])];
      const sandboxReady = old.conditions?.some((c) => c.type === 'PodReadyToStartContainers' && c.status === 'True') ?? false;
      const fresh = generateConditions(pod, this.version, { sandboxReady, phase: old.phase ?? 'Pending', statuses });
      next.conditions = old.conditions?.map((c) => (c.type === 'Ready' || c.type === 'ContainersReady' ? fresh.find((f) => f.type === c.type)! : c));
    }
    this.cached = stampStatus(next, old, this.api.timestamp(now));
    this.owner.statusChanged();
    this.write();
    return true;
  }

  /**
   * syncBatch: writes the kept status if the API server's differs (what a cut-off kubelet could
   * not send, or kubelet-owned fields another component changed meanwhile).
   */
  flush(): void {
    this.write();
  }

  /** The kubelet restarted: its memory is empty. */
  reset(): void {
    this.cached = undefined;
    this.owner.statusChanged();
    this.startMs = undefined;
  }

  /** GetPodStatus(uid).StartTime, else the API pod's (virtual ms); undefined before the first status. */
  startTime(apiPod: Pod): number | undefined {
    if (this.startMs !== undefined) return this.startMs;
    const text = apiPod.status?.startTime;
    return text ? this.api.parseTime(text) : undefined;
  }

  private write(): void {
    if (!this.cached || !this.owner.podInApi()) return;
    const { namespace, name, uid } = this.owner;
    const current = this.api.get<Pod>('Pod', namespace, name);
    if (!current || current.metadata?.uid !== uid) return;
    const status = apiStatus(this.cached, current, this.owner.couldHaveRunningContainers(), this.version);
    if (deepEqual(status, current.status)) return;
    try {
      this.api.updateStatus({ ...(current as unknown as Record<string, unknown>), status } as never);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
    }
  }
}
