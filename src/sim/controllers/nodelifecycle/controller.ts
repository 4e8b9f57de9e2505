/**
 * The node lifecycle controller of kube-controller-manager
 * (pkg/controller/nodelifecycle/node_lifecycle_controller.go; docs: concepts/architecture/nodes
 * "Node controller" and concepts/scheduling-eviction/taint-and-toleration "Taint based
 * evictions").
 *
 * - monitorNodeHealth (every --node-monitor-period): registers new nodes, marks a node's Ready
 *   and pressure conditions Unknown when it has not been heard from for the grace period, marks
 *   its pods not Ready, queues NoExecute taints (not-ready / unreachable) and tracks each zone's
 *   disruption state.
 * - doNoExecuteTaintingPass (every 100 ms): adds the queued NoExecute taints, rate-limited per
 *   zone (--node-eviction-rate); the taint eviction controller then evicts.
 * - doNoScheduleTaintingPass (on every node change): NoSchedule taints mirroring the conditions
 *   and spec.unschedulable (TaintNodesByCondition), removed again when they no longer apply.
 *
 * Nothing ticks while all is well: the periodic loops run (on their upstream period boundaries)
 * only when a node changed, a kubelet stopped or resumed heartbeating, a grace period runs out, or
 * a queued taint waits for its token.
 *
 * Wiring: `new NodeLifecycleController(heartbeats)` with the kubelets' NodeHeartbeats.
 */
import type { Node, NodeCondition, Pod } from 'kubernetes-types/core/v1';
import { ApiError } from '../../../errors';
import { deepEqual } from '../../../kube/equal';
import { byName, type KObject } from '../../../kube/object';
import type { Component, SimContext } from '../../context';
import type { WatchEvent } from '../../apiserver/store';
import type { NodeHeartbeats } from '../../node-heartbeats';
import { WorkQueue } from '../../workqueue';
import { NODE_CONTROLLER_COMPONENT, nodeLifecycleConfig, type NodeLifecycleConfig } from './config';
import { nodeCondition } from './node-conditions';
import { tryUpdateNodeHealth, type NodeHealth } from './node-health';
import { removeTaintOffNode, swapNodeControllerTaint } from './node-taint-writes';
import { markPodsNotReady } from './pod-readiness';
import { PodsByNode } from '../shared/pods-by-node';
import { queueKey } from '../shared/queue-key';
import { nextRunAfter, PeriodicLoop } from './period';
import { RateLimitedTimedQueue, TokenBucket, type QueuedNode } from './rate-limited-queue';
import {
  controllerNoScheduleTaints, NOT_READY_NO_EXECUTE, taintExists, taintSetDiff, UNREACHABLE_NO_EXECUTE, wantedNoScheduleTaints, zoneKey,
} from './taints';
import { computeZoneState, zoneQps, type ZoneState } from './zone-state';

/** The label that keeps a node out of the zone disruption count (labelNodeDisruptionExclusion). */
const EXCLUDE_DISRUPTION_LABEL = 'node.kubernetes.io/exclude-disruption';

/** Beta labels kept equal to their GA counterparts (labelReconcileInfo). */
const LABEL_RECONCILE: ReadonlyArray<[primary: string, secondary: string]> = [
  ['kubernetes.io/os', 'beta.kubernetes.io/os'],
  ['kubernetes.io/arch', 'beta.kubernetes.io/arch'],
];

/** How long a taint attempt on a node without a Ready condition waits before the next (doNoExecuteTaintingPass). */
const TAINT_RETRY_MS = 50;

export class NodeLifecycleController implements Component {
  private ctx!: SimContext;
  private cfg!: NodeLifecycleConfig;
  private monitor!: PeriodicLoop;
  private tainting!: PeriodicLoop;
  private nodeUpdates!: WorkQueue;
  private podUpdates!: WorkQueue;
  private pods!: PodsByNode;
  /** knownNodeSet: the nodes monitorNodeHealth has registered */
  private readonly known = new Map<string, Node>();
  private readonly health = new Map<string, NodeHealth>();
  private readonly zoneStates = new Map<string, ZoneState>();
  /** zoneNoExecuteTainter: zones are never removed from it */
  private readonly tainters = new Map<string, RateLimitedTimedQueue>();
  private readonly nodesToRetry = new Set<string>();

  constructor(private readonly heartbeats: NodeHeartbeats) {}

