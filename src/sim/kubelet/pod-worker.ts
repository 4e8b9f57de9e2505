/**
 * The kubelet's work for one pod (pkg/kubelet/pod_workers.go, kubelet.go SyncPod /
 * SyncTerminatingPod / SyncTerminatedPod, kuberuntime_manager.go computePodActions / SyncPod):
 * one sync at a time, triggered by pod updates, container state changes seen at the next PLEG
 * relist, probe results and retries; then graceful termination and the final delete.
 *
 * Each sync first writes the status of what the runtime has at that moment (so a container that
 * just started shows Running at the sync the PLEG triggers, as upstream), then waits for volumes,
 * then starts what is missing: sandbox, the next init container, the regular containers.
 */
import type { KObject } from '../../kube/object';
import type { Container, Pod, Service } from 'kubernetes-types/core/v1';
import { ApiError } from '../../errors';
import { deepEqual } from '../../kube/equal';
import { isMirrorPod } from '../../kube/pod-state';
import { atLeast, type KubeVersion } from '../../kube/version';
import type { ApiServer } from '../apiserver/store';
import type { Clock, Runnable, TimerHandle } from '../clock';
import type { EventRecorder, EventType } from '../events';

/** Where the kubelet's events go: the recorder, or nowhere while the API server cannot be reached. */
export type EventSink = Pick<EventRecorder, 'record'>;
import type { Files, VolumeData } from '../storage/volume-data';
import { SharedMaps } from '../recent-values';
import { DEADLINE_EXCEEDED, activeDeadlineAt, pastActiveDeadline } from './active-deadline';
import type { Backoff } from './backoff';
import { kernelHostname, readContainerFile, writeContainerFile, type ContainerFs } from './filesystem';
import { hex64, unitFraction } from './ids';
import type { ImageService } from './image-service';
import { EnsureImage, type ImageContext, type ImageResult } from './image-manager';
import { imageId, normalizeImage } from './images';
import * as msg from './messages';
import type { HostLocalIpam } from './node-network';
import { needsReadinessReconcile, type Condition } from './pod-conditions';
import {
  allocate, RESIZE_IN_PROGRESS, RESIZE_PENDING, resizableContainers, resizeCondition, resizeEnabled, resizeEventMessage,
  resizeNeedsRestart, resizeRequested, sameCpuMemory, type ResizeVerdict,
} from './resize';
import { isRestartableInit } from './pod-phase';
import { generatePodStatus, isTerminal, type ApiPodStatus, type WaitingReason } from './pod-status';
import { PodProbes } from './probe-manager';
import { PodStatusManager, type StatusOwner } from './status-manager';
import type { ProbeHost, ProbeResult, ProbeType } from './probes';
import { TerminationOrdering } from './termination-order';
import { FAILED_PRE_STOP_HOOK, PRE_STOP_HOOK_FAILED, PreStopHook, type HookContext } from './prestop-hook';
import { processModel, type ProcessModel } from './process-model';
import { containerEnvironment, CREATE_CONTAINER_CONFIG_ERROR, expandedCommand, processEnvironment, type EnvironmentSources } from './environment';
import { containerMounts, type ContainerMount } from './volume-mounts';
import { containerSpecHash, exitReason, latestInstance, shouldRestart, type ContainerInstance, type ContainerRole, type Sandbox } from './runtime';
import { AllDone, call, CompositeTask, result, runTask, Timers, waitFor, type Completion, type Next, type Resume, type Running, type Signal, type Step } from './task';
import * as T from './timing';
import { allocatableOf, decodedSecretData, projection, volumeErrors } from './volumes';

/** What a pod worker needs from its node's kubelet. */
export interface NodeContext {
  readonly name: string;
  readonly hostIP: string;
  readonly api: ApiServer;
  readonly events: EventSink;
  readonly version: KubeVersion;
  readonly clock: Clock;
  readonly images: ImageService;
  readonly ipam: HostLocalIpam;
  readonly volumeData: VolumeData;
  readonly crashBackoff: Backoff;
  /** the application health failProbe/healProbe set, by `container/type` (undefined while they named no probe of the pod) */
  health(podUid: string): ReadonlyMap<string, string | undefined> | undefined;
  /** the first PLEG relist strictly after `t` */
  nextRelist(t: number): number;
  /** the first sync-loop tick at or after `t` */
  nextSyncTick(t: number): number;
  /** the pod is gone from the API and its worker has finished */
  forget(worker: PodWorker): void;
  /** whether the kubelet can reach the API server (false while its node is cut off) */
  online(): boolean;
  /** file contents a check can read changed without an API write */
  contentChanged(): void;
  /** the pod's desired resources differ from its allocation: queue it with the pending resizes */
  resizeRequested(worker: PodWorker): void;
  /** a resize of the pod is done: its requests may have shrunk, leaving room for a deferred one */
  resizeActuated(): void;
  /** the worker's stage or kept status changed, so isActive() may have: the node counts its active pods from these */
  activityChanged(worker: PodWorker): void;
}

type SyncResult =
  | { kind: 'ok' }
  | { kind: 'error' }
  /** only back-off failures; `until` is when a crash-loop back-off ends */
  | { kind: 'backoff'; until?: number }
  | { kind: 'terminal' };

interface Kill {
  instance: ContainerInstance;
  message: string;
  graceSeconds: number;
}

interface Plan {
  createSandbox: boolean;
  /** running containers whose resources are updated in place (a NotRequired resize) */
  resize: ContainerInstance[];
  nextInit?: Container;
  start: Array<{ container: Container; role: ContainerRole }>;
  kill: Kill[];
  killPod: boolean;
}

type Stage = 'syncing' | 'terminating' | 'terminated';

/**
 * Read in place of the worker's maps that most pods never write, until the first write makes one:
 * an empty Map costs about 180 bytes, and a pod worker had four, plus one per container.
 */
const NONE: ReadonlyMap<never, never> = new Map<never, never>();

/**
 * Recent projected-volume contents: most pods' kube-api-access volume has the same files (the
 * namespace's CA bundle and name), which each pod kept a map of.
 */
const sharedProjections = new SharedMaps(64);

/** A container's environment and mounts, or the error that keeps it from being created. */
type ContainerConfig =
  | { ok: true; vars: ReadonlyMap<string, string>; hostname: string; mounts: ContainerMount[] }
  | { ok: false; message: string };

export class PodWorker implements ProbeHost, StatusOwner, Completion<SyncResult | undefined> {
  readonly uid: string;
  readonly timers: Timers;
  readonly probes: PodProbes;
  readonly instances: ContainerInstance[] = [];
  private stage: Stage = 'syncing';
  private sandbox: Sandbox | undefined;
  private sandboxAttempts = 0;
  private containersCreated = 0;
  /** why a container waits (image pull, config or crash-loop back-off): made on the first */
  private reasons: Map<string, WaitingReason> | undefined;
  private readonly status: PodStatusManager;
  /** the files of the pod's own volumes (emptyDir...): made when a container first writes one */
  private podVolumes: Map<string, Files> | undefined;
  /** writes over the kubelet-managed files: made on the first */
  private managedWrites: Files | undefined;
  private task: Running | undefined;
  private dispatchScheduled = false;
  private pendingSync = false;
  private retryTimer: TimerHandle | undefined;
  private retries = 0;
  /** the jitter draws of the periodic resync so far */
  private resyncs = 0;
  /** when the last successful sync ended, while no other sync is queued: the resync chain's origin */
  private resyncFrom: number | undefined;
  /**
   * What the kubelet last wrote into each configMap and secret volume (the atomic writer's current
   * `..data`), by volume name. The map and its members are replaced, never changed: a container
   * keeps the map it started with (what its subPath mounts show) without a copy of its own.
   */
  private projected: ReadonlyMap<string, ReadonlyMap<string, string>> = NONE;
  /** a source of those volumes changed since they were written */
  private projectedStale = false;
  private relistAt = Infinity;
  /** the sync-loop tick that syncs the pod once its active deadline has passed */
  private deadlineSync: { at: number; timer: TimerHandle } | undefined;
  /** the sync's wait for volumes, which ends early when the pod is to terminate (the pod worker cancels the sync) */
  private volumeWait: VolumeWait | undefined;
  private apiGone = false;
  /** containers the machine's stop killed: containerd reports them when it starts again */
  private lost: ContainerInstance[] = [];
  /**
   * The pod as admitted and resized (the allocation manager's checkpoint): the runtime gives
   * containers these resources; `pod` holds what the API asks for.
   */
  allocated: Pod;
  /** the status manager's PodResizePending and PodResizeInProgress conditions */
  private resizeConditions: { pending?: Condition; inProgress?: Condition } = {};

