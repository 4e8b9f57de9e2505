/**
 * The StatefulSet controller (pkg/controller/statefulset/stateful_set.go): watches StatefulSets,
 * their pods and ControllerRevisions, and reconciles one set per work-queue key. Like upstream it
 * has no PersistentVolumeClaim handler ("TODO: Watch volumes"): claims are read when a set syncs.
 */
import { deepEqual } from '../../../kube/equal';
import { labelSelectorMatches } from '../../../kube/labels';
import { controllerRef, type KObject } from '../../../kube/object';
import type { OwnerReference } from 'kubernetes-types/meta/v1';
import type { WatchEvent } from '../../apiserver/store';
import type { Component, SimContext } from '../../context';
import { WorkQueue } from '../../workqueue';
import { StatefulSetControl } from './control';
import type { StatefulSetFeatureGates } from './features';
import { History } from './history';
import { replicasOf } from './identity';
import { OrphanIndex } from '../shared/orphan-index';
import { PodClaimer, adoptOrphanRevisions } from './ownership';
import { StatefulPodControl } from './pod-control';
import { isPodReady, nextAvailabilityCheckMs } from '../../../kube/pod-state';
import { readyPodRequeueMs } from '../shared/availability-requeue';
import { atLeast } from '../../../kube/version';
import type { PodObj, StatefulSetObj } from './types';
import { queueKey, splitQueueKey } from '../shared/queue-key';
import { ownersSelecting, resolveControllerRef } from '../shared/owner-lookup';

export interface StatefulSetControllerOptions {
  /** Feature gates of the emulated cluster (see features.ts for the defaults). */
  featureGates?: StatefulSetFeatureGates;
}

export class StatefulSetController implements Component {
  private ctx!: SimContext;
  private queue!: WorkQueue;
  private control!: StatefulSetControl;
  private claimer!: PodClaimer;
  private history!: History;
  private readonly orphanPods = new OrphanIndex('Pod');
  private readonly orphanRevisions = new OrphanIndex('ControllerRevision');

  constructor(private readonly options: StatefulSetControllerOptions = {}) {}

  start(ctx: SimContext): void {
    this.ctx = ctx;
    this.queue = new WorkQueue(ctx.clock, (key) => this.sync(key));
    this.history = new History(ctx.api, this.orphanRevisions);
    this.claimer = new PodClaimer(ctx.api, this.orphanPods);
    const podControl = new StatefulPodControl(ctx.api, ctx.events);
    this.control = new StatefulSetControl(ctx.api, podControl, this.history, ctx.config.version, this.options.featureGates ?? {});
    ctx.api.watch((ev) => this.onEvent(ev), ['StatefulSet', 'ControllerRevision', 'Pod']);
  }

  // ---- watch handlers: only enqueue ------------------------------------------------------------

  private onEvent(ev: WatchEvent): void {
    switch (ev.object.kind) {
      case 'StatefulSet':
        this.enqueue(ev.object);
        return;
      case 'ControllerRevision':
        this.orphanRevisions.observe(ev.type, ev.object);
        return;
      case 'Pod':
        this.orphanPods.observe(ev.type, ev.object);
        if (ev.type === 'ADDED') this.addPod(ev.object as PodObj);
        else if (ev.type === 'MODIFIED') this.updatePod(ev.old as PodObj, ev.object as PodObj);
        else this.deletePod(ev.object as PodObj);
    }
  }

  /** addPod: a pod already being deleted counts as a deletion; an orphan wakes every set that selects it. */
  private addPod(pod: PodObj): void {
    if (pod.metadata.deletionTimestamp) return this.deletePod(pod);
    const ref = controllerRef(pod);
    if (ref) {
      const set = this.resolve(pod.metadata.namespace, ref);
      if (set) this.enqueue(set);
      return;
    }
    for (const set of this.setsSelecting(pod)) this.enqueue(set);
  }

