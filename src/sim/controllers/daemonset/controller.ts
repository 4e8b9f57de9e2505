/**
 * The DaemonSet controller (pkg/controller/daemon/daemon_controller.go, update.go): one pod per
 * eligible node, created pinned to its node by required node affinity and bound there by the
 * default scheduler; ControllerRevisions for the template history; RollingUpdate (maxUnavailable
 * or maxSurge) or OnDelete; status counts. It watches DaemonSets, their pods and revisions, and
 * nodes (a node that joins, or whose labels or taints change, re-evaluates the DaemonSets it
 * concerns). Watch handlers only enqueue; all writes happen in sync.
 */
import type { OwnerReference } from 'kubernetes-types/meta/v1';
import { ApiError } from '../../../errors';
import { deepEqual } from '../../../kube/equal';
import { labelSelectorMatches } from '../../../kube/labels';
import { controllerRef, type KObject } from '../../../kube/object';
import type { ApiServer, WatchEvent } from '../../apiserver/store';
import type { Component, SimContext } from '../../context';
import { Backoff } from '../../kubelet/backoff';
import { WorkQueue } from '../../workqueue';
import { claimObjects } from '../shared/controller-ref-manager';
import { isPodAvailable, isPodReady } from '../../../kube/pod-state';
import { readyPodRequeueMs } from '../shared/availability-requeue';
import { ControllerExpectations } from '../shared/controller-expectations';
import { SyncError, messageOf } from '../statefulset/errors';
import { OrphanIndex } from '../shared/orphan-index';
import { DaemonSetHistory } from './history';
import { groupByNode, unscheduledPodsWithoutNode, type NodePods } from './node-pods';
import { planNode } from './node-plan';
import { nodeShouldRunDaemonPod, type Placement } from './placement';
import { DaemonPodControl } from './pod-control';
import { templateGeneration } from './pod-template';
import { rollingUpdatePlan } from './rolling-update';
import { countStatus, statusToWrite } from './status';
import { syncNodes } from './sync-nodes';
import { COMPONENT, DAEMONSET_GVK, REVISION_HASH_LABEL, type DaemonSetObj, type NodeObj, type PodObj, type RevisionObj } from './types';
import { queueKey, splitQueueKey } from '../shared/queue-key';
import { controlledBy, isEmptySelector, orphansIn, ownersSelecting, resolveControllerRef } from '../shared/owner-lookup';

/** The failed-pod back-off kube-controller-manager gives the controller: 1s doubling to 15m. */
const FAILED_POD_BACKOFF_INITIAL_MS = 1000;
const FAILED_POD_BACKOFF_MAX_MS = 15 * 60_000;

/** One sync's view: the DaemonSet, the nodes by name and where the daemon belongs. */
interface SyncView {
  ds: DaemonSetObj;
  key: string;
  hash: string;
  placements: Map<string, Placement>;
}

export class DaemonSetController implements Component {
  private ctx!: SimContext;
  private api!: ApiServer;
  private queue!: WorkQueue;
  private expectations!: ControllerExpectations;
  private history!: DaemonSetHistory;
  private podControl!: DaemonPodControl;
  private readonly orphanPods = new OrphanIndex('Pod');
  private readonly orphanRevisions = new OrphanIndex('ControllerRevision');
  private readonly failedPodsBackoff = new Backoff(FAILED_POD_BACKOFF_INITIAL_MS, FAILED_POD_BACKOFF_MAX_MS);
  /** the last claimPods answer, with the DaemonSet it was for and the store's revision then */
  private lastClaim: { ds: DaemonSetObj; revision: number; pods: readonly PodObj[] } | undefined;

  start(ctx: SimContext): void {
    this.ctx = ctx;
    this.api = ctx.api;
    this.queue = new WorkQueue(ctx.clock, (key) => this.sync(key));
    this.expectations = new ControllerExpectations(() => ctx.clock.now());
    this.history = new DaemonSetHistory(ctx.api, this.orphanRevisions, ctx.config.version);
    this.podControl = new DaemonPodControl(ctx.api, ctx.events);
    ctx.api.watch((ev) => this.onEvent(ev), ['DaemonSet', 'Pod', 'ControllerRevision', 'Node']);
  }

  // ---- watch handlers (enqueue only) ----------------------------------------------------------

