/**
 * The scheduling queue (backend/queue/scheduling_queue.go): activeQ ordered by priority then the
 * time the pod was queued (PrioritySort), backoffQ for pods waiting out 1s·2^(attempts-1) (max
 * 10s), and the unschedulable pool, left when a cluster event may help (queueing hints, decided
 * by the caller) or after 5 minutes (flushed on a 30s ticker). Gated pods (schedulingGates) wait
 * for their gates to go. Timers replace upstream's tickers: each pod gets a timer at the tick
 * that would move it, so cost follows pods, not virtual time.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import type { Clock, TimerHandle } from '../clock';
import { IndexedHeap, type HeapItem } from './heap';
import {
  BACKOFF_FLUSH_PERIOD_MS,
  INITIAL_BACKOFF_MS,
  MAX_BACKOFF_MS,
  MAX_IN_UNSCHEDULABLE_MS,
  UNSCHEDULABLE_FLUSH_PERIOD_MS,
} from './constants';

export type Location = 'active' | 'backoff' | 'unschedulable' | 'gated' | 'inflight';

export interface QueuedPod extends HeapItem {
  readonly uid: string;
  pod: Pod;
  priority: number;
  /** when the pod was queued or last failed (QueuedPodInfo.Timestamp) */
  timestamp: number;
  /** tie-breaker among equal timestamps: queue order */
  seq: number;
  /** scheduling attempts so far */
  attempts: number;
  /** plugins that rejected the pod in its last attempt */
  unschedulablePlugins: ReadonlySet<string>;
  where: Location;
  /** may leave backoffQ early when activeQ is empty (moved there by an event, not by a failure) */
  poppableEarly: boolean;
  timer?: TimerHandle;
  /** aligned backoff expiry while in backoffQ */
  backoffDue: number;
}

export class SchedulingQueue {
  private readonly pods = new Map<string, QueuedPod>();
  private readonly active = new IndexedHeap<QueuedPod>((a, b) => byPriorityThenTime(a, b) < 0);
  /** backoffQ pods that may be popped early, earliest expiry first */
  private readonly earlyBackoff = new IndexedHeap<QueuedPod>((a, b) => a.backoffDue < b.backoffDue || (a.backoffDue === b.backoffDue && byPriorityThenTime(a, b) < 0));
  private readonly unschedulable = new Set<QueuedPod>();
  private seq = 0;

  constructor(
    private readonly clock: Clock,
    private readonly popFromBackoffQ: boolean,
    /** called when a pod becomes ready to be scheduled */
    private readonly onReady: () => void,
  ) {}

  get(uid: string): QueuedPod | undefined {
    return this.pods.get(uid);
  }

  /** Add: a new pending pod joins activeQ (or waits gated). */
  add(pod: Pod): void {
    const uid = pod.metadata!.uid!;
    if (this.pods.has(uid)) return;
    const qp: QueuedPod = {
      uid,
      pod,
      priority: pod.spec?.priority ?? 0,
      timestamp: this.clock.now(),
      seq: this.seq++,
      attempts: 0,
      unschedulablePlugins: new Set(),
      where: 'gated',
      poppableEarly: false,
      heapIndex: -1,
      backoffDue: 0,
    };
    this.pods.set(uid, qp);
    if (isGated(pod)) return;
    this.toActive(qp);
  }

  /** The pod object changed; a spec/label change may make an unschedulable pod worth a retry. */
  update(pod: Pod, schedulingRelevant: boolean): void {
    const qp = this.pods.get(pod.metadata!.uid!);
    if (!qp) return this.add(pod);
    qp.pod = pod;
    qp.priority = pod.spec?.priority ?? 0;
    if (qp.where === 'gated' && !isGated(pod)) return this.toActive(qp);
    if (qp.where === 'active') this.active.update(qp);
    if (qp.where === 'unschedulable' && schedulingRelevant) this.requeue(qp, true);
  }

  delete(uid: string): void {
    const qp = this.pods.get(uid);
    if (!qp) return;
    this.detach(qp);
    this.pods.delete(uid);
  }

  /** Pop: the best pod of activeQ; with SchedulerPopFromBackoffQ, a backoffQ pod when activeQ is empty. */
  pop(): QueuedPod | undefined {
    let qp = this.active.pop();
    if (!qp && this.popFromBackoffQ) qp = this.earlyBackoff.peek();
    if (!qp) return undefined;
    this.detach(qp);
    qp.where = 'inflight';
    qp.attempts++;
    return qp;
  }

