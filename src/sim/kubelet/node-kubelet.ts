/**
 * The kubelet of one node: registers the Node, admits the pods bound to it and runs a pod worker
 * per pod; owns the node's image store, pod IP allocator and crash-loop back-off. It can be
 * stopped (the machine goes down: every container dies, nothing is reported) and started again.
 */
import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { NodeRequest } from '../../backends/backend';
import { ApiError } from '../../errors';
import type { KObject } from '../../k8s/object';
import type { SimContext } from '../context';
import type { VolumeData } from '../storage/volume-data';
import { admitPod } from './admission';
import { Backoff } from './backoff';
import { ImageService } from './image-service';
import { HostLocalIpam } from './node-network';
import { nodeImages, nodeManifest, preloadedImages, type NodeAddresses } from './node-object';
import { qosClass } from '../apiserver/strategy';
import { PodWorker, recordEvent, type NodeContext } from './pod-worker';
import { isTerminal } from './pod-status';
import { Timers } from './task';
import { CRASHLOOP_INITIAL_MS, CRASHLOOP_MAX_MS, CRASHLOOP_RESET_MS, NODE_STATUS_UPDATE_MS, PLEG_RELIST_MS } from './timing';

/** Services the node kubelets share (claims they wait for, the application health of pods). */
export interface ClusterServices {
  watchClaims(worker: PodWorker, claims: string[]): void;
  unwatchClaims(worker: PodWorker): void;
  health(podUid: string): Map<string, string | undefined>;
}

function newCrashBackoff(): Backoff {
  return new Backoff(CRASHLOOP_INITIAL_MS, CRASHLOOP_MAX_MS, (event, update) => event - update > CRASHLOOP_RESET_MS);
}

export class NodeKubelet implements NodeContext {
  readonly name: string;
  readonly hostIP: string;
  readonly podCIDR: string;
  readonly images: ImageService;
  readonly ipam: HostLocalIpam;
  /** kubelet memory: a restarted kubelet starts every back-off over */
  crashBackoff = newCrashBackoff();
  private readonly timers: Timers;
  private readonly workers = new Map<string, PodWorker>();
  /** pods the kubelet rejected at admission: they never get a worker */
  private readonly rejected = new Set<string>();
  private running = false;
  /** where the PLEG relist and sync-loop tickers started */
  private origin = 0;
  private nodeStatusTimer = false;

  constructor(
    private readonly ctx: SimContext,
    readonly volumeData: VolumeData,
    private readonly cluster: ClusterServices,
    private readonly request: NodeRequest,
    addr: NodeAddresses,
  ) {
    this.name = request.name;
    this.hostIP = addr.internalIP;
    this.podCIDR = addr.podCIDR;
    this.timers = new Timers(ctx.clock);
    this.ipam = new HostLocalIpam(addr.podCIDR);
    this.images = new ImageService(this.timers, ctx.config.images, preloadedImages(ctx.config.version));
    this.images.onChange = () => this.scheduleNodeStatus();
  }

  get api() {
    return this.ctx.api;
  }

  get events() {
    return this.ctx.events;
  }

  get clock() {
    return this.ctx.clock;
  }

  get version() {
    return this.ctx.config.version;
  }

  /** kubelet registerWithAPIServer: creates the Node object and records the start-up events. */
  register(): void {
    const node = nodeManifest(this.request, { internalIP: this.hostIP, podCIDR: this.podCIDR }, this.version, this.api.timestamp());
    this.api.create(node);
    this.start();
    const created = this.api.get<KObject>('Node', undefined, this.name)!;
    const nodeEvent = (reason: string, message: string) =>
      recordEvent(this.events, created as never, 'Normal', reason, message, this.name);
    nodeEvent('Starting', 'Starting kubelet.');
    for (const r of ['NodeHasSufficientMemory', 'NodeHasNoDiskPressure', 'NodeHasSufficientPID']) {
      nodeEvent(r, `Node ${this.name} status is now: ${r}`);
    }
    nodeEvent('NodeAllocatableEnforced', 'Updated Node Allocatable limit across pods');
    nodeEvent('NodeReady', `Node ${this.name} status is now: NodeReady`);
  }