  private onEvent(ev: WatchEvent): void {
    switch (ev.object.kind) {
      case 'DaemonSet':
        return this.onDaemonSet(ev);
      case 'Pod':
        this.orphanPods.observe(ev.type, ev.object);
        if (ev.type === 'ADDED') this.addPod(ev.object as PodObj);
        else if (ev.type === 'MODIFIED') this.updatePod(ev.old as PodObj, ev.object as PodObj);
        else this.deletePod(ev.object as PodObj);
        return;
      case 'ControllerRevision':
        this.orphanRevisions.observe(ev.type, ev.object);
        if (ev.type === 'ADDED') this.addHistory(ev.object as RevisionObj);
        else if (ev.type === 'MODIFIED') this.updateHistory(ev.old as RevisionObj, ev.object as RevisionObj);
        else this.deleteHistory(ev.object as RevisionObj);
        return;
      case 'Node':
        // Upstream has no delete handler: the pod GC removes the pods, whose deletion wakes us.
        if (ev.type === 'ADDED') this.addNode(ev.object as NodeObj);
        else if (ev.type === 'MODIFIED') this.updateNode(ev.old as NodeObj, ev.object as NodeObj);
    }
  }

  /** add/update/deleteDaemonset: a deleted (or re-created) DaemonSet's expectations are dropped. */
  private onDaemonSet(ev: WatchEvent): void {
    const replaced = ev.type === 'MODIFIED' && ev.old && ev.old.metadata.uid !== ev.object.metadata.uid;
    if (ev.type === 'DELETED' || replaced) this.expectations.forget(queueKey(ev.old ?? ev.object));
    this.enqueue(ev.object);
  }

  private addPod(pod: PodObj): void {
    if (pod.metadata.deletionTimestamp) return this.deletePod(pod);
    const ref = controllerRef(pod);
    if (ref) {
      const ds = this.resolve(pod.metadata.namespace, ref);
      if (!ds) return;
      this.expectations.creationObserved(queueKey(ds));
      this.enqueue(ds);
      return;
    }
    // An orphan: a DaemonSet that selects it may adopt it. Not a creation anyone waits for.
    for (const ds of this.daemonSetsSelecting(pod)) this.enqueue(ds);
  }

  private updatePod(old: PodObj, cur: PodObj): void {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
    // Graceful deletion: act on it now, not when the kubelet is done.
    if (cur.metadata.deletionTimestamp) return this.deletePod(cur);
    const ds = this.enqueueOwners(old, cur);
    if (!ds) return;
    const minReady = ds.spec.minReadySeconds ?? 0;
    if (!isPodReady(old) && isPodReady(cur) && minReady > 0) this.queue.add(queueKey(ds), readyPodRequeueMs(minReady, true));
  }

  private deletePod(pod: PodObj): void {
    const ref = controllerRef(pod);
    if (!ref) return;
    const ds = this.resolve(pod.metadata.namespace, ref);
    if (!ds) return;
    this.expectations.deletionObserved(queueKey(ds));
    this.enqueue(ds);
  }

  /** addHistory: an owned revision changes nothing by appearing; an orphan may be adopted. */
  private addHistory(r: RevisionObj): void {
    if (r.metadata.deletionTimestamp) return this.deleteHistory(r);
    if (controllerRef(r)) return;
    for (const ds of this.daemonSetsSelecting(r)) this.enqueue(ds);
  }

  private updateHistory(old: RevisionObj, cur: RevisionObj): void {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
    this.enqueueOwners(old, cur);
  }

  /**
   * What upstream's updatePod and updateHistory both do with a changed object: a changed
   * controller ref syncs the previous owner; an owned object syncs its owner (returned, when it
   * exists); an orphan whose ref or labels changed syncs every DaemonSet that may adopt it.
   */
  private enqueueOwners(old: KObject, cur: KObject): DaemonSetObj | undefined {
    const curRef = controllerRef(cur);
    const oldRef = controllerRef(old);
    const refChanged = !deepEqual(curRef, oldRef);
    if (refChanged && oldRef) {
      const oldDs = this.resolve(old.metadata.namespace, oldRef);
      if (oldDs) this.enqueue(oldDs);
    }
    if (curRef) {
      const ds = this.resolve(cur.metadata.namespace, curRef);
      if (ds) this.enqueue(ds);
      return ds;
    }
    if (refChanged || !deepEqual(cur.metadata.labels ?? {}, old.metadata.labels ?? {})) {
      for (const ds of this.daemonSetsSelecting(cur)) this.enqueue(ds);
    }
    return undefined;
  }

  private deleteHistory(r: RevisionObj): void {
    const ref = controllerRef(r);
    const ds = ref && this.resolve(r.metadata.namespace, ref);
    if (ds) this.enqueue(ds);
  }

  /** addNode: every DaemonSet that should run on the new node. */
  private addNode(node: NodeObj): void {
    for (const ds of this.api.list<DaemonSetObj>('DaemonSet')) {
      if (nodeShouldRunDaemonPod(node, ds).shouldRun) this.enqueue(ds);
    }
  }

