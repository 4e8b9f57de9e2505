/**
 * The taint eviction controller (pkg/controller/tainteviction/taint_eviction.go; a controller of
 * its own, "taint-eviction-controller", since SeparateTaintEvictionController, beta in 1.29):
 * pods on a node with NoExecute taints are deleted — at once when some taint is not tolerated,
 * otherwise when the shortest tolerationSeconds of the matching tolerations has passed (never when
 * none sets a time). The wait counts from when the controller noticed the taint, not from the
 * taint's timeAdded. Losing the taints, or a change of tolerations that tolerates them for good,
 * cancels the pending deletion. Before deleting, the pod gets the DisruptionTarget condition
 * (PodDisruptionConditions, on by default since 1.26, GA in 1.31).
 *
 * Node updates are handled before pod updates, as upstream's workers prefer them.
 */
import type { Node, Pod, Taint, Toleration } from 'kubernetes-types/core/v1';
import { ApiError } from '../../../errors';
import { deepEqual } from '../../../kube/equal';
import type { KObject } from '../../../kube/object';
import { withCondition } from '../../../kube/pod-condition';
import type { Component, SimContext } from '../../context';
import type { WatchEvent } from '../../apiserver/store';
import { PodsByNode } from '../shared/pods-by-node';
import { TimedWorkerQueue } from './timed-workers';
import { matchingTolerations, minTolerationMs } from './tolerations';
import { queueKey } from '../shared/queue-key';

/** The controller's name and event source (names.TaintEvictionController). */
export const TAINT_EVICTION_COMPONENT = 'taint-eviction-controller';

interface PodItem {
  namespace: string;
  name: string;
  node: string;
}

export class TaintEvictionController implements Component {
  private ctx!: SimContext;
  private pods!: PodsByNode;
  private evictions!: TimedWorkerQueue;
  /** taintedNodes: each node's NoExecute taints as last handled */
  private readonly taintedNodes = new Map<string, Taint[]>();
  private readonly nodeUpdates = new Set<string>();
  private readonly podUpdates = new Map<string, PodItem>();
  private draining = false;

  start(ctx: SimContext): void {
    this.ctx = ctx;
    this.pods = new PodsByNode(ctx.api);
    this.evictions = new TimedWorkerQueue(ctx.clock, (key) => this.deletePod(key));
    ctx.api.watch((ev) => this.observe(ev), ['Node', 'Pod']);
  }

  // ---- watch -------------------------------------------------------------------------------------

  private observe(ev: WatchEvent): void {
    if (ev.object.kind === 'Node') return this.nodeUpdated(ev);
    if (ev.object.kind !== 'Pod') return;
    this.pods.observe(ev);
    this.podUpdated(ev);
  }

  /** NodeUpdated: only a change of the node's NoExecute taints matters. */
  private nodeUpdated(ev: WatchEvent): void {
    if (ev.type === 'MODIFIED' && deepEqual(noExecuteTaints(ev.old as unknown as Node), noExecuteTaints(ev.object as unknown as Node))) return;
    this.nodeUpdates.add(ev.object.metadata.name);
    this.drainSoon();
  }

  /** PodUpdated: only a change of tolerations or of the node matters. */
  private podUpdated(ev: WatchEvent): void {
    const pod = ev.object as unknown as Pod;
    const old = ev.old as unknown as Pod | undefined;
    if (ev.type === 'MODIFIED' && old && deepEqual(old.spec?.tolerations ?? [], pod.spec?.tolerations ?? []) && old.spec?.nodeName === pod.spec?.nodeName) return;
    const item = { namespace: pod.metadata!.namespace!, name: pod.metadata!.name!, node: pod.spec?.nodeName ?? '' };
    this.podUpdates.set(`${item.namespace}/${item.name}\u0000${item.node}`, item);
    this.drainSoon();
  }

  private drainSoon(): void {
    if (this.draining) return;
    this.draining = true;
    this.ctx.clock.after(0, () => this.drain());
  }

  /** The workers: every pending node update before the next pod update. */
  private drain(): void {
    this.draining = false;
    for (;;) {
      const node = first(this.nodeUpdates);
      if (node !== undefined) {
        this.nodeUpdates.delete(node);
        this.handleNodeUpdate(node);
        continue;
      }
      const key = first(this.podUpdates.keys());
      if (key === undefined) return;
      const item = this.podUpdates.get(key)!;
      this.podUpdates.delete(key);
      this.handlePodUpdate(item);
    }
  }