  constructor(
    private readonly node: NodeContext,
    public pod: Pod,
  ) {
    this.uid = pod.metadata!.uid!;
    this.allocated = pod;
    this.timers = new Timers(node.clock);
    this.status = new PodStatusManager(node.api, node.version, this);
    this.probes = new PodProbes(this, node.health(this.uid));
  }

  get version(): KubeVersion {
    return this.node.version;
  }

  get namespace(): string {
    return this.pod.metadata?.namespace ?? 'default';
  }

  get name(): string {
    return this.pod.metadata!.name!;
  }

  /**
   * Admitted or terminating: the pod still counts against the node (kubelet activePods). The node
   * counts its active workers from the changes of what this reads, so the stage changes only
   * through enter() and the kept status only where the status manager calls statusChanged().
   */
  isActive(): boolean {
    return this.stage !== 'terminated' && !isTerminal(this.status.cached?.phase);
  }

  /** StatusOwner: the kept status changed (its phase is half of isActive). */
  statusChanged(): void {
    this.node.activityChanged(this);
  }

  private enter(stage: Stage): void {
    this.stage = stage;
    this.node.activityChanged(this);
  }

  start(): void {
    this.requestSync();
  }

  /** A newer version of the pod from the API. */
  update(pod: Pod): void {
    const old = this.pod;
    this.pod = pod;
    if (isMirrorPod(pod) && pod.metadata?.deletionTimestamp && !old.metadata?.deletionTimestamp) return this.replaceMirrorPod();
    if (this.stage !== 'syncing') return;
    this.noticeResize(old);
    if (pod.metadata?.deletionTimestamp && !old.metadata?.deletionTimestamp) this.requestTermination();
    else if (!deepEqual(old.spec, pod.spec) || metadataChanged(old, pod) || needsReadinessReconcile(pod)) this.requestSync();
  }

  /**
   * HandlePodUpdates: a pod whose desired resources differ from its allocation joins the pending
   * resizes, which are retried at once; one whose resize was reverted loses its pending condition.
   */
  private noticeResize(old: Pod): void {
    if (!resizeEnabled(this.node.version) || !resizeRequested(this.pod, this.allocated)) {
      this.allocated = this.pod;
      this.resizeConditions.pending = undefined;
      return;
    }
    // the rest of the spec follows the pod; the resources stay as allocated until the retry
    this.allocated = allocate(this.pod, this.allocated);
    // recordResizeOperations: only an update that changes the desired resources is a new request
    if (resizeRequested(this.pod, old)) this.node.resizeRequested(this);
  }

  /**
   * handlePodResourcesResize, for the pending-resize retry: allocate the desired resources if the
   * node has room (PodResizeInProgress, ResizeStarted), else mark the resize Deferred or
   * Infeasible (PodResizePending, and the event when the reason or generation is new). A changed
   * resize status or a new allocation syncs the pod. Returns whether it stays pending (Deferred).
   */
  tryResize(verdictFor: (desired: Pod) => ResizeVerdict): boolean {
    if (this.stage !== 'syncing' || !resizeRequested(this.pod, this.allocated)) {
      this.resizeConditions.pending = undefined;
      return false;
    }
    const generation = this.pod.metadata?.generation ?? 0;
    const now = this.node.api.timestamp();
    const verdict = verdictFor(this.pod);
    if (verdict.fit) {
      this.allocated = this.pod;
      this.resizeConditions = { inProgress: resizeCondition(RESIZE_IN_PROGRESS, undefined, '', '', generation, now) };
      this.resizeEvent('Normal', 'ResizeStarted', resizeEventMessage('Pod resize started', this.allocated, generation));
      this.requestSync();
      return false;
    }
    const old = this.resizeConditions.pending;
    this.resizeConditions.pending = resizeCondition(RESIZE_PENDING, old, verdict.reason, verdict.message, generation, now);
    const changed = !old || old.reason !== verdict.reason || old.observedGeneration !== generation;
    if (changed) {
      const reason = verdict.reason === 'Infeasible' ? 'ResizeInfeasible' : 'ResizeDeferred';
      this.resizeEvent('Warning', reason, resizeEventMessage(`Pod resize ${verdict.reason}`, this.pod, generation, verdict.message));
      this.requestSync();
    }
    return verdict.reason === 'Deferred';
  }

  /**
   * The resize events of pkg/kubelet/events/resize.go, read in 1.35-1.37; not emitted before 1.35
   * (unverified whether 1.33-1.34 had them).
   */
  private resizeEvent(type: EventType, reason: string, message: string): void {
    if (atLeast(this.node.version, '1.35')) this.event(undefined, type, reason, message);
  }

  /**
   * SyncPod's check before it generates the status: while a running container's actuated cpu or
   * memory differs from its allocation the resize is in progress; once they agree the condition
   * goes, with a ResizeCompleted event.
   */
  private checkResizeProgress(): void {
    if (!resizeEnabled(this.node.version)) return;
    const inProgress = resizableContainers(this.allocated).some((c) => {
      const running = latestInstance(this.instances, c.name);
      return running?.state === 'running' && !sameCpuMemory(c.resources, running.resources);
    });
    const generation = this.pod.metadata?.generation ?? 0;
    const current = this.resizeConditions.inProgress;
    if (inProgress) {
      if (!current) this.resizeConditions.inProgress = resizeCondition(RESIZE_IN_PROGRESS, undefined, '', '', generation, this.node.api.timestamp());
      return;
    }
    if (!current) return;
    this.resizeConditions.inProgress = undefined;
    this.resizeEvent('Normal', 'ResizeCompleted', resizeEventMessage('Pod resize completed', this.allocated, current.observedGeneration ?? generation));
    this.node.resizeActuated();
  }

  /**
   * generateAPIPodStatus: the status manager keeps the generation a resize condition describes,
   * but the API shows it only with PodObservedGenerationTracking (beta from 1.34).
   */
  private apiResizeCondition(c: Condition): Condition {
    if (atLeast(this.node.version, '1.34')) return c;
    const { observedGeneration: _dropped, ...rest } = c;
    return rest;
  }

  /** The allocated spec of a container (its resources and resize policy). */
  private allocatedSpec(name: string): Container | undefined {
    return this.allocated.spec?.containers.find((c) => c.name === name) ?? this.allocated.spec?.initContainers?.find((c) => c.name === name);
  }

