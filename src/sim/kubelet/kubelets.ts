/**
 * All the simulated kubelets, one per node, as one simulator component: it routes watch events to
 * the kubelet of the pod's node, registers nodes (addNode; the simulator also creates the
 * scenario's nodes with it), performs the node actions (killNode, restartNode, disconnectNode,
 * reconnectNode, removeNode) and the pod actions a scenario can take: writeFile,
 * failProbe/healProbe, crashContainer. readFile serves the runner's `files` checks. It is also
 * the NodeHeartbeats service the node lifecycle controller reads Lease renewals from.
 *
 * Wiring: `const volumeData = new VolumeData(); new Kubelets(volumeData)` with the same
 * VolumeData the PersistentVolume controller gets; pass `kubelets.heartbeats()` to the node
 * lifecycle controller.
 */
import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { NodeRequest } from '../../kube/cluster-request';
import { ApiError, KscenarioError } from '../../errors';
import type { Component, SimContext } from '../context';
import type { WatchEvent } from '../apiserver/store';
import type { NodeHeartbeats, NodeLease } from '../node-heartbeats';
import type { VolumeData } from '../storage/volume-data';
import { parseCrash, parseNodeName, parseNodeRequest, parseProbeAction, parseWriteFile, type PodTarget } from './actions';
import { NodeKubelet, type ClusterServices } from './node-kubelet';
import { NodeAddressAllocator } from './node-network';
import { NodeIpam } from './node-ipam';
import { healthKey, probeOf } from './probe-manager';
import type { PodWorker } from './pod-worker';

export class Kubelets implements Component, NodeHeartbeats, ClusterServices {
  private ctx!: SimContext;
  private readonly nodes = new Map<string, NodeKubelet>();
  private readonly nodeIPs = new NodeAddressAllocator();
  private nodeIpam!: NodeIpam;
  /** failing probes per pod uid, set by failProbe before or while the pod runs (only pods it named) */
  private readonly healthByPod = new Map<string, Map<string, string | undefined>>();
  private readonly renewalListeners: Array<(node: string) => void> = [];

  /** `podSubnet`: the cluster's (kind networking.podSubnet); default kind's 10.244.0.0/16 */
  constructor(private readonly volumeData: VolumeData, private readonly podSubnet?: string) {}

  start(ctx: SimContext): void {
    this.ctx = ctx;
    this.nodeIpam = new NodeIpam(ctx, this.podSubnet, (node, cidr) => this.nodes.get(node)?.assignPodCidr(cidr));
    ctx.api.watch((ev) => this.onWatch(ev), ['Pod', 'Node', 'ConfigMap', 'Secret']);
    ctx.registerAction('addNode', (args) => this.addNode(parseNodeRequest(args)));
    ctx.registerAction('killNode', (args) => this.killNode(parseNodeName('killNode', args)));
    ctx.registerAction('restartNode', (args) => this.restartNode(parseNodeName('restartNode', args)));
    ctx.registerAction('disconnectNode', (args) => this.disconnectNode(parseNodeName('disconnectNode', args)));
    ctx.registerAction('reconnectNode', (args) => this.reconnectNode(parseNodeName('reconnectNode', args)));
    ctx.registerAction('removeNode', (args) => this.removeNode(parseNodeName('removeNode', args)));
    ctx.registerAction('writeFile', (args) => this.writeFile(parseWriteFile(args)));
    ctx.registerAction('failProbe', (args) => this.setProbe(parseProbeAction('failProbe', args), true));
    ctx.registerAction('healProbe', (args) => this.setProbe(parseProbeAction('healProbe', args), false));
    ctx.registerAction('crashContainer', (args) => this.crashContainer(parseCrash(args)));
  }

  /**
   * Registers a node like a kind node joining: InternalIP, podCIDR, Node object. A node that finds
   * the pod subnet full registers without podCIDR and waits for one (node-ipam.ts).
   */
  addNode(req: NodeRequest): void {
    if (this.nodes.has(req.name) || this.ctx.api.get('Node', undefined, req.name)) {
      throw new KscenarioError('DUPLICATE_NAME', `node "${req.name}" already exists`);
    }
    const internalIP = this.nodeIPs.allocate();
    // docker run fails when the network has no address left; kind create cluster fails with it
    if (!internalIP) throw new KscenarioError('BACKEND', `no address left for node "${req.name}" on kind's docker network ${this.nodeIPs.network}`);
    const podCIDR = this.nodeIpam.allocate();
    const kubelet = new NodeKubelet(this.ctx, this.volumeData, this, req, { internalIP, ...(podCIDR ? { podCIDR } : {}) });
    this.nodes.set(req.name, kubelet);
    kubelet.register();
  }

  /** The kubelet of a node, for node operations (kill, restart) built on top. */
  kubelet(node: string): NodeKubelet | undefined {
    return this.nodes.get(node);
  }

  // ---- NodeHeartbeats ------------------------------------------------------------------------------

  heartbeats(): NodeHeartbeats {
    return this;
  }