  start(ctx: SimContext): void {
    this.ctx = ctx;
    this.cfg = nodeLifecycleConfig(ctx.config.version);
    this.monitor = new PeriodicLoop(ctx.clock, this.cfg.monitorPeriodMs, () => this.monitorNodeHealth());
    this.tainting = new PeriodicLoop(ctx.clock, this.cfg.evictionPeriodMs, () => this.doNoExecuteTaintingPass());
    this.nodeUpdates = new WorkQueue(ctx.clock, (name) => this.processNodeUpdate(name));
    this.podUpdates = new WorkQueue(ctx.clock, (key) => this.processPod(key));
    this.pods = new PodsByNode(ctx.api);
    ctx.api.watch((ev) => this.observe(ev), ['Node', 'Pod']);
    this.heartbeats.onChange(() => this.monitor.soon());
  }

  // ---- watch -------------------------------------------------------------------------------------

  private observe(ev: WatchEvent): void {
    if (ev.object.kind === 'Node') return this.observeNode(ev);
    if (ev.object.kind !== 'Pod') return;
    this.pods.observe(ev);
    // podUpdated: a pod newly bound to a node is checked against that node's health
    const pod = ev.object as unknown as Pod;
    const before = (ev.old as unknown as Pod | undefined)?.spec?.nodeName;
    if (ev.type !== 'DELETED' && pod.spec?.nodeName && pod.spec.nodeName !== before) this.podUpdates.add(queueKey(pod));
  }

  private observeNode(ev: WatchEvent): void {
    const name = ev.object.metadata.name;
    if (ev.type === 'DELETED') this.nodesToRetry.delete(name);
    else this.nodeUpdates.add(name);
    if (ev.type !== 'MODIFIED' || healthInputsChanged(ev.old as unknown as Node, ev.object as unknown as Node)) this.monitor.soon();
  }

  // ---- monitorNodeHealth ---------------------------------------------------------------------------

  private monitorNodeHealth(): void {
    const nodes = this.ctx.api.list<Node>('Node').sort(byName);
    this.classify(nodes);
    const zoneConditions = new Map<string, Array<NodeCondition | undefined>>();
    for (const node of nodes) this.updateNode(node, zoneConditions);
    this.handleDisruption(zoneConditions, nodes);
    this.scheduleDeadlines();
    if (this.nodesToRetry.size) this.monitor.soon();
  }

  /** classifyNodes and what monitorNodeHealth does with the result. */
  private classify(nodes: readonly Node[]): void {
    const present = new Set(nodes.map(nameOf));
    for (const node of nodes) {
      if (this.known.has(nameOf(node)) && !this.zoneStates.has(zoneKey(node))) this.addPodEvictorForNewZone(node);
    }
    for (const node of nodes) {
      if (this.known.has(nameOf(node))) continue;
      this.nodeEvent(node, 'RegisteredNode', `Registered Node ${nameOf(node)} in Controller`);
      this.known.set(nameOf(node), node);
      this.addPodEvictorForNewZone(node);
      this.markNodeAsReachable(node);
    }
    for (const [name, node] of [...this.known].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (present.has(name)) continue;
      this.nodeEvent(node, 'RemovingNode', `Removing Node ${name} from Controller`);
      this.known.delete(name);
    }
  }

  /** One node's share of monitorNodeHealth (updateNodeFunc). */
  private updateNode(node: Node, zoneConditions: Map<string, Array<NodeCondition | undefined>>): void {
    const name = nameOf(node);
    const { api, clock } = this.ctx;
    const result = tryUpdateNodeHealth({
      node,
      saved: this.health.get(name),
      leaseSeenMs: this.leaseSeen(node),
      now: clock.now(),
      monitorGracePeriodMs: this.cfg.monitorGracePeriodMs,
      startupGracePeriodMs: this.cfg.startupGracePeriodMs,
      timestamp: (ms) => api.timestamp(ms),
      parseTime: (t) => api.parseTime(t),
    });
    let current: Node = node;
    if (result.write) {
      try {
        current = api.updateStatus<Node>({ ...(node as unknown as KObject), status: result.write } as unknown as KObject);
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        // "Update health of Node from Controller error, Skipping - no pods will be evicted"
        return;
      }
    }
    this.health.set(name, result.health);
    if (!(EXCLUDE_DISRUPTION_LABEL in (node.metadata?.labels ?? {}))) {
      const zone = zoneKey(node);
      let conditions = zoneConditions.get(zone);
      if (!conditions) zoneConditions.set(zone, (conditions = []));
      conditions.push(result.current);
    }
    if (!result.current) return void this.nodesToRetry.delete(name);
    this.processTaintBaseEviction(current, result.observed);
    const becameNotReady = result.current.status !== 'True' && result.observed.status === 'True';
    const retry = this.nodesToRetry.has(name) && result.observed.status !== 'True';
    if (becameNotReady) this.nodeEvent(node, 'NodeNotReady', `Node ${name} status is now: NodeNotReady`, true);
    if ((becameNotReady || retry) && !markPodsNotReady(api, this.ctx.events, this.pods.pods(name), name)) {
      this.nodesToRetry.add(name);
      return;
    }
    this.nodesToRetry.delete(name);
  }