  /**
   * A mirror pod marked for deletion is not a pod to stop: the kubelet's next sync of its static
   * pod, which the update starts at once (HandlePodUpdates → SyncPod → tryReconcileMirrorPods),
   * deletes it with grace 0 (this uid only, mirror_client.go DeleteMirrorPod) and posts a new one
   * (here SystemWorkloads, src/sim/system/system-workloads.ts, on the DELETED event).
   */
  private replaceMirrorPod(): void {
    if (!this.node.online()) return; // down or cut off: nobody deletes it until the kubelet is back
    try {
      this.node.api.delete('Pod', this.namespace, this.name, { gracePeriodSeconds: 0, uid: this.uid });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
    }
  }

  /** The pod object is gone (force deletion, or our own final delete). */
  apiDeleted(): void {
    this.apiGone = true;
    if (this.stage === 'terminated') return this.node.forget(this);
    if (this.stage === 'syncing') this.requestTermination();
  }

  // ---- actions ---------------------------------------------------------------------------------

  /** The container's process exits with `code` (crashContainer). */
  crash(container: string, code: number): boolean {
    const inst = latestInstance(this.instances, container);
    if (inst?.state !== 'running') return false;
    this.containerExited(inst, code);
    return true;
  }

  /** The running container's file system, or undefined if it is not running. */
  containerFs(container: string): ContainerFs | undefined {
    const inst = latestInstance(this.instances, container);
    const spec = this.specOf(container);
    if (inst?.state !== 'running' || !spec) return undefined;
    return {
      api: this.node.api,
      volumeData: this.node.volumeData,
      pod: this.pod,
      container: spec,
      mounts: inst.mounts,
      node: this.node.name,
      podIP: this.sandbox?.ip,
      podVolume: (name) => {
        const volumes = (this.podVolumes ??= new Map());
        let files = volumes.get(name);
        if (!files) volumes.set(name, (files = new Map()));
        return files;
      },
      layer: () => (inst.layer ??= new Map()),
      // a subPath mount binds the file the container started with: later writes never reach it
      projected: (name, subPath) => (subPath ? inst.projectedAtStart : this.projected).get(name),
      managedWrites: () => (this.managedWrites ??= new Map()),
    };
  }

  readFile(container: string, path: string): string | undefined {
    const fs = this.containerFs(container);
    return fs && readContainerFile(fs, path);
  }

  writeFile(container: string, path: string, content: string): boolean {
    const fs = this.containerFs(container);
    if (!fs) return false;
    writeContainerFile(fs, path, content);
    return true;
  }

  /** The worker is done for good: everything it scheduled is dropped. */
  halt(): void {
    this.task?.cancel();
    this.timers.cancelAll();
    this.probes.removeAll();
  }

  /**
   * The machine goes down: processes die, the sandbox is no longer ready, and the kubelet's memory
   * (status cache, probe results, pending work) is gone. What is on disk stays: container
   * records and volumes, but not the pod's IP reservation (the IPAM state lives on a tmpfs, see
   * HostLocalIpam.reset) nor a memory-backed emptyDir.
   */
  powerOff(): void {
    this.halt();
    this.task = undefined;
    const now = this.timers.now();
    for (const i of this.instances) {
      if (i.state !== 'running') continue;
      i.state = 'exited';
      i.finishedAt = now;
      i.onExit = undefined;
      this.lost.push(i);
    }
    if (this.sandbox) this.sandbox = { ...this.sandbox, ready: false, ip: undefined };
    for (const v of this.pod.spec?.volumes ?? []) if (v.emptyDir?.medium === 'Memory') this.podVolumes?.delete(v.name);
    this.probes.reset();
    this.reasons = undefined;
    this.status.reset();
    this.pendingSync = this.dispatchScheduled = false;
    this.retryTimer = undefined;
    this.resyncFrom = undefined;
    this.deadlineSync = undefined;
    this.relistAt = Infinity;
    this.volumeWait = undefined;
    if (this.stage === 'terminating') this.enter('syncing');
  }

  /**
   * containerd starts again and finds the tasks of containers it had running gone: it marks them
   * exited with exit code 255, reason Unknown, finished now (internal/cri/server/restart.go
   * loadContainer: unknownExitCode, unknownExitReason).
   */
  runtimeRecovered(): void {
    const now = this.timers.now();
    for (const i of this.lost) {
      i.exitCode = 255;
      i.reason = 'Unknown';
      i.finishedAt = now;
    }
    this.lost = [];
  }

  /** The kubelet starts again and syncs the pod from what the runtime has. */
  powerOn(pod: Pod | undefined): void {
    if (!pod || pod.metadata?.uid !== this.uid) return this.apiDeleted();
    this.pod = pod;
    if (this.stage === 'terminated') return this.finishDeletion();
    this.requestSync();
  }

  /**
   * The kubelet can reach the API server again and relists: the pod as it is now (undefined if it
   * was deleted meanwhile). A deletion requested meanwhile starts termination with the pod's
   * grace period (the time since deletionTimestamp does not shorten it); a deletion the kubelet
   * could not send is sent now.
   */
  resync(pod: Pod | undefined): void {
    if (!pod || pod.metadata?.uid !== this.uid) return this.apiDeleted();
    this.update(pod);
    if (this.stage === 'terminated') this.finishDeletion();
  }

  /** The status manager's periodic sync: sends the status the API server missed. */
  flushStatus(): void {
    this.status.flush();
  }

  // ---- the pod worker loop ---------------------------------------------------------------------

  private requestSync(): void {
    if (this.stage !== 'syncing' || this.dispatchScheduled) return;
    this.dispatchScheduled = true;
    this.timers.after(0, () => {
      this.dispatchScheduled = false;
      this.dispatch();
    });
  }

  private requestTermination(): void {
    // the pod worker cancels the sync context: a volume wait ends at once
    this.volumeWait?.end();
    this.requestSync();
  }

  private dispatch(): void {
    if (this.stage !== 'syncing') return;
    if (this.task) {
      this.pendingSync = true;
      return;
    }
    this.timers.cancel(this.retryTimer);
    this.retryTimer = undefined;
    if (this.terminationRequested()) return this.startTermination();
    this.resyncFrom = undefined;
    this.task = runTask(this.timers, new SyncPod(this), this);
  }

  /**
   * The running task ended: a sync while the pod is syncing, its termination while it is
   * terminating (the stage changes only between tasks, or with a powerOff that cancels the task).
   */
  completed(value: SyncResult | undefined): void {
    if (this.stage === 'terminating') this.terminated();
    else this.syncDone(value!);
  }

  private terminationRequested(): boolean {
    return this.apiGone || !!this.pod.metadata?.deletionTimestamp;
  }

  private syncDone(r: SyncResult): void {
    this.task = undefined;
    if (r.kind === 'terminal' || this.terminationRequested()) return this.startTermination();
    if (this.pendingSync) {
      this.pendingSync = false;
      return this.dispatch();
    }
    this.scheduleRetry(r);
  }

  /**
   * pod_workers.go completeWork: after a failed sync, retry after wait.Jitter(10s, 0.5); from 1.35
   * a crash-loop back-off requeues the pod when it ends, at most a resync period away
   * (kubernetes#133066). A successful sync requeues the pod for its periodic resync (see
   * nextResync); any sync before then replaces the requeue (the work queue keeps one time per pod).
   */
  private scheduleRetry(r: SyncResult): void {
    if (r.kind === 'ok') {
      this.resyncFrom = this.timers.now();
      return this.scheduleResync();
    }
    if (r.kind === 'terminal') return;
    const now = this.timers.now();
    let at: number;
    if (r.kind === 'backoff' && r.until !== undefined && atLeast(this.node.version, '1.35')) {
      at = Math.min(Math.max(r.until, now), now + T.POD_RESYNC_MS);
    } else {
      at = now + T.POD_WORKER_BACKOFF_MS * (1 + T.POD_WORKER_JITTER_FACTOR * unitFraction(this.uid, 'retry', this.retries++));
    }
    this.requeueAt(at);
  }