  /** A node the kubelets do not run (removed, never added, or written through the API) has no Lease. */
  lease(node: string): NodeLease {
    return this.nodes.get(node)?.lease() ?? { state: 'absent' };
  }

  onChange(listener: (node: string) => void): void {
    this.renewalListeners.push(listener);
  }

  /** Whether the node's kubelet renews its Lease (it exists, runs and reaches the API server). */
  isHeartbeating(node: string): boolean {
    const k = this.nodes.get(node);
    return !!k && k.isRunning() && k.lease().state === 'renewing';
  }

  /** ClusterServices: the health failProbe/healProbe set for the pod, if they named it. */
  healthOf(uid: string): ReadonlyMap<string, string | undefined> | undefined {
    return this.healthByPod.get(uid);
  }

  renewalChanged(node: string): void {
    for (const l of this.renewalListeners) l(node);
  }

  /**
   * A file as the pod's container sees it; undefined if the pod, container or file is not there or
   * not running. Throws when `kubectl exec` could not reach the pod's node (down or cut off).
   */
  readFile(namespace: string, pod: string, container: string | undefined, path: string): string | undefined {
    const p = this.ctx.api.get<Pod>('Pod', namespace, pod);
    if (p) this.assertReachable(p, `cannot read ${path}`);
    const w = p && this.workerOf(p);
    const name = container ?? (p && defaultContainer(p));
    return w && name ? w.readFile(name, path) : undefined;
  }

  // ---- node actions --------------------------------------------------------------------------------

  /** kind: `docker stop` of the node container. */
  private killNode(name: string): void {
    const k = this.node(name, 'killNode');
    if (k.isDown()) throw new KscenarioError('USAGE', `killNode: node "${name}" is already down`, undefined, 'restartNode starts a killed node again');
    k.kill();
  }

  /** kind: `docker start` of a node container that was stopped. */
  private restartNode(name: string): void {
    const k = this.node(name, 'restartNode');
    if (!k.isDown()) {
      throw new KscenarioError('USAGE', `restartNode: node "${name}" is not down`, undefined,
        'restartNode boots a node stopped by killNode; reconnectNode ends a disconnectNode');
    }
    k.restart();
  }

  private disconnectNode(name: string): void {
    const k = this.node(name, 'disconnectNode');
    if (!k.isConnected()) throw new KscenarioError('USAGE', `disconnectNode: node "${name}" is already disconnected`, undefined, 'reconnectNode ends the partition');
    k.disconnect();
  }

  private reconnectNode(name: string): void {
    const k = this.node(name, 'reconnectNode');
    if (k.isConnected()) {
      throw new KscenarioError('USAGE', `reconnectNode: node "${name}" is not disconnected`, undefined,
        'reconnectNode ends a partition started by disconnectNode; restartNode boots a killed node');
    }
    k.reconnect();
  }

  /**
   * kind: `kubectl delete node` and the node container removed. The Node object goes and the
   * machine with it; pods bound to it stay in the API until the pod GC controller deletes them as
   * orphans. The node's address and pod CIDR are free again (docker IPAM; the node IPAM
   * controller releases a deleted Node's CIDR).
   */
  private removeNode(name: string): void {
    const k = this.node(name, 'removeNode');
    const hadRenewal = k.lease().state === 'stopped';
    // out of the map first: listeners told of the stop must already find no kubelet
    this.nodes.delete(name);
    k.remove();
    this.nodeIPs.release(k.hostIP);
    this.nodeIpam.release(name, k.podCIDR);
    if (hadRenewal) this.renewalChanged(name);
    try {
      this.ctx.api.delete('Node', undefined, name);
    } catch (e) {
      // the scenario may have deleted the Node object itself already
      if (!(e instanceof ApiError) || e.status !== 404) throw e;
    }
  }

  private node(name: string, verb: string): NodeKubelet {
    const k = this.nodes.get(name);
    if (!k) {
      const known = [...this.nodes.keys()].sort();
      throw new KscenarioError('BAD_REFERENCE', `${verb}: node "${name}" not found`, undefined,
        known.length ? `nodes: ${known.join(', ')}` : 'the cluster has no nodes');
    }
    return k;
  }

  private assertReachable(pod: Pod, what: string): void {
    const node = pod.spec?.nodeName;
    if (!node) return;
    const k = this.nodes.get(node);
    const why = k ? k.unreachable() : `its node "${node}" no longer exists`;
    if (why) throw new KscenarioError('BACKEND', `${what} in pod ${podName(pod)}: ${why}`);
  }

  // ---- actions -------------------------------------------------------------------------------------

  private writeFile(a: PodTarget & { path: string; content: string }): void {
    const { pod, worker, container } = this.target(a, 'writeFile');
    this.assertReachable(pod, `writeFile: cannot write ${a.path}`);
    if (!worker || !worker.writeFile(container, a.path, a.content)) {
      throw new KscenarioError('BACKEND', `writeFile: container "${container}" of pod ${pod.metadata?.namespace}/${pod.metadata?.name} is not running`);
    }
  }