  /**
   * updateNode: only labels and taints decide placement (shouldIgnoreNodeUpdate), so heartbeats
   * cost nothing; a change wakes the DaemonSets whose placement on the node changed.
   */
  private updateNode(old: NodeObj, cur: NodeObj): void {
    if (deepEqual(old.metadata.labels ?? {}, cur.metadata.labels ?? {}) && deepEqual(old.spec?.taints ?? [], cur.spec?.taints ?? [])) return;
    for (const ds of this.api.list<DaemonSetObj>('DaemonSet')) {
      if (!deepEqual(nodeShouldRunDaemonPod(old, ds), nodeShouldRunDaemonPod(cur, ds))) this.enqueue(ds);
    }
  }

  /** resolveControllerRef: by kind and name, then the uid must agree. */
  private resolve(namespace: string | undefined, ref: OwnerReference): DaemonSetObj | undefined {
    return resolveControllerRef<DaemonSetObj>(this.api, DAEMONSET_GVK.kind, namespace, ref);
  }

  /** GetPodDaemonSets / GetHistoryDaemonSets: the namespace's DaemonSets whose non-empty selector matches. */
  private daemonSetsSelecting(obj: KObject): DaemonSetObj[] {
    return ownersSelecting<DaemonSetObj>(this.api, 'DaemonSet', obj);
  }

  private enqueue(ds: KObject): void {
    this.queue.add(queueKey(ds));
  }

  // ---- sync -----------------------------------------------------------------------------------

  /** syncDaemonSet */
  private sync(key: string): void {
    const [namespace, name] = splitQueueKey(key);
    const ds = this.api.get<DaemonSetObj>('DaemonSet', namespace, name);
    if (!ds) {
      this.expectations.forget(key);
      return;
    }
    if (isEmptySelector(ds.spec.selector)) {
      this.ctx.events.record(ds, 'Warning', 'SelectingAll', 'This daemon set is selecting all pods. A non-empty selector is required.', COMPONENT);
      return;
    }
    // Being deleted: its revisions may already be gone, so status cannot be trusted; do nothing.
    if (ds.metadata.deletionTimestamp) return;
    const { cur, old } = this.history.construct(ds, () => this.claimPods(ds));
    const view: SyncView = { ds, key, hash: cur.metadata.labels?.[REVISION_HASH_LABEL] ?? '', placements: this.placements(ds) };
    if (!this.expectations.satisfied(key)) {
      // Only status; observedGeneration stays, as this generation was not acted on.
      this.updateStatus(view, false);
      return;
    }
    let error: ApiError | undefined;
    try {
      this.updateDaemonSet(view, old);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      error = err;
    }
    this.updateStatus(view, true);
    if (error) throw error;
  }

  /** Where the daemon belongs on every node, by node name (nodes listed by name for a stable order). */
  private placements(ds: DaemonSetObj): Map<string, Placement> {
    const nodes = this.api.list<NodeObj>('Node').sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
    return new Map(nodes.map((n) => [n.metadata.name, nodeShouldRunDaemonPod(n, ds)]));
  }

  /** updateDaemonSet: manage, then (expectations allowing) the rolling update, then history cleanup. */
  private updateDaemonSet(view: SyncView, old: RevisionObj[]): void {
    this.manage(view);
    if (this.expectations.satisfied(view.key) && view.ds.spec.updateStrategy?.type === 'RollingUpdate') this.rollingUpdate(view);
    try {
      // Finished pods being deleted still count: their revision is live until they are gone.
      const livePods = [...groupByNode(this.claimPods(view.ds), true).values()].flat();
      this.history.cleanup(view.ds, old, livePods);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      throw new SyncError(`failed to clean up revisions of DaemonSet: ${messageOf(err)}`);
    }
  }

  /** manage: per node, create the missing pod and delete the ones that must go. */
  private manage(view: SyncView): void {
    const byNode = this.nodePods(view.ds);
    const nodesNeedingPods: string[] = [];
    const podsToDelete: PodObj[] = [];
    for (const [node, placement] of view.placements) {
      const plan = planNode({ ds: view.ds, placement, pods: byNode.get(node), hash: view.hash, nowMs: this.ctx.clock.now(), parseTime: (t) => this.api.parseTime(t) });
      if (plan.needsPod) nodesNeedingPods.push(node);
      podsToDelete.push(...plan.toDelete, ...this.failedPodsToDelete(view, node, plan.failed));
      for (const pod of plan.succeeded) {
        this.recordPodEvent(view.ds, 'Normal', 'SucceededDaemonPod', `Found succeeded daemon pod ${pod.metadata.namespace}/${pod.metadata.name} on node ${node}, will try to delete it`);
      }
    }
    podsToDelete.push(...unscheduledPodsWithoutNode(byNode, new Set(view.placements.keys())));
    syncNodes(this.podControl, this.expectations, { ds: view.ds, key: view.key, podsToDelete, nodesNeedingPods, hash: view.hash });
  }