  private requeueAt(at: number): void {
    this.timers.cancel(this.retryTimer);
    this.retryTimer = this.timers.at(this.node.nextSyncTick(at), () => {
      this.retryTimer = undefined;
      this.requestSync();
    });
  }

  /**
   * The periodic resync after a successful sync: wait.Jitter(syncFrequency, 0.5) later, at the
   * sync loop's next tick, and so on. A resync of a settled pod changes nothing but the contents of
   * its configMap and secret volumes, so it is not run on a timer (idle time stays free): the
   * chain of resync times is worked out when a source of such a volume changes, and only its next
   * link is run (volumeSourceChanged).
   */
  private nextResync(now: number): number {
    let t = this.resyncFrom!;
    do t = this.node.nextSyncTick(t + T.POD_RESYNC_MS * (1 + T.POD_WORKER_RESYNC_JITTER_FACTOR * unitFraction(this.uid, 'resync', this.resyncs++)));
    while (t <= now);
    this.resyncFrom = undefined;
    return t;
  }

  /**
   * A ConfigMap or Secret one of the pod's volumes projects changed. The kubelet's watch-based
   * cache has it at once (ConfigMapAndSecretChangeDetectionStrategy Watch), but the files change
   * only when the pod is next synced: at its periodic resync, or any sync before (pod update, PLEG
   * event, probe result). A pending retry syncs it anyway.
   */
  volumeSourceChanged(): void {
    this.projectedStale = true;
    this.scheduleResync();
  }

  private scheduleResync(): void {
    if (!this.projectedStale || this.stage !== 'syncing' || this.resyncFrom === undefined || this.retryTimer) return;
    this.requeueAt(this.nextResync(this.timers.now()));
  }

  /** A container changed state in the runtime: the next PLEG relist sees it and syncs the pod. */
  private plegChanged(): void {
    const at = this.node.nextRelist(this.timers.now());
    if (this.relistAt <= at && this.relistAt > this.timers.now()) return;
    this.relistAt = at;
    this.timers.at(at, () => {
      this.relistAt = Infinity;
      this.requestSync();
    });
  }

  // ---- SyncPod ---------------------------------------------------------------------------------

  /** The SyncPod task's steps (see SyncPod): the status, volumes, kills, sandbox, starts. */
  stepSync(t: SyncPod): Next<SyncResult> {
    switch (t.at) {
      case 'begin': {
        this.checkResizeProgress();
        const status = this.updateStatus(false, true);
        if (isTerminal(status.phase)) return result({ kind: 'terminal' });
        if (!volumeErrors(this.node.api, this.pod).volumes.length) return this.volumesReady(t);
        t.at = 'volumes';
        return waitFor((this.volumeWait = new VolumeWait(this.timers)));
      }
      case 'volumes':
        this.volumeWait = undefined;
        return this.volumesPolled() ? this.volumesReady(t) : result({ kind: 'error' });
      case 'killed':
        return this.killNext(t);
      case 'sandbox':
        return this.sandboxStarted() ? this.startContainers(t) : result({ kind: 'error' });
      case 'init':
        return result(t.called as SyncResult);
      case 'started':
        t.results.push(t.called as SyncResult);
        return this.startNext(t);
    }
  }

  /**
   * volumeManager.WaitForAttachAndMount. Its first poll is at once; the populator (a 100 ms loop)
   * then tries to add the pod's volumes, recording an error for each claim it cannot use, and the
   * next poll, 300 ms after the start, returns those errors: a Warning FailedMount, and the sync
   * fails (the pod worker retries after its 10-15 s back-off). Chosen: the verdict is the claims'
   * state at that poll; upstream it is their state when the populator ran, up to 200 ms earlier,
   * and if the populator happens to run before the first poll the failure comes at once
   * (unverified race). The 2m3s timeout, which records no event (wait.Interrupted, 1.28+), is not
   * reached: nothing else keeps a volume from mounting here. This is the second poll: true when
   * the volumes are ready.
   */
  private volumesPolled(): boolean {
    if (this.terminationRequested()) return false;
    const failed = volumeErrors(this.node.api, this.pod);
    if (!failed.volumes.length) return true;
    this.event(undefined, 'Warning', 'FailedMount', msg.failedMountMessage(failed.volumes, failed.volumes, failed.errors));
    return false;
  }

  private volumesReady(t: SyncPod): Next<SyncResult> {
    if (this.terminationRequested()) return result({ kind: 'ok' });
    this.writeProjectedVolumes();
    this.probes.addPod(this.pod);
    return this.runtimeSync(t);
  }

  /**
   * Each sync's WaitForAttachAndMount asks the volume manager to set configMap and secret volumes
   * up again (ReprocessPod, then the reconciler's remount): the files become the sources' current
   * data. Chosen: at the sync itself, not the reconciler's 100-200 ms later.
   */
  private writeProjectedVolumes(): void {
    let changed: Map<string, ReadonlyMap<string, string>> | undefined;
    for (const v of this.pod.spec?.volumes ?? []) {
      const filesOf = projection(this.pod, v, this.node.name);
      if (!filesOf) continue;
      const files = filesOf(this.node.api);
      const before = this.projected.get(v.name);
      if (before && sameFiles(before, files)) continue;
      (changed ??= new Map(this.projected)).set(v.name, sharedProjections.share(files));
    }
    this.projectedStale = false;
    if (!changed) return;
    this.projected = changed;
    this.node.contentChanged();
  }

  /** kuberuntime SyncPod: kills first, one after another, then the sandbox, then starts. */
  private runtimeSync(t: SyncPod): Next<SyncResult> {
    const plan = this.plan();
    if (plan.killPod) return result({ kind: 'terminal' });
    // doBackOff looks at the runtime's state from before this sync (not at containers it kills)
    t.exitedBefore = new Set(this.instances.filter((i) => i.state === 'exited').map((i) => i.id));
    t.plan = plan;
    return this.killNext(t);
  }

  private killNext(t: SyncPod): Next<SyncResult> {
    const plan = t.plan!;
    const k = plan.kill[t.index++];
    if (k) {
      t.at = 'killed';
      return call(new KillContainer(this, k.instance, k.message, k.graceSeconds));
    }
    this.resizeInPlace(plan.resize);
    if (!plan.createSandbox) return this.startContainers(t);
    this.sandboxStarting();
    t.at = 'sandbox';
    return waitFor(T.SANDBOX_START_MS);
  }

  private startContainers(t: SyncPod): Next<SyncResult> {
    const plan = t.plan!;
    if (plan.nextInit) {
      t.at = 'init';
      return call(new StartContainer(this, plan.nextInit, 'init', t.exitedBefore!));
    }
    t.index = 0;
    return this.startNext(t);
  }

  private startNext(t: SyncPod): Next<SyncResult> {
    const s = t.plan!.start[t.index++];
    if (!s) return result(combine(t.results));
    t.at = 'started';
    return call(new StartContainer(this, s.container, s.role, t.exitedBefore!));
  }