  private setProbe(a: PodTarget & { probe: 'readiness' | 'liveness' | 'startup'; message?: string }, failing: boolean): void {
    const verb = failing ? 'failProbe' : 'healProbe';
    const pod = this.findPod(a, verb);
    const candidates = a.container ? [this.containerSpec(pod, a.container, verb)] : allContainers(pod);
    const withProbe = candidates.filter((c) => probeOf(c, a.probe));
    if (!withProbe.length) {
      const subject = a.container ? `container "${a.container}" of pod ${podName(pod)} has no` : `pod ${podName(pod)} has no container with a`;
      throw new KscenarioError('BAD_REFERENCE', `${verb}: ${subject} ${a.probe} probe`);
    }
    const health = this.health(pod.metadata!.uid!);
    const worker = this.workerOf(pod);
    for (const c of withProbe) {
      if (failing) health.set(healthKey(c.name, a.probe), a.message);
      else health.delete(healthKey(c.name, a.probe));
      worker?.probes.healthChanged(health, c.name, a.probe);
    }
  }

  private crashContainer(a: PodTarget & { exitCode: number }): void {
    const { pod, worker, container } = this.target(a, 'crashContainer');
    if (!worker || !worker.crash(container, a.exitCode)) {
      throw new KscenarioError('BACKEND', `crashContainer: container "${container}" of pod ${podName(pod)} is not running`);
    }
  }

  private target(a: PodTarget, verb: string): { pod: Pod; worker: PodWorker | undefined; container: string } {
    const pod = this.findPod(a, verb);
    const container = a.container ?? defaultContainer(pod);
    this.containerSpec(pod, container, verb);
    return { pod, worker: this.workerOf(pod), container };
  }

  private findPod(a: PodTarget, verb: string): Pod {
    const ns = a.namespace ?? 'default';
    const pod = this.ctx.api.get<Pod>('Pod', ns, a.pod);
    if (!pod) throw new KscenarioError('BAD_REFERENCE', `${verb}: pod "${a.pod}" not found in namespace "${ns}"`);
    return pod;
  }

  private containerSpec(pod: Pod, name: string, verb: string) {
    const c = allContainers(pod).find((x) => x.name === name);
    if (!c) {
      throw new KscenarioError('BAD_REFERENCE', `${verb}: pod ${podName(pod)} has no container "${name}"`, undefined,
        `containers: ${allContainers(pod).map((x) => x.name).join(', ')}`);
    }
    return c;
  }

  private workerOf(pod: Pod): PodWorker | undefined {
    const node = pod.spec?.nodeName;
    return node ? this.nodes.get(node)?.worker(pod.metadata!.uid!) : undefined;
  }

  private health(uid: string): Map<string, string | undefined> {
    let h = this.healthByPod.get(uid);
    if (!h) this.healthByPod.set(uid, (h = new Map()));
    return h;
  }

  // ---- watch ---------------------------------------------------------------------------------------

  /** Watch handlers only enqueue: the kubelets act on the clock, never inside a write. */
  private onWatch(ev: WatchEvent): void {
    const kind = ev.object.kind;
    if (kind === 'Pod') return this.onPod(ev);
    if (kind === 'Node') return this.onNode(ev);
    if (kind === 'ConfigMap' || kind === 'Secret') this.onVolumeSource(ev);
  }

  private onPod(ev: WatchEvent): void {
    const pod = ev.object as unknown as Pod;
    if (ev.type === 'DELETED') this.healthByPod.delete(pod.metadata!.uid!);
    const kubelet = pod.spec?.nodeName ? this.nodes.get(pod.spec.nodeName) : undefined;
    if (!kubelet) return;
    this.ctx.clock.after(0, () => (ev.type === 'DELETED' ? kubelet.podDeleted(pod) : kubelet.podChanged(pod)));
  }

  /** A ConfigMap or Secret changed: the pods whose volumes show it rewrite them at their next sync. */
  private onVolumeSource(ev: WatchEvent): void {
    const { kind, metadata } = ev.object;
    for (const kubelet of this.nodes.values()) {
      this.ctx.clock.after(0, () => kubelet.volumeSourceChanged(kind, metadata.namespace, metadata.name));
    }
  }

  private onNode(ev: WatchEvent): void {
    const kubelet = this.nodes.get(ev.object.metadata.name);
    if (!kubelet || ev.type === 'DELETED') return;
    const node = ev.object as unknown as Node;
    // kcm's range allocator queues every added or updated Node; only those without podCIDR matter
    if (kubelet.podCIDR === undefined && !node.spec?.podCIDRs?.length) this.nodeIpam.nodeObserved(kubelet.name);
    this.ctx.clock.after(0, () => kubelet.nodeChanged(node));
  }
}

function allContainers(pod: Pod) {
  return [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
}

/** kubectl's default container: the kubectl.kubernetes.io/default-container annotation, else the first. */
function defaultContainer(pod: Pod): string {
  return pod.metadata?.annotations?.['kubectl.kubernetes.io/default-container'] ?? pod.spec?.containers[0]?.name ?? '';
}

function podName(pod: Pod): string {
  return `${pod.metadata?.namespace}/${pod.metadata?.name}`;
}