  /**
   * A failed daemon pod is deleted (and replaced next sync) at most once per back-off period per
   * node and DaemonSet generation, "to avoid hot looping" with a kubelet that rejects it.
   */
  private failedPodsToDelete(view: SyncView, node: string, failed: readonly PodObj[]): PodObj[] {
    const out: PodObj[] = [];
    for (const pod of failed) {
      const backoffKey = `${view.ds.metadata.uid}/${view.ds.status?.observedGeneration ?? 0}/${node}`;
      const now = this.ctx.clock.now();
      if (this.failedPodsBackoff.isInBackOffSinceUpdate(backoffKey, now)) {
        this.queue.add(view.key, this.failedPodsBackoff.get(backoffKey));
        continue;
      }
      this.failedPodsBackoff.next(backoffKey, now, now);
      this.recordPodEvent(view.ds, 'Warning', 'FailedDaemonPod', `Found failed daemon pod ${pod.metadata.namespace}/${pod.metadata.name} on node ${node}, will try to kill it`);
      out.push(pod);
    }
    return out;
  }

  private rollingUpdate(view: SyncView): void {
    const byNode = this.nodePods(view.ds);
    let desired = 0;
    for (const [node, placement] of view.placements) {
      if (!placement.shouldRun) continue;
      desired++;
      if (!byNode.has(node)) byNode.set(node, []);
    }
    const minReady = view.ds.spec.minReadySeconds ?? 0;
    const now = this.ctx.clock.now();
    const plan = rollingUpdatePlan({
      ds: view.ds, hash: view.hash, generation: templateGeneration(view.ds), byNode, desired,
      available: (p) => isPodAvailable(p, minReady, now, (t) => this.api.parseTime(t)),
      placementOn: (node) => view.placements.get(node),
    });
    syncNodes(this.podControl, this.expectations, {
      ds: view.ds, key: view.key, podsToDelete: plan.deletePods, nodesNeedingPods: plan.createOnNodes, hash: view.hash,
    });
  }

  /** updateDaemonSetStatus; with minReadySeconds, look again once ready pods may be available. */
  private updateStatus(view: SyncView, updateObservedGeneration: boolean): void {
    const counts = countStatus({
      ds: view.ds, placements: view.placements, byNode: this.nodePods(view.ds), hash: view.hash,
      generation: templateGeneration(view.ds), nowMs: this.ctx.clock.now(), parseTime: (t) => this.api.parseTime(t),
    });
    const status = statusToWrite(view.ds, counts, updateObservedGeneration);
    if (status) {
      const fresh = this.api.get<DaemonSetObj>('DaemonSet', view.ds.metadata.namespace, view.ds.metadata.name) ?? view.ds;
      this.api.updateStatus({ ...fresh, status });
    }
    const minReady = view.ds.spec.minReadySeconds ?? 0;
    // "A last line of defense to guard against clock-skew": exactly minReadySeconds, not the soonest
    // pod's moment as the ReplicaSet and StatefulSet controllers now do (v1.37.2
    // updateDaemonSetStatus), so a pod turning Ready while an earlier requeue waits is counted a
    // round later, as upstream.
    if (minReady > 0 && counts.numberReady !== counts.numberAvailable) this.queue.add(view.key, minReady * 1000);
  }

  /** getNodesToDaemonPods without finished pods already being deleted. */
  private nodePods(ds: DaemonSetObj): NodePods {
    return groupByNode(this.claimPods(ds), false);
  }

  /**
   * getDaemonPods: the pods it controls or adopts (ControllerRefManager.ClaimPods). A sync asks
   * up to five times; the answer depends only on the DaemonSet and the cluster's objects (the
   * orphan index follows their writes), so while nothing is written it is not worked out again.
   * A claim that adopted or released wrote, and is not reused.
   */
  private claimPods(ds: DaemonSetObj): readonly PodObj[] {
    const revision = this.api.revision();
    if (this.lastClaim?.ds === ds && this.lastClaim.revision === revision) return this.lastClaim.pods;
    const candidates = [...controlledBy<PodObj>(this.api, ds.metadata.uid, 'Pod'), ...orphansIn<PodObj>(this.api, this.orphanPods, ds.metadata.namespace ?? 'default')];
    const pods = claimObjects(this.api, { owner: ds, ownerGvk: DAEMONSET_GVK, candidates, match: (p) => labelSelectorMatches(ds.spec.selector, p.metadata.labels) });
    this.lastClaim = this.api.revision() === revision ? { ds, revision, pods } : undefined;
    return pods;
  }

  private recordPodEvent(ds: DaemonSetObj, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.ctx.events.record(ds, type, reason, message, COMPONENT);
  }
}