  /** computePodActions. */
  private plan(): Plan {
    const spec = this.pod.spec!;
    const plan: Plan = { createSandbox: !this.sandbox?.ready, start: [], kill: [], killPod: false, resize: [] };
    const deleting = !!this.pod.metadata?.deletionTimestamp;
    if (plan.createSandbox) {
      // a pod that must not restart gets no new sandbox once its containers ran
      if (this.sandbox && spec.restartPolicy === 'Never' && this.instances.length) {
        plan.killPod = true;
        return plan;
      }
      // a new sandbox starts from the first init container, or all regular containers that may run
      if (spec.initContainers?.length) plan.nextInit = spec.initContainers[0];
      else {
        plan.start = spec.containers
          .filter((c) => !(spec.restartPolicy === 'OnFailure' && latestInstance(this.instances, c.name)?.exitCode === 0))
          .map((container) => ({ container, role: 'regular' as const }));
      }
      return plan;
    }
    if (!this.planInit(plan, spec.initContainers ?? [])) return plan;
    let keep = 0;
    for (const c of spec.containers) {
      const latest = latestInstance(this.instances, c.name);
      if (latest?.state !== 'running') {
        if (shouldRestart(latest, spec.restartPolicy, deleting)) plan.start.push({ container: c, role: 'regular' });
        continue;
      }
      const cause = this.killCause(c, latest);
      if (!cause) {
        keep++;
        this.planResize(plan, c, latest, () => plan.start.push({ container: c, role: 'regular' }));
        continue;
      }
      const restart = cause === 'changed' || spec.restartPolicy !== 'Never';
      plan.kill.push({ instance: latest, message: msg.killReason(c.name, cause, restart), graceSeconds: this.killGrace(c, cause) });
      if (restart) plan.start.push({ container: c, role: 'regular' });
    }
    if (keep === 0 && plan.start.length === 0) plan.killPod = true;
    return plan;
  }

  /** Init containers one at a time, in order; true when initialization is done. */
  private planInit(plan: Plan, inits: readonly Container[]): boolean {
    const policy = this.pod.spec?.restartPolicy;
    for (const c of inits) {
      const latest = latestInstance(this.instances, c.name);
      if (isRestartableInit(c)) {
        if (!latest || latest.state !== 'running') {
          plan.nextInit = c;
          return false;
        }
        if (!this.probes.started(c.name, latest.id)) return false;
        // a sidecar restarted for its resize starts again at the next sync (it is then not running)
        this.planResize(plan, c, latest, () => undefined);
        continue;
      }
      if (!latest || latest.state === 'created') {
        plan.nextInit = c;
        return false;
      }
      if (latest.state === 'running') return false;
      if (latest.exitCode === 0) continue;
      if (policy === 'Never') plan.killPod = true;
      else plan.nextInit = c;
      return false;
    }
    return true;
  }

  /**
   * computePodResizeAction for a running container: nothing while its actuated resources match the
   * allocation; a kill and a new start when a changed resource's policy is RestartContainer; else
   * an in-place update.
   */
  private planResize(plan: Plan, c: Container, running: ContainerInstance, restart: () => void): void {
    const allocated = this.allocatedSpec(c.name);
    if (!resizeEnabled(this.node.version) || !allocated || sameCpuMemory(allocated.resources, running.resources)) return;
    if (!resizeNeedsRestart(allocated, running.resources)) {
      plan.resize.push(running);
      return;
    }
    plan.kill.push({ instance: running, message: msg.resizeRestartReason(c.name), graceSeconds: this.pod.spec?.terminationGracePeriodSeconds ?? 30 });
    restart();
  }

  /**
   * doPodResizeAction: the new cgroup values are written at once (chosen: no time passes), and the
   * pod's watch condition makes the next PLEG relist sync it, which sees the resize done.
   */
  private resizeInPlace(instances: readonly ContainerInstance[]): void {
    if (!instances.length) return;
    for (const inst of instances) inst.resources = structuredClone(this.allocatedSpec(inst.name)?.resources ?? {});
    this.plegChanged();
  }

  private killCause(c: Container, running: ContainerInstance): 'changed' | 'liveness' | 'startup' | undefined {
    // the very spec it was created from (status writes keep the pod's spec) needs no hashing
    if (c !== running.spec && containerSpecHash(c) !== running.specHash) return 'changed';
    if (this.probes.results.liveness.get(running.id) === 'failure') return 'liveness';
    if (this.probes.results.startup.get(running.id) === 'failure') return 'startup';
    return undefined;
  }

  /** A probe's terminationGracePeriodSeconds overrides the pod's for its kills (KEP-2238). */
  private killGrace(c: Container, cause: 'changed' | 'liveness' | 'startup'): number {
    const probe = cause === 'liveness' ? c.livenessProbe : cause === 'startup' ? c.startupProbe : undefined;
    return probe?.terminationGracePeriodSeconds ?? this.pod.spec?.terminationGracePeriodSeconds ?? 30;
  }

  /** createPodSandbox, before its wait: a sandbox that died (node restart) is killed and its IP released. */
  private sandboxStarting(): void {
    if (!this.sandbox) return;
    this.event(undefined, 'Normal', 'SandboxChanged', 'Pod sandbox changed, it will be killed and re-created.');
    this.releaseSandbox();
  }

  /** createPodSandbox, once the sandbox ran: its network; false when no IP is left. */
  private sandboxStarted(): boolean {
    const hostNetwork = !!this.pod.spec?.hostNetwork;
    const ip = hostNetwork ? this.node.hostIP : this.node.ipam.allocate();
    if (!ip) {
      const err = `rpc error: code = Unknown desc = failed to setup network for sandbox: plugin type="host-local" failed (add): ${this.node.ipam.exhaustedMessage()}`;
      this.event(undefined, 'Warning', 'FailedCreatePodSandBox', `Failed to create pod sandbox: ${err}`);
      return false;
    }
    this.sandbox = { id: hex64('sandbox', this.uid, this.sandboxAttempts++), ip, ready: true };
    if (atLeast(this.node.version, '1.36')) this.onPodSandboxReady();
    // the generic PLEG lists sandboxes too: the next relist syncs the pod again
    this.plegChanged();
    return true;
  }

  /**
   * RuntimeHelper.OnPodSandboxReady (kubernetes#134660, 1.36, KEP-3085): once the sandbox and its
   * network are up — before any image is pulled — the kubelet sets PodReadyToStartContainers=True
   * in the status it keeps (the rest of that status unchanged) and the status manager writes it.
   * Up to 1.35 the condition turned True only with the next sync's status, after the pulls and
   * starts of this one.
   */
  private onPodSandboxReady(): void {
    const previous = this.status.cached ?? (this.pod.status as ApiPodStatus | undefined);
    if (!previous) return;
    const generation = this.pod.metadata?.generation;
    const ready = {
      type: 'PodReadyToStartContainers',
      status: 'True',
      ...(atLeast(this.node.version, '1.34') && generation !== undefined ? { observedGeneration: generation } : {}),
      lastProbeTime: null,
    };
    const conditions = previous.conditions ?? [];
    const next = conditions.some((c) => c.type === ready.type)
      ? conditions.map((c) => (c.type === ready.type ? ready : c))
      : [...conditions, ready];
    this.status.set({ ...previous, conditions: next }, previous, this.timers.now());
  }

  /** A container waits for `reason` (shown in its status until it starts). */
  private setReason(container: string, reason: WaitingReason): void {
    (this.reasons ??= new Map()).set(container, reason);
  }

