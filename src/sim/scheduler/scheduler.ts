/**
 * kube-scheduler with the default profile, as a simulator component. Watches pods, nodes and the
 * objects plugins read; schedules pending pods of schedulerName default-scheduler one at a time in
 * queue order; binds them (through VolumeBinding's PreBind when volumes need it) or records why
 * they cannot run (FailedScheduling event, PodScheduled=False) and retries them on cluster events.
 *
 * Timing: a pod is scheduled at the virtual instant it becomes ready (after the writes of that
 * instant), and bound in the same instant. A real scheduler takes a few milliseconds per pod;
 * history timestamps have second precision, and scheduling in the same instant keeps the order of
 * events deterministic and independent of cluster size.
 */
import type { Node, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1';
import { ApiError } from '../../errors';
import type { KObject } from '../../kube/object';
import type { KubeVersion } from '../../kube/version';
import { EPOCH_MS, type ApiServer, type WatchEvent } from '../apiserver/store';
import type { Clock } from '../clock';
import type { Component, SimContext } from '../context';
import type { EventRecorder } from '../events';
import { bindPod, patchSchedulingStatus, writeVolumeDecisions } from './binding';
import { ClusterCache } from './cache';
import { DEFAULT_SCHEDULER, EVENT_NOTE_LIMIT } from './constants';

/** kind's control-plane container hostname, where kube-scheduler runs (hostNetwork). */
const SCHEDULER_HOST = 'kind-control-plane';
/** its Events' reportingInstance, `<controller>-<hostname>`: one string, not one per Event */
const REPORTING_INSTANCE = `${DEFAULT_SCHEDULER}-${SCHEDULER_HOST}`;
import { SchedulingAlgorithm, type CycleResult } from './cycle';
import { schedulerFeatures, type SchedulerFeatures } from './features';
import { fitErrorMessage } from './fit-error';
import type { CycleContext } from './framework';
import { eventMayHelp, nodeSchedulingChanged, scaledDown, type ClusterEvent } from './hints';
import { newPodInfo, type PodInfo } from './pod-info';
import { VOLUME_BINDING, type VolumeBindingPrepared } from './plugins/volume-binding';
import { Preemptor, type Candidate, type Pdb } from './preemption';
import { SchedulingQueue, type QueuedPod } from './queue';
import { VolumeBindingWaits } from './volume-wait';
import { WorkloadIndex } from './workloads';

/** Kinds the scheduler learns from besides pods and nodes. */
const STORAGE_KINDS = new Set(['PersistentVolumeClaim', 'PersistentVolume', 'StorageClass']);

interface Failure {
  message: string;
  plugins: ReadonlySet<string>;
  reason: 'Unschedulable' | 'SchedulerError';
  /** new status.nominatedNodeName ("" clears), undefined to leave it */
  nominated: string | undefined;
}

export class Scheduler implements Component {
  private api!: ApiServer;
  private clock!: Clock;
  private events!: EventRecorder;
  private version!: KubeVersion;
  private features!: SchedulerFeatures;
  private queue!: SchedulingQueue;
  private algorithm!: SchedulingAlgorithm;
  private preemptor!: Preemptor;
  private waits!: VolumeBindingWaits;
  private readonly cache = new ClusterCache();
  private readonly workloads = new WorkloadIndex();
  private readonly infos = new WeakMap<Pod, PodInfo>();
  private drainScheduled = false;
  /** cluster events seen while a pod is being scheduled (the queue's in-flight events) */
  private inflight: ClusterEvent[] | undefined;

  start(ctx: SimContext): void {
    this.api = ctx.api;
    this.clock = ctx.clock;
    this.events = ctx.events;
    this.version = ctx.config.version;
    this.features = schedulerFeatures(this.version);
    this.queue = new SchedulingQueue(ctx.clock, this.features.popFromBackoffQ, () => this.scheduleSoon());
    this.algorithm = new SchedulingAlgorithm(ctx.rng);
    this.preemptor = new Preemptor((ns) => this.api.list<Pdb>('PodDisruptionBudget', ns), () => EPOCH_MS + this.clock.now());
    this.waits = new VolumeBindingWaits(ctx.api, ctx.clock);
    ctx.api.watch((ev) => this.onWatch(ev), ['Pod', 'Node', 'Namespace', ...WorkloadIndex.KINDS, ...STORAGE_KINDS]);
    for (const kind of ['Namespace', 'Node', 'Service', 'ReplicaSet', 'StatefulSet', 'ReplicationController', 'Pod']) {
      for (const object of ctx.api.list(kind)) this.onWatch({ type: 'ADDED', object });
    }
  }

  // ---- informers ------------------------------------------------------------------------------


  /**
   * kube-scheduler records through the events.k8s.io/v1 recorder (client-go tools/events) with
   * reportingController = the profile's scheduler name and reportingInstance =
   * `<controller>-<hostname>`; on kind the scheduler runs on the host `kind-control-plane`.
   */
  private event(obj: KObject, type: 'Normal' | 'Warning', reason: string, action: string, note: string): void {
    this.events.recordSeries(obj, type, reason, action, note, DEFAULT_SCHEDULER, REPORTING_INSTANCE);
  }
  private onWatch(ev: WatchEvent): void {
    const obj = ev.object;
    switch (obj.kind) {
      case 'Pod':
        return this.onPod(ev);
      case 'Node':
        return this.onNode(ev);
      case 'Namespace':
        return this.cache.setNamespace(ev.type === 'DELETED' ? undefined : obj, obj.metadata.name);
      default:
        if (WorkloadIndex.watches(obj.kind)) this.workloads.set(obj, ev.type === 'DELETED');
        if (STORAGE_KINDS.has(obj.kind) && ev.type !== 'DELETED') this.onStorage(obj);
    }
  }

  private onNode(ev: WatchEvent): void {
    const node = ev.object as unknown as Node;
    if (ev.type === 'DELETED') {
      this.cache.removeNode(node.metadata!.name!);
      return;
    }
    this.cache.upsertNode(node);
    if (ev.type === 'ADDED') this.emit({ kind: 'NodeAdd', node });
    else if (ev.old && nodeSchedulingChanged(ev.old as unknown as Node, node)) this.emit({ kind: 'NodeUpdate', old: ev.old as unknown as Node, node });
  }

  private onStorage(obj: KObject): void {
    this.waits.storageChanged();
    if (obj.kind === 'PersistentVolumeClaim') this.emit({ kind: 'PvcChange', pvc: obj as unknown as PersistentVolumeClaim });
    else if (obj.kind === 'PersistentVolume') this.emit({ kind: 'PvChange' });
    else this.emit({ kind: 'StorageClassChange' });
  }

  private onPod(ev: WatchEvent): void {
    const pod = ev.object as unknown as Pod;
    const uid = pod.metadata!.uid!;
    if (ev.type === 'DELETED') return this.podGone(uid);
    const phase = pod.status?.phase;
    const terminal = phase === 'Succeeded' || phase === 'Failed';
    if (pod.spec?.nodeName) {
      this.queue.delete(uid);
      if (terminal) return this.podGone(uid);
      this.assignedPodChanged(pod);
      return;
    }
    if ((pod.spec?.schedulerName ?? DEFAULT_SCHEDULER) !== DEFAULT_SCHEDULER || terminal) {
      this.queue.delete(uid);
      return;
    }
    if (this.cache.isAssumed(uid)) return; // our own status writes while it is being bound
    const queued = this.queue.get(uid);
    if (!queued && pod.metadata?.deletionTimestamp) return; // skipped once already (skipPodSchedule)
    if (ev.type === 'ADDED' || !queued) this.queue.add(pod);
    else this.queue.update(pod, schedulingRelevantChange(ev.old as unknown as Pod | undefined, pod));
  }

  /** A bound pod appeared or changed (the assigned-pod informer: cache AddPod/UpdatePod). */
  private assignedPodChanged(pod: Pod): void {
    const uid = pod.metadata!.uid!;
    const before = this.cache.podInfo(uid);
    const wasAssumed = this.cache.isAssumed(uid);
    this.cache.setAssignedPod(pod);
    const after = this.cache.podInfo(uid)!;
    if (!before || wasAssumed) this.emit({ kind: 'AssignedPodAdd', pod: after });
    else if (before !== after) {
      const labelsChanged = !sameLabels(before, after);
      const fell = scaledDown(before.requests, after.requests);
      if (labelsChanged || fell) this.emit({ kind: 'AssignedPodUpdate', old: before, pod: after, labelsChanged, scaledDown: fell });
    }
  }

  /** A pod left for good (deleted, or terminal): out of the queue, the cache and any binding wait. */
  private podGone(uid: string): void {
    this.queue.delete(uid);
    this.waits.cancel(uid);
    const info = this.cache.podInfo(uid);
    this.cache.removePod(uid);
    if (info) this.emit({ kind: 'AssignedPodDelete', pod: info });
  }

  /** MoveAllToActiveOrBackoffQueue with queueing hints. */
  private emit(ev: ClusterEvent): void {
    this.inflight?.push(ev);
    this.queue.moveIfHelped((qp) => eventMayHelp(this.infoOf(qp.pod), qp.unschedulablePlugins, ev));
  }

  private infoOf(pod: Pod): PodInfo {
    let info = this.infos.get(pod);
    if (!info) this.infos.set(pod, (info = newPodInfo(pod)));
    return info;
  }

  // ---- scheduling -----------------------------------------------------------------------------

  private scheduleSoon(): void {
    if (this.drainScheduled) return;
    this.drainScheduled = true;
    this.clock.after(0, () => {
      this.drainScheduled = false;
      for (let qp = this.queue.pop(); qp; qp = this.queue.pop()) this.scheduleOne(qp);
    });
  }

  private context(info: PodInfo): CycleContext {
    return {
      pod: info,
      cache: this.cache,
      workloads: this.workloads,
      api: this.api,
      version: this.version,
      features: this.features,
      allNodes: this.cache.nodeList(),
    };
  }

  /** ScheduleOne: a scheduling cycle, then either the binding cycle or the failure handler. */
  private scheduleOne(qp: QueuedPod): void {
    const pod = qp.pod;
    if (pod.metadata?.deletionTimestamp) {
      this.queue.done(qp.uid);
      this.event(pod as unknown as KObject, 'Warning', 'FailedScheduling', 'Scheduling', `skip schedule deleting pod: ${pod.metadata.namespace}/${pod.metadata.name}`);
      return;
    }
    const info = this.infoOf(pod);
    const ctx = this.context(info);
    this.inflight = [];
    const result = this.algorithm.schedule(ctx);
    if (result.kind === 'scheduled') {
      this.inflight = undefined;
      this.bindingCycle(qp, info, result);
      return;
    }
    const failure = this.explain(ctx, result);
    const helped = this.inflight.some((ev) => failure.plugins.size > 0 && eventMayHelp(info, failure.plugins, ev));
    this.inflight = undefined;
    this.queue.failed(qp, failure.plugins, helped);
    this.recordFailure(pod, failure);
  }

  /** The FitError message with its PostFilter part (DynamicResources, then DefaultPreemption). */
  private explain(ctx: CycleContext, result: Exclude<CycleResult, { kind: 'scheduled' }>): Failure {
    if (result.kind === 'noNodes') {
      return { message: 'no nodes available to schedule pods', plugins: new Set(), reason: 'Unschedulable', nominated: '' };
    }
    const d = result.diagnosis;
    const base = { plugins: d.unschedulablePlugins, reason: 'Unschedulable' as const };
    // DynamicResources' PreFilter never ran when an earlier PreFilter rejected the pod, so its
    // PostFilter fails reading its state ("not found") and preemption is not tried.
    if (this.features.dynamicResources && result.preFilterRejected) {
      return { ...base, message: fitErrorMessage(d, 'not found'), nominated: undefined };
    }
    const outcome = this.preemptor.preempt(ctx, d, result.filters);
    if (outcome.kind === 'candidate') {
      const { node, victims } = outcome.candidate;
      this.prepareCandidate(ctx.pod, outcome.candidate);
      // RunPostFilterPlugins returns the first success as it is, so DynamicResources' "no new
      // claims to deallocate" is not part of it.
      const post = this.features.preemptionPlacementMessage
        ? `preemption: found a potential placement for pod on node ${node.name}, preempting ${victims.length} victims`
        : undefined;
      return { ...base, message: fitErrorMessage(d, post), nominated: node.name };
    }
    const post = this.features.noClaimsToDeallocateReason ? `no new claims to deallocate, ${outcome.message}` : outcome.message;
    return { ...base, message: fitErrorMessage(d, post), nominated: '' };
  }

  /**
   * prepareCandidate: each victim gets DisruptionTarget=True (PreemptionByScheduler), a Preempted
   * event, and a graceful delete.
   */
  private prepareCandidate(preemptor: PodInfo, c: Candidate): void {
    const schedulerName = preemptor.pod.spec?.schedulerName ?? DEFAULT_SCHEDULER;
    for (const v of c.victims) {
      const current = this.api.get<Pod>('Pod', v.namespace, v.name);
      if (!current || current.metadata?.uid !== v.uid) continue;
      patchSchedulingStatus(this.api, current, {
        type: 'DisruptionTarget',
        status: 'True',
        reason: 'PreemptionByScheduler',
        message: `${schedulerName}: preempting to accommodate a higher priority pod`,
      }, undefined, this.api.timestamp());
      this.event(current as unknown as KObject, 'Normal', 'Preempted', 'Preempting', `Preempted by pod ${preemptor.uid} on node ${c.node.name}`);
      try {
        this.api.delete('Pod', v.namespace, v.name, { uid: v.uid });
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
      }
    }
  }

  /** handleSchedulingFailure: FailedScheduling event and PodScheduled=False with the message. */
  private recordFailure(pod: Pod, f: Failure): void {
    const current = this.api.get<Pod>('Pod', pod.metadata!.namespace, pod.metadata!.name!);
    if (!current || current.metadata?.uid !== pod.metadata?.uid) return;
    const note = f.message.length > EVENT_NOTE_LIMIT ? `${f.message.slice(0, EVENT_NOTE_LIMIT - 4)} ...` : f.message;
    this.event(current as unknown as KObject, 'Warning', 'FailedScheduling', 'Scheduling', note);
    patchSchedulingStatus(this.api, current, {
      type: 'PodScheduled',
      status: 'False',
      reason: f.reason,
      message: f.message,
      observedGeneration: this.features.conditionObservedGeneration ? current.metadata?.generation : undefined,
    }, f.nominated, this.api.timestamp());
  }

  // ---- binding --------------------------------------------------------------------------------

  /** assume, Reserve (volume decision), then PreBind (volume writes and wait) and Bind. */
  private bindingCycle(qp: QueuedPod, info: PodInfo, result: Extract<CycleResult, { kind: 'scheduled' }>): void {
    const node = result.node;
    this.cache.assume(info, node.name);
    this.queue.done(qp.uid);
    const volumes = result.filters.find((f) => f.plugin === VOLUME_BINDING)?.prepared as VolumeBindingPrepared | undefined;
    const decision = volumes?.decision(node.name);
    if (!decision || (!decision.staticBindings.length && !decision.provisions.length)) {
      this.bind(qp, node.name);
      return;
    }
    if (this.features.nominatedNodeNameForExpectation) patchSchedulingStatus(this.api, qp.pod, undefined, node.name, this.api.timestamp());
    try {
      writeVolumeDecisions(this.api, decision.staticBindings, decision.provisions, node.name);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      this.bindingFailed(qp, `running PreBind plugin "VolumeBinding": ${err.message}`);
      return;
    }
    this.waits.start(qp.uid, node.name, node.labels, decision, (error) => {
      if (error) this.bindingFailed(qp, `running PreBind plugin "VolumeBinding": binding volumes: ${error}`);
      else this.bind(qp, node.name);
    });
  }

  private bind(qp: QueuedPod, node: string): void {
    const pod = this.api.get<Pod>('Pod', qp.pod.metadata!.namespace, qp.pod.metadata!.name!);
    if (!pod || pod.metadata?.uid !== qp.uid) {
      this.cache.forget(qp.uid);
      return;
    }
    try {
      bindPod(this.api, pod, node);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      this.bindingFailed(qp, `running Bind plugin "DefaultBinder": ${err.message}`);
      return;
    }
    const bound = this.api.get<Pod>('Pod', pod.metadata!.namespace, pod.metadata!.name!) ?? pod;
    this.event(bound as unknown as KObject, 'Normal', 'Scheduled', 'Binding', `Successfully assigned ${pod.metadata!.namespace}/${pod.metadata!.name} to ${node}`);
  }

  /** handleBindingCycleError: forget the assumed pod, let others use its room, retry it after backoff. */
  private bindingFailed(qp: QueuedPod, message: string): void {
    const info = this.cache.podInfo(qp.uid);
    this.cache.forget(qp.uid);
    if (info) this.emit({ kind: 'AssignedPodDelete', pod: info });
    const pod = this.api.get<Pod>('Pod', qp.pod.metadata!.namespace, qp.pod.metadata!.name!);
    if (!pod || pod.metadata?.uid !== qp.uid || pod.spec?.nodeName) return;
    qp.pod = pod;
    this.queue.returnAfterError(qp);
    this.recordFailure(pod, { message, plugins: new Set(), reason: 'SchedulerError', nominated: '' });
  }
}

function sameLabels(a: PodInfo, b: PodInfo): boolean {
  const ka = Object.keys(a.labels);
  return ka.length === Object.keys(b.labels).length && ka.every((k) => a.labels[k] === b.labels[k]);
}

/** isPodUpdated: anything but status, resourceVersion and generation changed. */
function schedulingRelevantChange(old: Pod | undefined, pod: Pod): boolean {
  if (!old) return true;
  const strip = (p: Pod) => JSON.stringify({ ...p, status: undefined, metadata: { ...p.metadata, resourceVersion: undefined, generation: undefined, managedFields: undefined } });
  return strip(old) !== strip(pod);
}
