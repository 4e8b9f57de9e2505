/**
 * The kubelet of one node and the machine it runs on: registers the Node, admits the pods bound
 * to it and runs a pod worker per pod; owns the node's image store, pod IP allocator and
 * crash-loop back-off. The machine can stop and boot again (killNode / restartNode, like
 * `docker stop` / `docker start` of a kind node) and its link to the control plane can be cut
 * (disconnectNode / reconnectNode): the containers keep running, but the kubelet neither hears
 * from nor writes to the API server, and renews no Lease, until the link is back.
 */
import type { Node, NodeCondition, Pod } from 'kubernetes-types/core/v1';
import type { NodeRequest } from '../../kube/cluster-request';
import { ApiError } from '../../errors';
import { deepEqual } from '../../kube/equal';
import type { KObject } from '../../kube/object';
import type { TimerHandle } from '../clock';
import type { SimContext } from '../context';
import type { VolumeData } from '../storage/volume-data';
import { admitPod, type NodePods } from './admission';
import { Backoff } from './backoff';
import { ImageService, type ImageStoreListener } from './image-service';
import { LeaseRenewals } from './lease-renewal';
import type { NodeLease } from '../node-heartbeats';
import { HostLocalIpam } from './node-network';
import { kubeletConditions, START_PRESSURE_EVENTS } from './node-conditions';
import { nodeImages, nodeManifest, preloadedImages, type NodeAddresses } from './node-object';
import { qosClass } from '../apiserver/strategy';
import { PodWorker, recordEvent, type EventSink, type NodeContext } from './pod-worker';
import { isTerminal } from './pod-status';
import { Timers } from './task';
import { projectsSource } from './volumes';
import { resizeVerdict } from './resize';
import { CRASHLOOP_INITIAL_MS, CRASHLOOP_MAX_MS, CRASHLOOP_RESET_MS, NODE_BOOT_MS, NODE_STATUS_UPDATE_MS, PLEG_RELIST_MS, RESIZE_RETRY_MS, STATUS_SYNC_MS } from './timing';

/** Services the node kubelets share (the application health of pods, Lease renewals). */
export interface ClusterServices {
  /** undefined while no failProbe or healProbe named the pod */
  healthOf(podUid: string): ReadonlyMap<string, string | undefined> | undefined;
  /** the node's kubelet stopped or resumed renewing its Lease */
  renewalChanged(node: string): void;
}

/** The kubelet's event sink: what it records gets through only while it reaches the API server. */
class KubeletEvents implements EventSink {
  constructor(
    private readonly node: NodeKubelet,
    private readonly recorder: EventSink,
  ) {}

  record(...args: Parameters<EventSink['record']>): void {
    if (this.node.isConnected()) this.recorder.record(...args);
  }
}

function newCrashBackoff(): Backoff {
  return new Backoff(CRASHLOOP_INITIAL_MS, CRASHLOOP_MAX_MS, CRASHLOOP_RESET_MS);
}

/** The machine: up (its kubelet running, or booting), or down after killNode. */
type Power = 'up' | 'booting' | 'down';

export class NodeKubelet implements NodeContext, ImageStoreListener {
  readonly name: string;
  readonly hostIP: string;
  /** undefined until kcm's range allocator has a block for the node */
  podCIDR: string | undefined;
  readonly images: ImageService;
  readonly ipam: HostLocalIpam;
  /** kubelet events; dropped while the API server cannot be reached (unverified: client-go retries a few times) */
  readonly events: EventSink;
  /** kubelet memory: a restarted kubelet starts every back-off over */
  crashBackoff = newCrashBackoff();
  private readonly timers: Timers;
  private readonly workers = new Map<string, PodWorker>();
  /** the workers whose isActive() holds, kept from their changes (activityChanged): the pods admission counts */
  private readonly activeWorkers = new Set<PodWorker>();
  /** pods the kubelet rejected at admission: they never get a worker */
  private readonly rejected = new Set<string>();
  /** pods whose resize waits (Deferred), in the order they asked */
  private readonly pendingResizes = new Set<string>();
  private resizeRetryTimer: TimerHandle | undefined;
  private readonly renewals = new LeaseRenewals();
  private running = false;
  private power: Power = 'up';
  private bootTimer: TimerHandle | undefined;
  private connected = true;
  /** the kubelet started while cut off: it registers and learns its pods when the link is back */
  private registered = false;
  private podsUnknown = false;
  /** where the PLEG relist, sync-loop and status tickers started */
  private origin = 0;
  private nodeStatusTimer = false;