  /** The StartContainer task's steps (the `start` closure of SyncPod): back-off check, image, create, start. */
  stepStart(t: StartContainer): Next<SyncResult> {
    const { c } = t;
    switch (t.at) {
      case 'begin': {
        const backoff = this.crashLoopBackOff(c, t.exitedBefore);
        if (backoff) return result(backoff);
        t.at = 'image';
        return call(new EnsureImage(t, c));
      }
      case 'image': {
        const image = t.called as ImageResult;
        if (!image.ok) {
          this.event(c, 'Warning', 'Failed', `Error: ${image.reason}`);
          this.setReason(c.name, { reason: image.reason, message: image.message });
          return result(image.reason === 'ImagePullBackOff' ? { kind: 'backoff' } : { kind: 'error' });
        }
        // generateContainerConfig (kuberuntime startContainer): ErrCreateContainerConfig is no back-off
        // error, so pod_workers.go completeWork requeues the pod after wait.Jitter(10s, 0.5)
        const config = this.containerConfig(c);
        if (!config.ok) {
          this.event(c, 'Warning', 'Failed', `Error: ${config.message}`);
          this.setReason(c.name, { reason: CREATE_CONTAINER_CONFIG_ERROR, message: config.message });
          return result({ kind: 'error' });
        }
        t.config = config;
        t.at = 'created';
        return waitFor(T.CONTAINER_CREATE_MS);
      }
      case 'created':
        t.instance = this.containerCreated(c, t.role, t.config!);
        t.at = 'started';
        return waitFor(T.CONTAINER_START_MS);
      case 'started':
        this.containerStarted(c, t.instance!);
        return result({ kind: 'ok' });
    }
  }

  private containerCreated(c: Container, role: ContainerRole, { vars, hostname, mounts }: ContainerConfig & { ok: true }): ContainerInstance {
    const previous = latestInstance(this.instances, c.name);
    const inst: ContainerInstance = {
      name: c.name,
      role,
      id: hex64('container', this.uid, c.name, this.containersCreated++),
      attempt: previous ? previous.attempt + 1 : 0,
      spec: c,
      specHash: containerSpecHash(c),
      image: normalizeImage(c.image ?? ''),
      imageRef: imageId(c.image ?? ''),
      state: 'created',
      projectedAtStart: this.projected,
      resources: structuredClone(this.allocatedSpec(c.name)?.resources ?? {}),
      env: vars,
      hostname,
      mounts,
    };
    this.pruneDeadInstances(c.name);
    this.instances.push(inst);
    this.event(c, 'Normal', 'Created', msg.createdMessage(this.node.version, c.name));
    return inst;
  }

  private containerStarted(c: Container, inst: ContainerInstance): void {
    inst.state = 'running';
    inst.startedAt = this.timers.now();
    this.event(c, 'Normal', 'Started', msg.startedMessage(this.node.version, c.name));
    this.reasons?.delete(c.name);
    const model = processModel(expandedCommand(c, inst.env), processEnvironment(inst.env, inst.hostname));
    inst.process = model;
    if (model.exitAfterMs !== undefined) inst.exitTimer = this.timers.after(model.exitAfterMs, new ProcessExit(this, inst, model.exitCode));
    this.plegChanged();
  }

  /** What EnsureImage needs of the pod and node (the task is the context, for one container). */
  imageContext(): Pick<ImageContext, 'images' | 'version' | 'podUid'> {
    return { images: this.node.images, version: this.node.version, podUid: this.uid };
  }

  /**
   * GenerateRunContainerOptions as far as it is simulated: the environment, then the mounts
   * (subPathExpr is expanded with the environment), then what the process sees (the runtime adds
   * HOSTNAME: the sandbox's hostname, the node's for a hostNetwork pod).
   */
  private containerConfig(c: Container): ContainerConfig {
    const env = containerEnvironment(c, this.environmentSources());
    if (!env.ok) return env;
    const mounts = containerMounts(c, env.vars);
    if (!mounts.ok) return mounts;
    const hostname = this.pod.spec?.hostNetwork ? this.node.name : kernelHostname(this.pod);
    return { ok: true, vars: env.vars, hostname, mounts: mounts.mounts };
  }

  /**
   * What the kubelet's ConfigMap and Secret managers hold for the pod's namespace now: the default
   * change detection is Watch (kubelet config v1beta1 defaults.go), a cache with no TTL, so an
   * object is seen as soon as it is written (util/manager/watch_based_manager.go).
   */
  private environmentSources(): EnvironmentSources {
    const { api, name } = this.node;
    const namespace = this.pod.metadata?.namespace;
    return {
      pod: this.pod,
      podIP: this.sandbox?.ip,
      hostIP: this.node.hostIP,
      allocatable: allocatableOf(api, name),
      configMap: (cm) => {
        const found = api.get<{ data?: Record<string, string> }>('ConfigMap', namespace, cm);
        return found && (found.data ?? {});
      },
      secret: (secret) => {
        const found = api.get<{ data?: Record<string, string> }>('Secret', namespace, secret);
        return found && decodedSecretData(found.data);
      },
      // the kubelet's Service informer as the API server has it now, in one listing: service-env.ts
      // picks default/kubernetes and the pod's namespace's, whatever the order
      services: () => api.list<Service>('Service'),
    };
  }

  /**
   * Container garbage collection keeps the newest dead instance of each container (the one
   * lastState and the crash-loop back-off look at); older ones go, so a long crash loop costs
   * nothing more per restart.
   */
  private pruneDeadInstances(name: string): void {
    let keptDead = false;
    for (let i = this.instances.length - 1; i >= 0; i--) {
      const inst = this.instances[i]!;
      if (inst.name !== name || inst.state !== 'exited') continue;
      if (keptDead) this.instances.splice(i, 1);
      keptDead = true;
    }
  }

  /**
   * doBackOff: the newest exited instance of the container decides. Its first crash restarts at
   * once (and starts the back-off at 10s); later ones wait 10s, 20s, ... up to 5m.
   */
  private crashLoopBackOff(c: Container, exitedBefore: ReadonlySet<string>): SyncResult | undefined {
    const exited = [...this.instances].reverse().find((i) => i.name === c.name && exitedBefore.has(i.id));
    if (!exited) return undefined;
    const key = `${this.uid}_${c.name}_${containerSpecHash(c)}`;
    const cb = this.node.crashBackoff;
    const now = this.timers.now();
    if (cb.isInBackOffSince(key, exited.finishedAt!, now)) {
      this.event(c, 'Warning', 'BackOff', msg.crashBackOffEvent(c.name, this.pod));
      this.setReason(c.name, { reason: 'CrashLoopBackOff', message: msg.crashBackOffWaiting(cb.get(key), c.name, this.pod) });
      return { kind: 'backoff', until: cb.expiry(key, exited.finishedAt!) };
    }
    cb.next(key, exited.finishedAt!, now);
    return undefined;
  }

  /**
   * The KillContainer task's steps. killContainer: the Killing event, the preStop hook
   * (prestop-hook.ts) for at most the grace period, in a terminating pod with sidecars the wait for
   * this container's turn (termination-order.ts), then StopContainer with what is left of it, at
   * least minimumGracePeriodInSeconds: SIGTERM, and SIGKILL at the deadline for a process that
   * ignores it.
   */
  stepKill(t: KillContainer): Next<undefined> {
    const { inst } = t;
    switch (t.at) {
      case 'begin': {
        t.c = this.specOf(inst.name);
        this.event(t.c, 'Normal', 'Killing', t.message);
        const hook = t.c?.lifecycle?.preStop;
        if (!hook || t.grace <= 0 || inst.state !== 'running') return this.waitForTurn(t);
        t.at = 'hooked';
        return call(new PreStopHook(t, inst, hook, t.grace));
      }
      case 'hooked':
        t.grace -= t.called as number;
        return this.waitForTurn(t);
      case 'turn':
        t.grace -= Math.trunc(t.called as number);
        return this.stopContainer(t);
      case 'stopped':
        t.ordering?.containerTerminated(inst.name);
        return result(undefined);
    }
  }

  /** a sidecar waits for the regular containers and the later sidecars (termination-order.ts) */
  private waitForTurn(t: KillContainer): Next<undefined> {
    if (!t.ordering || t.grace <= 0) return this.stopContainer(t);
    t.at = 'turn';
    return call(t.ordering.waitForTurn(t.inst.name, t.grace, this.timers));
  }