  /**
   * When the controller saw the node's latest Lease renewal. A kubelet still renewing has renewed
   * within the last 10 s: the controller counts it as seen now. A stopped one's last renewal was
   * seen by the first run after it. A node no kubelet runs has no Lease: only its status
   * heartbeats count (a Node written through the API with a Ready condition goes Unknown after the
   * grace period, as on a real cluster). A node without a Ready condition never had a kubelet post
   * its status (the simulated kubelet registers nodes with their conditions), so it has no Lease.
   */
  private leaseSeen(node: Node): number | undefined {
    if (!nodeCondition(node, 'Ready')) return undefined;
    const now = this.ctx.clock.now();
    const lease = this.heartbeats.lease(nameOf(node));
    if (lease.state === 'absent') return undefined;
    return lease.state === 'renewing' ? now : Math.min(now, nextRunAfter(lease.lastRenewalMs, this.cfg.monitorPeriodMs));
  }

  /** A run of monitorNodeHealth at each time a silent node's grace period ends. */
  private scheduleDeadlines(): void {
    for (const node of this.ctx.api.list<Node>('Node')) {
      const h = this.health.get(nameOf(node));
      const ready = nodeCondition(node, 'Ready');
      const renewing = ready && this.heartbeats.lease(nameOf(node)).state === 'renewing';
      if (!h || ready?.status === 'Unknown' || renewing) continue;
      const grace = ready ? this.cfg.monitorGracePeriodMs : this.cfg.startupGracePeriodMs;
      this.monitor.atOrAfter(h.probeMs + grace);
    }
  }

  // ---- NoExecute taints ----------------------------------------------------------------------------

  /** processTaintBaseEviction: decided on the Ready condition as it was before this run. */
  private processTaintBaseEviction(node: Node, observed: NodeCondition): void {
    const taints = node.spec?.taints;
    switch (observed.status) {
      case 'False':
        // the two taints mirror Ready, so one replaces the other at once
        if (taintExists(taints, UNREACHABLE_NO_EXECUTE)) swapNodeControllerTaint(this.ctx.api, node, [NOT_READY_NO_EXECUTE], [UNREACHABLE_NO_EXECUTE]);
        else this.markNodeForTainting(node, 'False');
        return;
      case 'Unknown':
        if (taintExists(taints, NOT_READY_NO_EXECUTE)) swapNodeControllerTaint(this.ctx.api, node, [UNREACHABLE_NO_EXECUTE], [NOT_READY_NO_EXECUTE]);
        else this.markNodeForTainting(node, 'Unknown');
        return;
      case 'True':
        this.markNodeAsReachable(node);
    }
  }

  /** markNodeForTainting: a node whose taint is missing goes (back) to the end of its zone's queue. */
  private markNodeForTainting(node: Node, status: 'False' | 'Unknown'): void {
    const queue = this.tainterFor(zoneKey(node));
    const wanted = status === 'False' ? NOT_READY_NO_EXECUTE : UNREACHABLE_NO_EXECUTE;
    if (!taintExists(node.spec?.taints, wanted)) queue.remove(nameOf(node));
    if (queue.add(nameOf(node), node.metadata?.uid ?? '', this.ctx.clock.now())) this.scheduleTainting();
  }

  /** markNodeAsReachable: both NoExecute taints off, and out of the queue. */
  private markNodeAsReachable(node: Node): boolean {
    const { api } = this.ctx;
    removeTaintOffNode(api, nameOf(node), node, [UNREACHABLE_NO_EXECUTE]);
    removeTaintOffNode(api, nameOf(node), node, [NOT_READY_NO_EXECUTE]);
    return this.tainterFor(zoneKey(node)).remove(nameOf(node));
  }