  constructor(
    private readonly ctx: SimContext,
    readonly volumeData: VolumeData,
    private readonly cluster: ClusterServices,
    private readonly request: NodeRequest,
    private readonly addresses: NodeAddresses,
  ) {
    this.name = request.name;
    this.hostIP = addresses.internalIP;
    this.podCIDR = addresses.podCIDR;
    this.timers = new Timers(ctx.clock);
    this.ipam = new HostLocalIpam(addresses.podCIDR);
    this.images = new ImageService(this.timers, ctx.config.images, preloadedImages(ctx.config.version), this);
    this.events = new KubeletEvents(this, ctx.events);
  }

  /** The node's images changed: the node status lists them. */
  imagesChanged(): void {
    this.scheduleNodeStatus();
  }

  get api() {
    return this.ctx.api;
  }

  get clock() {
    return this.ctx.clock;
  }

  get version() {
    return this.ctx.config.version;
  }

  /** kcm's range allocator gave the node a podCIDR after it joined: kindnetd's CNI config follows. */
  assignPodCidr(cidr: string): void {
    this.podCIDR = cidr;
    this.addresses.podCIDR = cidr;
    this.ipam.setRange(cidr);
  }

  /** The kubelet of a new node starts: it creates the Node object (see reportIn). */
  register(): void {
    this.start();
  }

  // ---- the machine and its link ----------------------------------------------------------------

  /** killNode: the machine stops (kind: docker stop of the node container). */
  kill(): void {
    this.power = 'down';
    this.bootTimer?.cancel();
    this.bootTimer = undefined;
    this.stop();
  }

  /** restartNode: the machine boots; its kubelet starts NODE_BOOT_MS later. */
  restart(): void {
    this.power = 'booting';
    this.bootTimer = this.ctx.clock.after(NODE_BOOT_MS, () => {
      this.bootTimer = undefined;
      this.power = 'up';
      this.boot();
    });
  }

  /** disconnectNode: nothing passes between the node and the API server any more. */
  disconnect(): void {
    this.connected = false;
    this.updateRenewals();
  }

  /**
   * reconnectNode: the kubelet reaches the API server again. Its informers relist at once (the
   * pods it missed); the status manager and the node status loop send what the API server missed
   * at their next 10s tick; Lease renewals resume at once (chosen: the lease controller retries
   * every few seconds while cut off, at most 7s apart).
   */
  reconnect(): void {
    this.connected = true;
    this.updateRenewals();
    if (!this.running) return;
    this.ctx.clock.after(0, () => (this.registered ? this.syncPodsWithApi() : this.reportIn()));
    this.timers.at(this.nextTick(this.ctx.clock.now(), STATUS_SYNC_MS), () => this.flushStatuses());
    this.scheduleNodeStatus();
  }

  /** removeNode: the machine is gone for good; its pods are left to the pod GC controller. */
  remove(): void {
    this.kill();
    for (const w of [...this.workers.values()]) this.forget(w);
  }

  isDown(): boolean {
    return this.power === 'down';
  }

  isConnected(): boolean {
    return this.connected;
  }

  /** Why `kubectl exec` (and so writeFile and file checks) cannot reach the node's containers. */
  unreachable(): string | undefined {
    if (this.power === 'down') return `node "${this.name}" is down (killNode)`;
    if (!this.connected) return `node "${this.name}" is cut off from the control plane (disconnectNode), and kubectl exec reaches containers through the API server and the kubelet`;
    if (!this.running) return `the kubelet of node "${this.name}" has not started yet`;
    return undefined;
  }