  /** Whether pop() would return a pod. */
  hasReady(): boolean {
    return this.active.size > 0 || (this.popFromBackoffQ && this.earlyBackoff.size > 0);
  }

  /** The pod was scheduled (or left the queue for its binding cycle). */
  done(uid: string): void {
    const qp = this.pods.get(uid);
    if (qp) this.detach(qp);
    this.pods.delete(uid);
  }

  /**
   * AddUnschedulableIfNotPresent after a failed attempt: to backoffQ when no plugin rejected it
   * (an error) or an event during the attempt may have helped, else to the unschedulable pool.
   */
  failed(qp: QueuedPod, plugins: ReadonlySet<string>, retrySoon: boolean): void {
    if (!this.pods.has(qp.uid)) return;
    qp.unschedulablePlugins = plugins;
    qp.timestamp = this.clock.now();
    if (!plugins.size || retrySoon) return this.toBackoff(qp, false);
    qp.where = 'unschedulable';
    this.unschedulable.add(qp);
    // flushUnschedulablePodsLeftover runs every 30s and moves pods waiting longer than 5 minutes.
    const due = (Math.floor((qp.timestamp + MAX_IN_UNSCHEDULABLE_MS) / UNSCHEDULABLE_FLUSH_PERIOD_MS) + 1) * UNSCHEDULABLE_FLUSH_PERIOD_MS;
    qp.timer = this.clock.at(due, () => {
      if (qp.where === 'unschedulable') this.requeue(qp, false);
    });
  }

  /**
   * A pod whose binding cycle failed (PreBind/Bind error) comes back: no plugin rejected it, so it
   * waits out its backoff (handleBindingCycleError → FailureHandler).
   */
  returnAfterError(qp: QueuedPod): void {
    if (this.pods.has(qp.uid)) return;
    this.pods.set(qp.uid, qp);
    this.failed(qp, new Set(), false);
  }

  /** Unschedulable pods a cluster event may help (the caller's queueing hint says which). */
  moveIfHelped(helps: (qp: QueuedPod) => boolean): void {
    if (!this.unschedulable.size) return;
    for (const qp of [...this.unschedulable]) if (helps(qp)) this.requeue(qp, true);
  }


  // ---- moves ----------------------------------------------------------------------------------

  /** requeuePodWithQueueingStrategy(queueAfterBackoff): backoffQ while backing off, else activeQ. */
  private requeue(qp: QueuedPod, byEvent: boolean): void {
    this.detach(qp);
    if (this.backoffExpiry(qp) > this.clock.now()) this.toBackoff(qp, byEvent);
    else this.toActive(qp);
  }

  /** The backoff expiry, aligned up to the 1s flush of backoffQ. */
  private backoffExpiry(qp: QueuedPod): number {
    if (qp.attempts === 0) return 0;
    const duration = Math.min(INITIAL_BACKOFF_MS * 2 ** (qp.attempts - 1), MAX_BACKOFF_MS);
    return Math.ceil((qp.timestamp + duration) / BACKOFF_FLUSH_PERIOD_MS) * BACKOFF_FLUSH_PERIOD_MS;
  }

  private toBackoff(qp: QueuedPod, poppableEarly: boolean): void {
    qp.where = 'backoff';
    qp.poppableEarly = poppableEarly;
    const due = this.backoffExpiry(qp);
    qp.backoffDue = due;
    if (poppableEarly) this.earlyBackoff.push(qp);
    qp.timer = this.clock.at(due, () => {
      if (qp.where !== 'backoff') return;
      this.detach(qp);
      this.toActive(qp);
    });
    if (poppableEarly && this.popFromBackoffQ) this.onReady();
  }

  private toActive(qp: QueuedPod): void {
    qp.timer?.cancel();
    qp.timer = undefined;
    qp.where = 'active';
    this.active.push(qp);
    this.onReady();
  }

  private detach(qp: QueuedPod): void {
    qp.timer?.cancel();
    qp.timer = undefined;
    this.active.remove(qp);
    this.earlyBackoff.remove(qp);
    this.unschedulable.delete(qp);
  }
}

/** PrioritySort.Less: higher priority first, then earlier queued. */
function byPriorityThenTime(a: QueuedPod, b: QueuedPod): number {
  return b.priority - a.priority || a.timestamp - b.timestamp || a.seq - b.seq;
}

function isGated(pod: Pod): boolean {
  return (pod.spec?.schedulingGates?.length ?? 0) > 0;
}