  /**
   * updatePod: wake the old and the new controller; a pod turning Ready under minReadySeconds
   * also wakes its set when it may have become available: minReadySeconds later, up to 1.35 one
   * second more (readyPodRequeueMs). An orphan whose labels or controller changed wakes the
   * sets that select it.
   */
  private updatePod(old: PodObj, cur: PodObj): void {
    const curRef = controllerRef(cur);
    const oldRef = controllerRef(old);
    const refChanged = !deepEqual(curRef, oldRef);
    if (refChanged && oldRef) {
      const oldSet = this.resolve(old.metadata.namespace, oldRef);
      if (oldSet) this.enqueue(oldSet);
    }
    if (curRef) {
      const set = this.resolve(cur.metadata.namespace, curRef);
      if (!set) return;
      this.enqueue(set);
      const minReady = set.spec.minReadySeconds ?? 0;
      const addSecond = !atLeast(this.ctx.config.version, '1.36');
      if (!isPodReady(old) && isPodReady(cur) && minReady > 0) this.enqueueAfter(set, readyPodRequeueMs(minReady, addSecond));
      return;
    }
    if (refChanged || !deepEqual(cur.metadata.labels, old.metadata.labels)) {
      for (const set of this.setsSelecting(cur)) this.enqueue(set);
    }
  }

  /** deletePod: only a controlled pod's deletion matters. */
  private deletePod(pod: PodObj): void {
    const ref = controllerRef(pod);
    if (!ref) return;
    const set = this.resolve(pod.metadata.namespace, ref);
    if (set) this.enqueue(set);
  }

  /** resolveControllerRef: by kind and name, then the uid must agree. */
  private resolve(namespace: string | undefined, ref: OwnerReference): StatefulSetObj | undefined {
    return resolveControllerRef<StatefulSetObj>(this.ctx.api, 'StatefulSet', namespace, ref);
  }

  /** GetPodStatefulSets: sets in the pod's namespace whose non-empty selector matches it. */
  private setsSelecting(pod: PodObj): StatefulSetObj[] {
    return ownersSelecting<StatefulSetObj>(this.ctx.api, 'StatefulSet', pod);
  }

  private enqueue(set: KObject): void {
    this.queue.add(queueKey(set));
  }

  private enqueueAfter(set: KObject, delayMs: number): void {
    this.queue.add(queueKey(set), delayMs);
  }

  // ---- reconcile --------------------------------------------------------------------------------

  /**
   * sync: adopt orphan revisions, claim pods, run one pass; with minReadySeconds and not every
   * replica available yet, look again after minReadySeconds ("one more sync to handle the clock
   * skew").
   */
  private sync(key: string): void {
    const [namespace, name] = splitQueueKey(key);
    const set = this.ctx.api.get<StatefulSetObj>('StatefulSet', namespace, name);
    if (!set) return;
    adoptOrphanRevisions(this.ctx.api, this.history, set);
    const pods = this.claimer.claim(set);
    const revisions = this.history.list(set, (labels) => labelSelectorMatches(set.spec.selector, labels));
    const nowMs = this.ctx.clock.now();
    const status = this.control.update(set, pods, revisions, nowMs);
    const minReady = set.spec.minReadySeconds ?? 0;
    if (!atLeast(this.ctx.config.version, '1.35.1')) {
      if (minReady > 0 && status.availableReplicas !== replicasOf(set)) this.enqueueAfter(set, minReady * 1000);
      return;
    }
    // 1.36 (kubernetes#135428, "schedule pod availability checks at the correct time in
    // StatefulSets"; checked against v1.35.4/v1.36.3/v1.37.2 stateful_set.go sync and
    // controller_utils.go FindMinNextPodAvailabilityCheck): when ready and available replicas
    // differ, look again when the soonest Ready pod reaches minReadySeconds, or after
    // minReadySeconds when no pod is waiting (the fallback). Cherry-picked to 1.35 as #136097,
    // first in v1.35.1 (CHANGELOG-1.35); a pinned 1.35.0 keeps the old timing.
    if (minReady <= 0 || (status.readyReplicas ?? 0) === (status.availableReplicas ?? 0)) return;
    const next = nextAvailabilityCheckMs(pods, minReady, nowMs, (t) => this.ctx.api.parseTime(t));
    this.enqueueAfter(set, next ?? minReady * 1000);
  }
}