  private doNoExecuteTaintingPass(): void {
    const now = this.ctx.clock.now();
    for (const zone of [...this.tainters.keys()].sort()) this.tainters.get(zone)!.try(now, (item) => this.taintQueuedNode(item));
    this.scheduleTainting();
  }

  /** Adds the taint that mirrors the node's Ready condition now (and drops the opposite one). */
  private taintQueuedNode(item: QueuedNode): { done: boolean; retryMs: number } {
    const node = this.ctx.api.get<Node>('Node', undefined, item.node);
    if (!node) return { done: true, retryMs: 0 };
    const ready = nodeCondition(node, 'Ready');
    if (!ready) return { done: false, retryMs: TAINT_RETRY_MS };
    if (ready.status === 'False') return { done: swapNodeControllerTaint(this.ctx.api, node, [NOT_READY_NO_EXECUTE], [UNREACHABLE_NO_EXECUTE]), retryMs: 0 };
    if (ready.status === 'Unknown') return { done: swapNodeControllerTaint(this.ctx.api, node, [UNREACHABLE_NO_EXECUTE], [NOT_READY_NO_EXECUTE]), retryMs: 0 };
    return { done: true, retryMs: 0 }; // Ready again: nothing to taint
  }

  /** The next 100 ms tick at which some zone's queue can make progress. */
  private scheduleTainting(): void {
    const now = this.ctx.clock.now();
    const next = Math.min(...[...this.tainters.values()].map((q) => q.nextUsefulTry(now)));
    if (Number.isFinite(next)) this.tainting.atOrAfter(Math.max(next, nextRunAfter(now, this.cfg.evictionPeriodMs)));
  }

  private addPodEvictorForNewZone(node: Node): void {
    const zone = zoneKey(node);
    if (this.zoneStates.has(zone)) return;
    this.zoneStates.set(zone, 'Initial');
    this.tainters.set(zone, new RateLimitedTimedQueue(new TokenBucket(this.cfg.evictionRate)));
  }

  // ---- zones -------------------------------------------------------------------------------------

  /** handleDisruption: each zone's state and tainting rate; all zones fully disrupted stops tainting. */
  private handleDisruption(zoneConditions: Map<string, Array<NodeCondition | undefined>>, nodes: readonly Node[]): void {
    const newStates = new Map<string, ZoneState>();
    let allAreFull = true;
    for (const zone of [...zoneConditions.keys()].sort()) {
      const state = computeZoneState(zoneConditions.get(zone)!, this.cfg.unhealthyZoneThreshold);
      if (state !== 'FullDisruption') allAreFull = false;
      newStates.set(zone, state);
      if (!this.zoneStates.has(zone)) this.zoneStates.set(zone, 'Initial');
    }
    let allWereFull = true;
    for (const zone of [...this.zoneStates.keys()].sort()) {
      if (!zoneConditions.has(zone)) {
        this.zoneStates.delete(zone);
        continue;
      }
      if (this.zoneStates.get(zone) !== 'FullDisruption') {
        allWereFull = false;
        break;
      }
    }
    if (allAreFull && allWereFull) return;
    if (allAreFull) return this.enterFullDisruption(nodes);
    if (allWereFull) return this.exitFullDisruption(zoneConditions, newStates, nodes);
    for (const [zone, state] of [...this.zoneStates].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const next = newStates.get(zone)!;
      if (state === next) continue;
      this.setLimiterInZone(zone, zoneConditions.get(zone)?.length ?? 0, next);
      this.zoneStates.set(zone, next);
    }
  }

  /**
   * "Controller detected that all Nodes are not-Ready. Entering master disruption mode": the
   * control plane is more likely cut off than every node broken, so NoExecute taints come off
   * and no zone taints until some node is Ready again.
   */
  private enterFullDisruption(nodes: readonly Node[]): void {
    for (const node of nodes) this.markNodeAsReachable(node);
    for (const zone of [...this.zoneStates.keys()].sort()) this.tainterFor(zone).swapLimiter(0, this.ctx.clock.now());
    for (const zone of this.zoneStates.keys()) this.zoneStates.set(zone, 'FullDisruption');
  }