  /** Its Lease: renewed every 10 s, stopped after its last renewal, or never renewed. */
  lease(): NodeLease {
    return this.renewals.lease();
  }

  /**
   * The kubelet process starts (again): containerd reports what died with the machine, tickers
   * begin, and if the API server can be reached the kubelet reports in and its pods resume.
   */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.origin = this.ctx.clock.now();
    for (const w of this.workers.values()) w.runtimeRecovered();
    this.registered = false;
    this.podsUnknown = true;
    this.updateRenewals();
    if (this.connected) this.reportIn();
  }

  /**
   * The machine stops: containers die, pulls and timers vanish, the kubelet forgets what it had in
   * memory; the API keeps whatever it last heard. Nothing is reported until start().
   */
  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.updateRenewals();
    for (const w of this.workers.values()) w.powerOff();
    this.ipam.reset();
    this.rejected.clear();
    this.images.reset();
    this.crashBackoff = newCrashBackoff();
    this.timers.cancelAll();
    this.nodeStatusTimer = false;
  }

  isRunning(): boolean {
    return this.running;
  }

  worker(uid: string): PodWorker | undefined {
    return this.workers.get(uid);
  }

  /** The machine finished booting: the kubelet starts. */
  private boot(): void {
    this.start();
  }

  /**
   * registerWithAPIServer: the Node is created if it does not exist (again), else the kubelet
   * posts its first status at once (fastStatusUpdateOnce); then the pod informer lists its pods.
   */
  private reportIn(): void {
    if (!this.running || !this.connected || this.registered) return;
    this.registered = true;
    const created = !this.nodeObject();
    if (created) this.api.create(nodeManifest(this.request, this.addresses, this.version, this.api.timestamp()));
    this.recordStartEvents();
    if (created) this.nodeEvent('NodeReady');
    else this.postNodeStatus();
    this.syncPodsWithApi();
  }

  private updateRenewals(): void {
    const now = this.ctx.clock.now();
    const changed = this.running && this.connected ? this.renewals.resume(now) : this.renewals.halt(now);
    if (changed) this.cluster.renewalChanged(this.name);
  }

  /**
   * The pod informer's (re)list: a restarted kubelet powers its pods on from what the API has,
   * a reconnected one catches up with what changed; pods bound meanwhile are admitted.
   */
  private syncPodsWithApi(): void {
    if (!this.running || !this.connected) return;
    const restarted = this.podsUnknown;
    this.podsUnknown = false;
    for (const w of [...this.workers.values()]) {
      const pod = this.api.get<Pod>('Pod', w.namespace, w.name);
      if (restarted) w.powerOn(pod);
      else w.resync(pod);
      // the relist shows ConfigMaps and Secrets that changed meanwhile too
      if (!restarted && w.pod.spec?.volumes?.some((v) => v.configMap || v.secret)) w.volumeSourceChanged();
    }
    for (const pod of this.api.list<Pod>('Pod')) {
      if (pod.spec?.nodeName === this.name && !this.workers.has(pod.metadata!.uid!)) this.podChanged(pod);
    }
  }

  private flushStatuses(): void {
    if (!this.connected) return;
    for (const w of this.workers.values()) w.flushStatus();
  }

  /** "Starting kubelet.", the pressure events of initialNode, the container manager's limits. */
  private recordStartEvents(): void {
    this.event('Starting', 'Starting kubelet.');
    for (const r of START_PRESSURE_EVENTS) this.nodeEvent(r);
    this.event('NodeAllocatableEnforced', 'Updated Node Allocatable limit across pods');
  }

  /** recordNodeStatusEvent. */
  private nodeEvent(reason: string): void {
    this.event(reason, `Node ${this.name} status is now: ${reason}`);
  }

  private event(reason: string, message: string): void {
    const node = this.nodeObject();
    if (node) recordEvent(this.events, node as never, 'Normal', reason, message, this.name);
  }

  private nodeObject(): KObject | undefined {
    return this.api.get<KObject>('Node', undefined, this.name);
  }

  // ---- NodeContext ---------------------------------------------------------------------------------

  nextRelist(t: number): number {
    return this.origin + (Math.floor((t - this.origin) / PLEG_RELIST_MS) + 1) * PLEG_RELIST_MS;
  }

  nextSyncTick(t: number): number {
    return this.origin + Math.ceil((t - this.origin) / PLEG_RELIST_MS) * PLEG_RELIST_MS;
  }

  health(podUid: string): ReadonlyMap<string, string | undefined> | undefined {
    return this.cluster.healthOf(podUid);
  }

  forget(worker: PodWorker): void {
    worker.halt();
    this.workers.delete(worker.uid);
    this.activeWorkers.delete(worker);
    // HandlePodRemoves: a pod gone may leave room for a deferred resize
    if (this.pendingResizes.size) this.retryPendingResizes();
  }

  /** PushPendingResize then RetryPendingResizes (HandlePodUpdates). */
  resizeRequested(worker: PodWorker): void {
    this.pendingResizes.add(worker.uid);
    this.retryPendingResizes();
  }

  /**
   * HandlePodReconcile: when a pod's status shows smaller requests (a resize done), the pending
   * resizes are retried. Chosen: at the sync that sees the resize done, not when its status write
   * comes back from the API server; and for any finished resize, not only a shrinking one (a
   * retry that finds no room changes nothing).
   */
  resizeActuated(): void {
    if (this.pendingResizes.size) this.retryPendingResizes();
  }

  /**
   * allocation_manager.go retryPendingResizes: each pending resize is tried against the node's
   * allocatable and the other pods' allocations; Deferred ones stay queued and are tried again when
   * a pod is removed or when the retry ticker fires, 3 minutes after the last retry (retryDelay).
   */
  private retryPendingResizes(): void {
    const node = this.api.get<Node>('Node', undefined, this.name);
    for (const uid of [...this.pendingResizes]) {
      const w = this.workers.get(uid);
      const stays = !!w && !!node && w.tryResize((desired) => resizeVerdict(desired, node, this.allocatedPods(w)));
      if (!stays) this.pendingResizes.delete(uid);
    }
    this.timers.cancel(this.resizeRetryTimer);
    this.resizeRetryTimer = this.pendingResizes.size ? this.timers.after(RESIZE_RETRY_MS, () => this.retryPendingResizes()) : undefined;
  }

  /** PodWorker: its isActive() may have changed. */
  activityChanged(worker: PodWorker): void {
    if (this.workers.get(worker.uid) === worker && worker.isActive()) this.activeWorkers.add(worker);
    else this.activeWorkers.delete(worker);
  }

  /** The active pods as admission reads them: counted from the workers' changes, listed only when asked. */
  private admittedPods(): NodePods {
    return { count: this.activeWorkers.size, list: () => this.allocatedPods() };
  }

  /** getAllocatedPods: the active pods as allocated (the admitted resources, not the desired). */
  private allocatedPods(except?: PodWorker): Pod[] {
    // one pass, one array: read by resizes and by the admission of a pod that requests a resource
    // or a host port, each time all pods of the node
    const pods: Pod[] = [];
    for (const w of this.workers.values()) if (w !== except && w.isActive()) pods.push(w.allocated);
    return pods;
  }

  online(): boolean {
    return this.connected;
  }

  contentChanged(): void {
    this.ctx.contentChanged?.();
  }

  // ---- pods ------------------------------------------------------------------------------------------

  /** A pod bound to this node was added or changed (unheard while the node is cut off). */
  podChanged(pod: Pod): void {
    if (!this.running || !this.connected) return;
    const uid = pod.metadata!.uid!;
    const w = this.workers.get(uid);
    if (w) return w.update(pod);
    if (this.rejected.has(uid) || isTerminal(pod.status?.phase)) return;
    this.admit(pod);
  }

  /** The configMap and secret manager's watch saw the object change (unheard while cut off). */
  volumeSourceChanged(kind: string, namespace: string | undefined, name: string): void {
    if (!this.running || !this.connected) return;
    for (const w of this.workers.values()) if (projectsSource(w.pod, kind, namespace, name)) w.volumeSourceChanged();
  }

  podDeleted(pod: Pod): void {
    if (!this.running || !this.connected) return;
    const uid = pod.metadata!.uid!;
    this.rejected.delete(uid);
    this.workers.get(uid)?.apiDeleted();
  }

  /** HandlePodAdditions: admission, then a pod worker. */
  private admit(pod: Pod): void {
    const node = this.api.get<Node>('Node', undefined, this.name);
    const verdict = node ? admitPod(pod, node, this.admittedPods()) : { admit: false as const, reason: 'InvalidNodeInfo', message: 'Kubelet cannot get node info.' };
    if (!verdict.admit) return this.reject(pod, verdict.reason, verdict.message);
    const w = new PodWorker(this, pod);
    this.workers.set(w.uid, w);
    this.activityChanged(w);
    w.start();
  }

  /** kubelet.rejectPod: a Warning event and a Failed status; the pod never runs here. */
  private reject(pod: Pod, reason: string, message: string): void {
    this.rejected.add(pod.metadata!.uid!);
    recordEvent(this.events, pod, 'Warning', reason, message, this.name);
    const current = this.api.get<Pod>('Pod', pod.metadata?.namespace, pod.metadata!.name!);
    if (!current) return;
    const status = {
      phase: 'Failed',
      reason,
      message: `Pod was rejected: ${message}`,
      qosClass: current.status?.qosClass ?? qosClass(current),
      startTime: current.status?.startTime ?? this.api.timestamp(),
      // kubelet-owned conditions are dropped; others (DisruptionTarget...) stay
      conditions: (current.status?.conditions ?? []).filter((c) => !['PodScheduled', 'Ready', 'Initialized', 'ContainersReady', 'PodReadyToStartContainers'].includes(c.type)),
    };
    try {
      this.api.updateStatus({ ...(current as unknown as KObject), status });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
    }
  }

  // ---- node status -----------------------------------------------------------------------------

  /**
   * The Node changed: if another component overwrote what the kubelet reports (the node lifecycle
   * controller's Unknown conditions), the next status update puts it right.
   */
  nodeChanged(node: Node): void {
    if (!this.running || !this.connected) return;
    if (kubeletConditions(node.status?.conditions, this.api.timestamp()).changed) this.scheduleNodeStatus();
  }

  /**
   * tryUpdateNodeStatus at the next tick of the 10s node status loop (nodeStatusUpdateFrequency):
   * pulled images, conditions to put right.
   */
  private scheduleNodeStatus(): void {
    if (this.nodeStatusTimer || !this.running) return;
    this.nodeStatusTimer = true;
    this.timers.at(this.nextTick(this.ctx.clock.now(), NODE_STATUS_UPDATE_MS), () => {
      this.nodeStatusTimer = false;
      this.postNodeStatus();
    });
  }

  /**
   * Writes the node status if it changed (nodeStatusHasChanged ignores heartbeat times). Only a
   * change of conditions stamps heartbeats: the periodic heartbeat-only write is not simulated.
   */
  private postNodeStatus(): void {
    if (!this.running || !this.connected) return;
    const node = this.api.get<KObject & { status?: { conditions?: NodeCondition[] } & Record<string, unknown> }>('Node', undefined, this.name);
    if (!node) return;
    const update = kubeletConditions(node.status?.conditions, this.api.timestamp());
    const status = {
      ...node.status,
      ...(update.changed ? { conditions: update.conditions } : {}),
      images: nodeImages(this.images.list()),
    };
    if (deepEqual(status, node.status)) return;
    try {
      this.api.updateStatus({ ...node, status });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      return;
    }
    for (const reason of update.events) this.nodeEvent(reason);
  }

  /** The first tick at or after `t` of a loop with `period` that began when the kubelet started. */
  private nextTick(t: number, period: number): number {
    return this.origin + Math.ceil((t - this.origin) / period) * period;
  }
}
