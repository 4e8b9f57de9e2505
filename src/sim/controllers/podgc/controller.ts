/**
 * The pod garbage collector (pkg/controller/podgc/gc_controller.go), every 20 s (gcCheckPeriod):
 * - terminated pods (phase Succeeded or Failed) beyond --terminated-pod-gc-threshold (12500),
 *   evicted ones first, then the oldest;
 * - terminating pods on a node that is not Ready and carries node.kubernetes.io/out-of-service;
 * - orphaned pods, bound to a node that no longer exists: the node name waits 40 s in quarantine
 *   (quarantineTime) and, still missing then, its pods are marked Failed with DisruptionTarget
 *   (DeletionByPodGC) and force-deleted;
 * - terminating pods that were never scheduled.
 * Each is marked Failed first (unless already Succeeded/Failed) and deleted with grace period 0.
 *
 * The 20 s loop runs (on its upstream boundaries) only while one of those sets is non-empty: a
 * cluster with nothing to collect costs nothing however long it runs. A pod the controller has
 * already force-deleted and that stays (a finalizer) is not deleted again every 20 s as upstream
 * does: the repeat would change nothing.
 */
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { ApiError } from '../../../errors';
import type { KObject } from '../../../kube/object';
import { withCondition, type ConditionChange } from '../../../kube/pod-condition';
import type { Component, SimContext } from '../../context';
import type { WatchEvent } from '../../apiserver/store';
import { isNodeReady } from '../nodelifecycle/node-conditions';
import { PeriodicLoop } from '../nodelifecycle/period';
import { PodsByNode } from '../shared/pods-by-node';
import { queueKey } from '../shared/queue-key';
import { TAINT_OUT_OF_SERVICE } from '../nodelifecycle/taints';

/** gcCheckPeriod */
export const GC_CHECK_PERIOD_MS = 20_000;
/** quarantineTime */
export const QUARANTINE_MS = 40_000;
/** --terminated-pod-gc-threshold default */
export const TERMINATED_POD_GC_THRESHOLD = 12_500;

const ORPHAN_CONDITION: ConditionChange = {
  type: 'DisruptionTarget',
  status: 'True',
  reason: 'DeletionByPodGC',
  message: 'PodGC: node no longer exists',
};

export class PodGarbageCollector implements Component {
  private ctx!: SimContext;
  private loop!: PeriodicLoop;
  private pods!: PodsByNode;
  private readonly nodes = new Set<string>();
  /** pods in phase Succeeded or Failed */
  private readonly terminated = new Set<string>();
  /** terminating pods with no node */
  private readonly unscheduledTerminating = new Set<string>();
  /** names pods are bound to that no Node has */
  private readonly missingNodes = new Set<string>();
  /** nodes not Ready and tainted out-of-service */
  private readonly outOfServiceNodes = new Set<string>();
  /** orphaned_pods_nodes: a missing node's name, and when its quarantine ends */
  private readonly quarantine = new Map<string, number>();
  /** uids already force-deleted that still exist (finalizers) */
  private readonly handled = new Set<string>();

  constructor(private readonly terminatedThreshold = TERMINATED_POD_GC_THRESHOLD) {}

  start(ctx: SimContext): void {
    this.ctx = ctx;
    this.loop = new PeriodicLoop(ctx.clock, GC_CHECK_PERIOD_MS, () => this.gc());
    this.pods = new PodsByNode(ctx.api);
    ctx.api.watch((ev) => this.observe(ev), ['Node', 'Pod']);
  }

  // ---- watch -------------------------------------------------------------------------------------

  private observe(ev: WatchEvent): void {
    if (ev.object.kind === 'Node') {
      const name = ev.object.metadata.name;
      setMember(this.nodes, name, ev.type !== 'DELETED');
      this.refreshNode(name);
    } else if (ev.object.kind === 'Pod') {
      this.observePod(ev);
    } else return;
    if (this.hasWork()) this.loop.soon();
  }

  private observePod(ev: WatchEvent): void {
    this.pods.observe(ev);
    const pod = ev.object as unknown as Pod;
    const key = queueKey(pod);
    const gone = ev.type === 'DELETED';
    setMember(this.terminated, key, !gone && isTerminated(pod));
    setMember(this.unscheduledTerminating, key, !gone && !!pod.metadata?.deletionTimestamp && !pod.spec?.nodeName);
    if (gone) this.handled.delete(pod.metadata!.uid!);
    const before = (ev.old as unknown as Pod | undefined)?.spec?.nodeName;
    if (before && before !== pod.spec?.nodeName) this.refreshNode(before);
    if (pod.spec?.nodeName) this.refreshNode(pod.spec.nodeName);
  }

  /** Keeps missingNodes and outOfServiceNodes right for one node name. */
  private refreshNode(name: string): void {
    const node = this.ctx.api.get<Node>('Node', undefined, name);
    setMember(this.missingNodes, name, !node && this.pods.pods(name).length > 0);
    setMember(this.outOfServiceNodes, name, !!node && !isNodeReady(node) && (node.spec?.taints ?? []).some((t) => t.key === TAINT_OUT_OF_SERVICE));
  }