  /**
   * The kubelet process starts (again): tickers begin, its pods resume from what the runtime
   * kept, pods bound meanwhile are admitted.
   */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.origin = this.ctx.clock.now();
    for (const w of [...this.workers.values()]) w.powerOn(this.api.get<Pod>('Pod', w.namespace, w.name));
    for (const pod of this.api.list<Pod>('Pod')) {
      if (pod.spec?.nodeName === this.name && !this.workers.has(pod.metadata!.uid!)) this.podChanged(pod);
    }
  }

  /**
   * The machine stops: containers die, pulls and timers vanish, the kubelet forgets what it had in
   * memory; the API keeps whatever it last heard. Nothing is reported until start().
   */
  stop(): void {
    if (!this.running) return;
    this.running = false;
    for (const w of this.workers.values()) w.powerOff();
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

  // ---- NodeContext ---------------------------------------------------------------------------------

  nextRelist(t: number): number {
    return this.origin + (Math.floor((t - this.origin) / PLEG_RELIST_MS) + 1) * PLEG_RELIST_MS;
  }

  nextSyncTick(t: number): number {
    return this.origin + Math.ceil((t - this.origin) / PLEG_RELIST_MS) * PLEG_RELIST_MS;
  }

  watchClaims(worker: PodWorker, claims: string[]): void {
    this.cluster.watchClaims(worker, claims);
  }

  unwatchClaims(worker: PodWorker): void {
    this.cluster.unwatchClaims(worker);
  }

  health(podUid: string): Map<string, string | undefined> {
    return this.cluster.health(podUid);
  }

  forget(worker: PodWorker): void {
    worker.halt();
    this.workers.delete(worker.uid);
  }

  // ---- pods ------------------------------------------------------------------------------------------

  /** A pod bound to this node was added or changed. */
  podChanged(pod: Pod): void {
    if (!this.running) return;
    const uid = pod.metadata!.uid!;
    const w = this.workers.get(uid);
    if (w) return w.update(pod);
    if (this.rejected.has(uid) || isTerminal(pod.status?.phase)) return;
    this.admit(pod);
  }

  podDeleted(pod: Pod): void {
    if (!this.running) return;
    const uid = pod.metadata!.uid!;
    this.rejected.delete(uid);
    this.workers.get(uid)?.apiDeleted();
  }

  /** HandlePodAdditions: admission, then a pod worker. */
  private admit(pod: Pod): void {
    const node = this.api.get<Node>('Node', undefined, this.name);
    const active = [...this.workers.values()].filter((w) => w.isActive()).map((w) => w.pod);
    const verdict = node ? admitPod(pod, node, active) : { admit: false as const, reason: 'InvalidNodeInfo', message: 'Kubelet cannot get node info.' };
    if (!verdict.admit) return this.reject(pod, verdict.reason, verdict.message);
    const w = new PodWorker(this, pod);
    this.workers.set(w.uid, w);
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

  /**
   * Pulled images appear in node.status.images at the next node status update (every 10s,
   * nodeStatusUpdateFrequency). Heartbeats are not written (see Kubelets.isHeartbeating).
   */
  private scheduleNodeStatus(): void {
    if (this.nodeStatusTimer || !this.running) return;
    this.nodeStatusTimer = true;
    const now = this.ctx.clock.now();
    const at = this.origin + Math.ceil((now - this.origin) / NODE_STATUS_UPDATE_MS) * NODE_STATUS_UPDATE_MS;
    this.timers.at(at, () => {
      this.nodeStatusTimer = false;
      const node = this.api.get<KObject & { status?: Record<string, unknown> }>('Node', undefined, this.name);
      if (!node) return;
      try {
        this.api.updateStatus({ ...node, status: { ...node.status, images: nodeImages(this.images.list()) } });
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
      }
    });
  }
}