  // ---- handlers ------------------------------------------------------------------------------------

  private handlePodUpdate(item: PodItem): void {
    const key = `${item.namespace}/${item.name}`;
    const pod = this.ctx.api.get<Pod>('Pod', item.namespace, item.name);
    if (!pod) return this.cancelWorkWithEvent(key);
    // the item was keyed by the node it had then; the current node's item handles the rest
    if ((pod.spec?.nodeName ?? '') !== item.node || !item.node) return;
    const taints = this.taintedNodes.get(item.node);
    if (!taints) return;
    this.processPodOnNode(key, pod.spec?.tolerations, taints, this.ctx.clock.now());
  }

  private handleNodeUpdate(name: string): void {
    const node = this.ctx.api.get<Node>('Node', undefined, name);
    if (!node) return void this.taintedNodes.delete(name);
    const taints = noExecuteTaints(node);
    if (taints.length) this.taintedNodes.set(name, taints);
    else this.taintedNodes.delete(name);
    const pods = this.pods.pods(name);
    if (!taints.length) {
      for (const p of pods) this.cancelWorkWithEvent(queueKey(p));
      return;
    }
    const now = this.ctx.clock.now();
    for (const p of pods) this.processPodOnNode(queueKey(p), p.spec?.tolerations, taints, now);
  }

  private processPodOnNode(key: string, tolerations: readonly Toleration[] | undefined, taints: readonly Taint[], now: number): void {
    if (!taints.length) this.cancelWorkWithEvent(key);
    const { tolerated, used } = matchingTolerations(taints, tolerations);
    if (!tolerated) {
      this.cancelWorkWithEvent(key);
      this.evictions.addWork(key, now, now);
      return;
    }
    const min = minTolerationMs(used);
    if (min < 0) return this.cancelWorkWithEvent(key);
    let start = now;
    const trigger = now + min;
    const scheduled = this.evictions.worker(key);
    if (scheduled) {
      start = scheduled.createdAt;
      // work created earlier is kept, even when the new shortest toleration is shorter
      if (start + min < trigger) return;
      this.cancelWorkWithEvent(key);
    }
    this.evictions.addWork(key, start, trigger);
  }

  private cancelWorkWithEvent(key: string): void {
    if (this.evictions.cancelWork(key)) this.podEvent(key, `Cancelling deletion of Pod ${key}`);
  }

  // ---- the deletion --------------------------------------------------------------------------------

  /**
   * deletePodHandler: the event, then addConditionAndDeletePod — DisruptionTarget on the status,
   * then a plain DELETE (the pod's own grace period). Upstream retries 5 times 10 ms apart; in the
   * simulator a failure is final at once (the pod is gone, or the API refuses for good).
   */
  private deletePod(key: string): void {
    this.podEvent(key, `Marking for deletion Pod ${key}`);
    const [namespace, name] = key.split('/') as [string, string];
    const { api } = this.ctx;
    try {
      const pod = api.get<Pod>('Pod', namespace, name);
      if (!pod) return;
      const status = withCondition(pod.status, {
        type: 'DisruptionTarget',
        status: 'True',
        reason: 'DeletionByTaintManager',
        message: 'Taint manager: deleting due to NoExecute taint',
      }, api.timestamp());
      if (status) api.updateStatus({ ...(pod as unknown as KObject), status });
      api.delete('Pod', namespace, name);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
    }
  }

  /**
   * TaintManagerEviction events name the pod by a bare reference (apiVersion, kind, namespace,
   * name; no uid), as emitPodDeletionEvent builds it.
   */
  private podEvent(key: string, message: string): void {
    const [namespace, name] = key.split('/') as [string, string];
    const ref = { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace } } as KObject;
    this.ctx.events.record(ref, 'Normal', 'TaintManagerEviction', message, TAINT_EVICTION_COMPONENT);
  }
}

function noExecuteTaints(node: Node | undefined): Taint[] {
  return (node?.spec?.taints ?? []).filter((t) => t.effect === 'NoExecute');
}


function first<T>(it: Iterable<T>): T | undefined {
  for (const x of it) return x;
  return undefined;
}