  /** Whether a run of gc() would find something to do. Costs what the candidate sets hold. */
  private hasWork(): boolean {
    if (this.terminatedThreshold > 0 && this.terminated.size > this.terminatedThreshold) return true;
    if (this.quarantine.size) return true;
    if ([...this.unscheduledTerminating].some((k) => this.unhandled(k))) return true;
    for (const node of this.missingNodes) if (this.unhandledPods(node).length) return true;
    for (const node of this.outOfServiceNodes) if (this.unhandledPods(node).some((p) => p.metadata?.deletionTimestamp)) return true;
    return false;
  }

  private unhandledPods(node: string): Pod[] {
    return this.pods.pods(node).filter((p) => !this.handled.has(p.metadata!.uid!));
  }

  // ---- gc ----------------------------------------------------------------------------------------

  private gc(): void {
    if (this.terminatedThreshold > 0) this.gcTerminated();
    this.gcTerminating();
    this.gcOrphaned();
    this.gcUnscheduledTerminating();
    if (this.hasWork()) this.loop.soon();
  }

  /** gcTerminated: the surplus over the threshold, evicted pods first, then oldest, then by name. */
  private gcTerminated(): void {
    const surplus = this.terminated.size - this.terminatedThreshold;
    if (surplus <= 0) return;
    const pods = this.lookup([...this.terminated]).sort(byEvictionAndCreation);
    for (const pod of pods.slice(0, surplus)) this.markFailedAndDelete(pod);
  }

  /** gcTerminating: terminating pods on not-Ready nodes tainted out-of-service. */
  private gcTerminating(): void {
    const pods = [...this.outOfServiceNodes]
      .flatMap((n) => this.pods.pods(n))
      .filter((p) => p.metadata?.deletionTimestamp)
      .sort(byEvictionAndCreation);
    for (const pod of pods) this.markFailedAndDelete(pod);
  }

  /**
   * gcOrphaned: every run puts the missing nodes in quarantine (keeping an earlier end); a node
   * whose quarantine is over and that the API server still does not know is deleted for good.
   */
  private gcOrphaned(): void {
    const now = this.ctx.clock.now();
    // (upstream quarantines every missing node each run; one whose pods were all force-deleted
    // already and stay only for their finalizers would just come round again)
    for (const node of [...this.missingNodes].sort()) {
      if (!this.quarantine.has(node) && this.unhandledPods(node).length) this.quarantine.set(node, now + QUARANTINE_MS);
    }
    const deleted: string[] = [];
    for (const [node, until] of [...this.quarantine].sort(([a], [b]) => (a < b ? -1 : 1))) {
      // an item whose delay ends at this very run is ready: the run started after the AddAfter
      if (until > now) continue;
      this.quarantine.delete(node);
      if (!this.ctx.api.get('Node', undefined, node)) deleted.push(node);
    }
    for (const node of deleted) {
      for (const pod of this.pods.pods(node)) this.markFailedAndDelete(pod, ORPHAN_CONDITION);
    }
  }

  private gcUnscheduledTerminating(): void {
    for (const pod of this.lookup([...this.unscheduledTerminating].sort())) this.markFailedAndDelete(pod);
  }

  /**
   * markFailedAndDeletePodWithCondition: phase Failed (and the condition) unless the pod already
   * ended, then DELETE with grace period 0.
   */
  private markFailedAndDelete(pod: Pod, condition?: ConditionChange): void {
    const { api } = this.ctx;
    const uid = pod.metadata!.uid!;
    if (this.handled.has(uid)) return;
    try {
      if (pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed') {
        const withReason = condition ? withCondition(pod.status, condition, api.timestamp()) : undefined;
        const status = { ...(withReason ?? pod.status), phase: 'Failed' };
        api.updateStatus({ ...(pod as unknown as KObject), status });
      }
      api.delete('Pod', pod.metadata!.namespace, pod.metadata!.name!, { gracePeriodSeconds: 0, uid });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      return;
    }
    if (api.get('Pod', pod.metadata!.namespace, pod.metadata!.name!)) this.handled.add(uid);
  }

  // ---- helpers -------------------------------------------------------------------------------------

  private unhandled(key: string): boolean {
    const [ns, name] = key.split('/') as [string, string];
    const pod = this.ctx.api.get<Pod>('Pod', ns, name);
    return !!pod && !this.handled.has(pod.metadata!.uid!);
  }

  private lookup(keys: readonly string[]): Pod[] {
    return keys.flatMap((k) => {
      const [ns, name] = k.split('/') as [string, string];
      const p = this.ctx.api.get<Pod>('Pod', ns, name);
      return p ? [p] : [];
    });
  }
}

function isTerminated(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Pending' && phase !== 'Running' && phase !== 'Unknown';
}

/** eviction.PodIsEvicted: Failed with reason Evicted. */
function isEvicted(pod: Pod): boolean {
  return pod.status?.phase === 'Failed' && pod.status?.reason === 'Evicted';
}

/** byEvictionAndCreationTimestamp: evicted first, then older, then by name. */
function byEvictionAndCreation(a: Pod, b: Pod): number {
  const ea = isEvicted(a);
  const eb = isEvicted(b);
  if (ea !== eb) return ea ? -1 : 1;
  const ca = a.metadata?.creationTimestamp ?? '';
  const cb = b.metadata?.creationTimestamp ?? '';
  if (ca !== cb) return ca < cb ? -1 : 1;
  const na = a.metadata?.name ?? '';
  const nb = b.metadata?.name ?? '';
  return na < nb ? -1 : na > nb ? 1 : 0;
}

function setMember(set: Set<string>, key: string, member: boolean): void {
  if (member) set.add(key);
  else set.delete(key);
}