  private stopContainer(t: KillContainer): Next<undefined> {
    const { inst } = t;
    const grace = Math.max(t.grace, T.MIN_GRACE_SECONDS);
    t.at = 'stopped';
    if (inst.state !== 'running') return this.stepKill(t);
    const model = this.processOf(inst, t.c);
    const onSigterm = !model.ignoresSigterm && T.SIGTERM_EXIT_MS < grace * 1000;
    return waitFor(new ContainerStop(this, inst, onSigterm ? T.SIGTERM_EXIT_MS : grace * 1000, onSigterm ? 0 : 137));
  }

  /**
   * What the instance's process does when killContainer signals it: the process it started, also
   * when the pod's container has changed since (an image update restarts the container by killing
   * the process still running the old image: a shell that ignores SIGTERM waits for SIGKILL).
   */
  private processOf(inst: ContainerInstance, c: Container | undefined): ProcessModel {
    if (inst.process) return inst.process;
    if (!c) return { ignoresSigterm: false, exitCode: 0 };
    return processModel(expandedCommand(c, inst.env), processEnvironment(inst.env, inst.hostname));
  }

  /** The process of a container exited (by itself, crashContainer, or killed). */
  containerExited(inst: ContainerInstance, code: number): void {
    if (inst.state !== 'running') return;
    this.timers.cancel(inst.exitTimer);
    inst.state = 'exited';
    inst.finishedAt = this.timers.now();
    inst.exitCode = code;
    inst.reason = exitReason(code);
    const waiters = inst.onExit ?? [];
    inst.onExit = undefined;
    for (const w of waiters) w.wake();
    this.plegChanged();
  }

  // ---- termination ------------------------------------------------------------------------------

  private startTermination(): void {
    this.enter('terminating');
    this.timers.cancel(this.retryTimer);
    this.task = runTask(this.timers, new Terminate(this), this);
  }

  /** The Terminate task's steps: SyncTerminatingPod then SyncTerminatedPod. */
  stepTerminate(t: Terminate): Next<undefined> {
    switch (t.at) {
      case 'begin': {
        const grace = this.pod.metadata?.deletionGracePeriodSeconds ?? this.pod.spec?.terminationGracePeriodSeconds ?? 30;
        this.updateStatus(false, false);
        this.probes.stopLivenessAndStartup();
        const running = this.instances.filter((i) => i.state === 'running');
        const ordering = TerminationOrdering.of(this.pod, running.map((i) => i.name));
        t.at = 'killed';
        return waitFor(new AllDone(this.timers, running.map((i) => new KillContainer(this, i, msg.stoppingMessage(i.name), grace, ordering))));
      }
      case 'killed':
        this.probes.removeAll();
        if (!this.sandbox?.ready) return this.terminatedPod();
        t.at = 'sandboxStopped';
        return waitFor(T.SANDBOX_STOP_MS);
      case 'sandboxStopped':
        this.releaseSandbox();
        return this.terminatedPod();
    }
  }

  private terminatedPod(): Step<undefined> {
    this.updateStatus(true, false);
    // SyncTerminatedPod generates the final status once more (a second DeadlineExceeded event)
    this.updateStatus(true, false);
    // volumes are unmounted; an emptyDir goes with the pod
    this.podVolumes = undefined;
    this.projected = NONE;
    return result(undefined);
  }

  private releaseSandbox(): void {
    if (!this.sandbox) return;
    if (!this.pod.spec?.hostNetwork && this.sandbox.ip) this.node.ipam.release(this.sandbox.ip);
    this.sandbox = { ...this.sandbox, ready: false };
  }

  private terminated(): void {
    this.enter('terminated');
    this.task = undefined;
    if (this.apiGone) return this.node.forget(this);
    this.finishDeletion();
  }

  /**
   * The status manager deletes a pod marked for deletion once nothing of it runs (grace 0, this
   * uid only); a cut-off kubelet does it when it can reach the API server again.
   */
  private finishDeletion(): void {
    if (!this.pod.metadata?.deletionTimestamp || this.apiGone || !this.node.online()) return;
    try {
      this.node.api.delete('Pod', this.namespace, this.name, { gracePeriodSeconds: 0, uid: this.uid });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
    }
  }

  // ---- status ------------------------------------------------------------------------------------

  /** generateAPIPodStatus + statusManager.SetPodStatus. */
  private updateStatus(podIsTerminal: boolean, fromSync: boolean): ApiPodStatus {
    const previous = this.status.cached ?? (this.pod.status as ApiPodStatus | undefined);
    const evicted = this.shouldEvict();
    if (podIsTerminal) this.resizeConditions = {};
    const generated = generatePodStatus({
      pod: this.pod,
      resize: resizeEnabled(this.node.version)
        ? { allocated: this.allocated, conditions: [this.resizeConditions.pending, this.resizeConditions.inProgress].filter((c): c is Condition => !!c).map((c) => this.apiResizeCondition(c)) }
        : undefined,
      version: this.node.version,
      hostIP: this.node.hostIP,
      sandbox: this.sandbox,
      instances: this.instances,
      reasons: this.reasons ?? NONE,
      probes: this.probes,
      previous,
      podIsTerminal,
      evicted,
      timestamp: (ms) => this.node.api.timestamp(ms),
    });
    const status = this.status.set(generated, previous, this.timers.now());
    this.armDeadlineSync();
    if (fromSync) this.probes.triggerReadiness(status.containerStatuses ?? []);
    this.probes.wakeAll();
    return status;
  }

  /**
   * activeDeadlineHandler.ShouldEvict, consulted by every generateAPIPodStatus: past the deadline
   * it records a Normal event (again at each call; the recorder counts the repeats) and fails the
   * pod.
   */
  private shouldEvict(): typeof DEADLINE_EXCEEDED | undefined {
    if (!pastActiveDeadline(this.pod, this.status.startTime(this.pod), this.timers.now())) return undefined;
    this.event(undefined, 'Normal', DEADLINE_EXCEEDED.reason, DEADLINE_EXCEEDED.message);
    return DEADLINE_EXCEEDED;
  }

  /**
   * activeDeadlineHandler.ShouldSync: the sync loop's 1 s ticker (kubelet.go syncLoop, syncTicker)
   * asks it about every pod, so a pod is synced at the first tick at or past its deadline, with no
   * event in between. The deadline moves when the status gets its start time or the (mutable)
   * activeDeadlineSeconds changes, both of which go through updateStatus.
   */
  private armDeadlineSync(): void {
    const deadline = activeDeadlineAt(this.pod, this.status.startTime(this.pod));
    const at = deadline === undefined || this.stage !== 'syncing' ? undefined : this.node.nextSyncTick(Math.max(deadline, this.timers.now()));
    if (at === this.deadlineSync?.at) return;
    this.timers.cancel(this.deadlineSync?.timer);
    this.deadlineSync = at === undefined ? undefined : { at, timer: this.timers.at(at, () => this.deadlineDue()) };
  }

  private deadlineDue(): void {
    this.deadlineSync = undefined;
    this.requestSync();
  }

  // ---- what the status manager and the probes read and report (StatusOwner, ProbeHost) ---------

  couldHaveRunningContainers(): boolean {
    return !!this.sandbox?.ready || this.instances.some((i) => i.state === 'running');
  }

  podInApi(): boolean {
    return !this.apiGone && this.node.online();
  }

  cachedStatus(): ApiPodStatus | undefined {
    return this.status.cached;
  }

  containerStartedAt(containerId: string): number | undefined {
    return this.instances.find((i) => i.id === containerId)?.startedAt;
  }

  podIP(): string | undefined {
    return this.sandbox?.ip;
  }