  /** Leaving it: every node gets a fresh grace period, and each zone the rate of its state. */
  private exitFullDisruption(zoneConditions: Map<string, Array<NodeCondition | undefined>>, newStates: Map<string, ZoneState>, nodes: readonly Node[]): void {
    const now = this.ctx.clock.now();
    for (const node of nodes) {
      const h = this.health.get(nameOf(node));
      if (h) this.health.set(nameOf(node), { ...h, probeMs: now, readyTransitionMs: now });
    }
    for (const zone of [...this.zoneStates.keys()].sort()) {
      const next = newStates.get(zone)!;
      this.setLimiterInZone(zone, zoneConditions.get(zone)?.length ?? 0, next);
      this.zoneStates.set(zone, next);
    }
  }

  private setLimiterInZone(zone: string, size: number, state: ZoneState): void {
    const qps = zoneQps(state, size, this.cfg);
    if (qps === undefined) return;
    this.tainterFor(zone).swapLimiter(qps, this.ctx.clock.now());
    this.scheduleTainting();
  }

  /** A zone's queue; one created here is a zone whose label appeared since the last run. */
  private tainterFor(zone: string): RateLimitedTimedQueue {
    let q = this.tainters.get(zone);
    if (!q) this.tainters.set(zone, (q = new RateLimitedTimedQueue(new TokenBucket(this.cfg.evictionRate))));
    return q;
  }

  // ---- node updates: NoSchedule taints and labels --------------------------------------------------

  private processNodeUpdate(name: string): void {
    this.doNoScheduleTaintingPass(name);
    this.reconcileNodeLabels(name);
  }

  /** doNoScheduleTaintingPass: the condition and unschedulable NoSchedule taints, exactly. */
  private doNoScheduleTaintingPass(name: string): void {
    const node = this.ctx.api.get<Node>('Node', undefined, name);
    if (!node) return;
    const { add, remove } = taintSetDiff(wantedNoScheduleTaints(node), controllerNoScheduleTaints(node));
    if (add.length || remove.length) swapNodeControllerTaint(this.ctx.api, node, add, remove);
  }

  /** reconcileNodeLabels: beta os/arch labels follow the GA ones. */
  private reconcileNodeLabels(name: string): void {
    const node = this.ctx.api.get<Node>('Node', undefined, name);
    const labels = node?.metadata?.labels;
    if (!node || !labels) return;
    const update: Record<string, string> = {};
    for (const [primary, secondary] of LABEL_RECONCILE) {
      const value = labels[primary];
      if (value !== undefined && labels[secondary] !== value) update[secondary] = value;
    }
    if (!Object.keys(update).length) return;
    try {
      this.ctx.api.update({ ...(node as unknown as KObject), metadata: { ...(node as unknown as KObject).metadata, labels: { ...labels, ...update } } });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
    }
  }

  // ---- pods ----------------------------------------------------------------------------------------

  /** processPod: a pod bound to a node the controller last saw not Ready is marked not Ready too. */
  private processPod(key: string): void {
    const [ns, name] = key.split('/') as [string, string];
    const pod = this.ctx.api.get<Pod>('Pod', ns, name);
    const node = pod?.spec?.nodeName;
    if (!pod || !node) return;
    const h = this.health.get(node);
    // Upstream retries with back-off while the Node is missing from its cache; here a pod bound
    // to a node that does not exist is left to the pod GC (no retry loop on a missing node).
    if (!h || !this.ctx.api.get('Node', undefined, node)) return;
    const ready = h.status.conditions?.find((c) => c.type === 'Ready');
    if (ready && ready.status !== 'True') markPodsNotReady(this.ctx.api, this.ctx.events, [pod], node);
  }

  // ---- events ----------------------------------------------------------------------------------------

  /**
   * RecordNodeEvent ("Node <name> event: <text>") or, for a status change, RecordNodeStatusChange
   * ("Node <name> status is now: <status>"); both Normal, from node-controller.
   */
  private nodeEvent(node: Node, reason: string, text: string, statusChange = false): void {
    const message = statusChange ? text : `Node ${nameOf(node)} event: ${text}`;
    this.ctx.events.record(node as unknown as KObject, 'Normal', reason, message, NODE_CONTROLLER_COMPONENT);
  }
}

function nameOf(node: Node): string {
  return node.metadata!.name!;
}

/** What monitorNodeHealth reads from a node: its conditions, taints and labels (zone, exclusion). */
function healthInputsChanged(old: Node | undefined, now: Node): boolean {
  return !old ||
    !deepEqual(old.status?.conditions, now.status?.conditions) ||
    !deepEqual(old.spec?.taints, now.spec?.taints) ||
    !deepEqual(old.metadata?.labels, now.metadata?.labels);
}