  probeFailed(container: string, message: string): void {
    this.event(this.specOf(container), 'Warning', 'Unhealthy', message);
  }

  /**
   * A probe result changed (kubelet syncLoopIteration): readiness and startup are written into the
   * status at once (SetContainerReadiness / SetContainerStartup), then the pod is synced; a
   * liveness failure only syncs the pod, which kills the container.
   */
  probeResultChanged(type: ProbeType, container: string, id: string, result: ProbeResult): void {
    if (type === 'liveness') {
      if (result === 'failure') this.requestSync();
      return;
    }
    const patch = type === 'readiness' ? { ready: result === 'success' } : { started: result === 'success' };
    if (this.status.patchContainer(this.pod, id, patch, this.timers.now())) this.probes.wakeAll();
    this.requestSync();
  }

  // ---- helpers -------------------------------------------------------------------------------------

  specOf(container: string): Container | undefined {
    return this.pod.spec?.containers.find((c) => c.name === container) ??
      this.pod.spec?.initContainers?.find((c) => c.name === container);
  }

  event(c: Container | undefined, type: EventType, reason: string, message: string): void {
    const isInit = !!c && !!this.pod.spec?.initContainers?.some((i) => i.name === c.name);
    const fieldPath = c ? `spec.${isInit ? 'initContainers' : 'containers'}{${c.name}}` : undefined;
    recordEvent(this.node.events, this.pod, type, reason, message, this.node.name, fieldPath);
  }
}

// ---- the pod worker's tasks ---------------------------------------------------------------------
// Each holds where its work stands between waits, as plain data; the worker does the steps.

type SyncStep = 'begin' | 'volumes' | 'killed' | 'sandbox' | 'init' | 'started';

/** SyncPod: the status, the volumes, then kuberuntime's SyncPod (kills, sandbox, starts). */
class SyncPod extends CompositeTask<SyncResult> {
  at: SyncStep = 'begin';
  plan: Plan | undefined;
  /** the ids of the containers that had exited when the sync began */
  exitedBefore: ReadonlySet<string> | undefined;
  /** the kill or start the sync is at */
  index = 0;
  results: SyncResult[] = [];

  constructor(private readonly worker: PodWorker) {
    super();
  }

  protected step(): Next<SyncResult> {
    return this.worker.stepSync(this);
  }
}

/** The sync's wait for volumes: the second poll, or the pod worker cancelling the sync. */
class VolumeWait implements Signal {
  private resume: Resume | undefined;
  private timer: TimerHandle | undefined;

  constructor(private readonly timers: Timers) {}

  arm(resume: Resume): void {
    this.resume = resume;
    this.timer = this.timers.after(T.VOLUME_POLL_MS, resume);
  }

  end(): void {
    this.timers.cancel(this.timer);
    this.resume?.wake();
  }
}

type StartStep = 'begin' | 'image' | 'created' | 'started';

/** startContainer, for one container; it is EnsureImage's context (its events name the container). */
class StartContainer extends CompositeTask<SyncResult> implements ImageContext {
  at: StartStep = 'begin';
  config: (ContainerConfig & { ok: true }) | undefined;
  instance: ContainerInstance | undefined;
  readonly images: ImageService;
  readonly version: KubeVersion;
  readonly podUid: string;

  constructor(
    private readonly worker: PodWorker,
    readonly c: Container,
    readonly role: ContainerRole,
    readonly exitedBefore: ReadonlySet<string>,
  ) {
    super();
    ({ images: this.images, version: this.version, podUid: this.podUid } = worker.imageContext());
  }

  now(): number {
    return this.worker.timers.now();
  }

  event(type: EventType, reason: string, message: string): void {
    this.worker.event(this.c, type, reason, message);
  }

  protected step(): Next<SyncResult> {
    return this.worker.stepStart(this);
  }
}

type KillStep = 'begin' | 'hooked' | 'turn' | 'stopped';

/** killContainer, for one container instance; it is its preStop hook's context. */
class KillContainer extends CompositeTask<undefined> implements HookContext {
  at: KillStep = 'begin';
  /** the container's spec, when the pod still has it */
  c: Container | undefined;
  /** what is left of the grace period, in seconds */
  grace: number;

  constructor(
    private readonly worker: PodWorker,
    readonly inst: ContainerInstance,
    readonly message: string,
    graceSeconds: number,
    readonly ordering?: TerminationOrdering,
  ) {
    super();
    this.grace = graceSeconds;
  }

  get timers(): Timers {
    return this.worker.timers;
  }

  get version(): KubeVersion {
    return this.worker.version;
  }

  failed(): void {
    this.worker.event(this.c, 'Warning', FAILED_PRE_STOP_HOOK, PRE_STOP_HOOK_FAILED);
  }

  protected step(): Next<undefined> {
    return this.worker.stepKill(this);
  }
}

/** StopContainer's wait: the process exits, on SIGTERM or at the SIGKILL deadline. */
class ContainerStop implements Signal {
  constructor(
    private readonly worker: PodWorker,
    private readonly inst: ContainerInstance,
    private readonly afterMs: number,
    private readonly exitCode: number,
  ) {}

  arm(resume: Resume): void {
    (this.inst.onExit ??= []).push(resume);
    this.worker.timers.after(this.afterMs, new ProcessExit(this.worker, this.inst, this.exitCode));
  }
}

/** A container's process exits with `code` (a timer: its own end, or a signal's). */
class ProcessExit implements Runnable {
  constructor(
    private readonly worker: PodWorker,
    private readonly inst: ContainerInstance,
    private readonly code: number,
  ) {}

  run(): void {
    this.worker.containerExited(this.inst, this.code);
  }
}

type TerminateStep = 'begin' | 'killed' | 'sandboxStopped';

/** SyncTerminatingPod then SyncTerminatedPod. */
class Terminate extends CompositeTask<undefined> {
  at: TerminateStep = 'begin';

  constructor(private readonly worker: PodWorker) {
    super();
  }

  protected step(): Next<undefined> {
    return this.worker.stepTerminate(this);
  }
}

/**
 * Kubelet events name the container in involvedObject.fieldPath, which keeps identical messages of
 * two containers apart (EventCorrelator's key includes it).
 */
export function recordEvent(events: EventSink, obj: Pod, type: EventType, reason: string, message: string, host: string, fieldPath?: string): void {
  events.record(obj as unknown as KObject, type, reason, message, 'kubelet', host, fieldPath);
}

/** The sync's result: an error wins; only back-offs keep the earliest crash-loop expiry. */
function combine(results: SyncResult[]): SyncResult {
  if (results.some((r) => r.kind === 'error')) return { kind: 'error' };
  const backoffs = results.filter((r): r is { kind: 'backoff'; until?: number } => r.kind === 'backoff');
  if (!backoffs.length) return { kind: 'ok' };
  const untils = backoffs.map((b) => b.until).filter((u): u is number => u !== undefined);
  return untils.length === backoffs.length ? { kind: 'backoff', until: Math.min(...untils) } : { kind: 'backoff' };
}

/** The same paths with the same contents, in whatever order. */
function sameFiles(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [path, content] of a) if (b.get(path) !== content) return false;
  return true;
}

/**
 * pkg/kubelet/config/config.go podsDifferSemantically: a change of labels or annotations is a pod
 * UPDATE for the kubelet (a sync, which rewrites downwardAPI volume files), not just a reconcile.
 */
function metadataChanged(old: Pod, pod: Pod): boolean {
  return !deepEqual(old.metadata?.labels ?? {}, pod.metadata?.labels ?? {}) || !deepEqual(old.metadata?.annotations ?? {}, pod.metadata?.annotations ?? {});
}
