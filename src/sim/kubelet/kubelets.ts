/**
 * All the simulated kubelets, one per node, as one simulator component: it routes watch events to
 * the kubelet of the pod's node, registers nodes (addNode; the simulator also creates the
 * scenario's nodes with it), and performs the pod actions a scenario can take: writeFile,
 * failProbe/healProbe, crashContainer. readFile serves the runner's `files` checks.
 *
 * Wiring: `const volumeData = new VolumeData(); new Kubelets(volumeData)` with the same
 * VolumeData the PersistentVolume controller gets.
 */
import type { PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1';
import type { NodeRequest } from '../../backends/backend';
import { KscenarioError } from '../../errors';
import type { Component, SimContext } from '../context';
import type { WatchEvent } from '../apiserver/store';
import type { VolumeData } from '../storage/volume-data';
import { parseCrash, parseNodeRequest, parseProbeAction, parseWriteFile, type PodTarget } from './actions';
import { NodeKubelet } from './node-kubelet';
import { NodeAddressAllocator, PodCidrAllocator } from './node-network';
import { healthKey, probeOf } from './probe-manager';
import type { PodWorker } from './pod-worker';

export class Kubelets implements Component {
  private ctx!: SimContext;
  private readonly nodes = new Map<string, NodeKubelet>();
  private readonly nodeIPs = new NodeAddressAllocator();
  private readonly podCidrs = new PodCidrAllocator();
  /** pod workers waiting for a claim (namespace/name) to be bound, and the claims each waits for */
  private readonly claimWaiters = new Map<string, Set<PodWorker>>();
  private readonly claimsOfWorker = new Map<PodWorker, string[]>();
  /** failing probes per pod uid, set by failProbe before or while the pod runs */
  private readonly healthByPod = new Map<string, Map<string, string | undefined>>();

  constructor(private readonly volumeData: VolumeData) {}

  start(ctx: SimContext): void {
    this.ctx = ctx;
    ctx.api.watch((ev) => this.onWatch(ev));
    ctx.registerAction('addNode', (args) => this.addNode(parseNodeRequest(args)));
    ctx.registerAction('writeFile', (args) => this.writeFile(parseWriteFile(args)));
    ctx.registerAction('failProbe', (args) => this.setProbe(parseProbeAction('failProbe', args), true));
    ctx.registerAction('healProbe', (args) => this.setProbe(parseProbeAction('healProbe', args), false));
    ctx.registerAction('crashContainer', (args) => this.crashContainer(parseCrash(args)));
  }

  /** Registers a node like a kind node joining: InternalIP, podCIDR, Node object. */
  addNode(req: NodeRequest): void {
    if (this.nodes.has(req.name) || this.ctx.api.get('Node', undefined, req.name)) {
      throw new KscenarioError('DUPLICATE_NAME', `node "${req.name}" already exists`);
    }
    const podCIDR = this.podCidrs.allocate();
    if (!podCIDR) throw new KscenarioError('BACKEND', `no pod CIDR left for node "${req.name}" in 10.244.0.0/16`);
    const kubelet = new NodeKubelet(this.ctx, this.volumeData, {
      watchClaims: (w, claims) => this.watchClaims(w, claims),
      unwatchClaims: (w) => this.unwatchClaims(w),
      health: (uid) => this.health(uid),
    }, req, { internalIP: this.nodeIPs.allocate(), podCIDR });
    this.nodes.set(req.name, kubelet);
    kubelet.register();
  }

  /** The kubelet of a node, for node operations (kill, restart) built on top. */
  kubelet(node: string): NodeKubelet | undefined {
    return this.nodes.get(node);
  }

  /**
   * Whether the node's kubelet is alive and renewing its Lease. The Lease and the heartbeat
   * fields of node conditions are not written every 10s (that would fill the history with
   * identical updates); the node lifecycle controller asks here instead.
   */
  isHeartbeating(node: string): boolean {
    return this.nodes.get(node)?.isRunning() ?? false;
  }

  /** A file as the pod's container sees it; undefined if the pod, container or file is not there or not running. */
  readFile(namespace: string, pod: string, container: string | undefined, path: string): string | undefined {
    const p = this.ctx.api.get<Pod>('Pod', namespace, pod);
    const w = p && this.workerOf(p);
    const name = container ?? (p && defaultContainer(p));
    return w && name ? w.readFile(name, path) : undefined;
  }

  // ---- actions -------------------------------------------------------------------------------------

  private writeFile(a: PodTarget & { path: string; content: string }): void {
    const { pod, worker, container } = this.target(a, 'writeFile');
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
      worker?.probes.healthChanged(c.name, a.probe);
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
    if (kind === 'PersistentVolumeClaim') {
      const o = ev.object as unknown as PersistentVolumeClaim;
      return this.claimChanged(`${o.metadata?.namespace}/${o.metadata?.name}`);
    }
    if (kind === 'PersistentVolume') {
      const ref = (ev.object as unknown as PersistentVolume).spec?.claimRef;
      if (ref?.name) this.claimChanged(`${ref.namespace ?? 'default'}/${ref.name}`);
    }
  }

  private onPod(ev: WatchEvent): void {
    const pod = ev.object as unknown as Pod;
    if (ev.type === 'DELETED') this.healthByPod.delete(pod.metadata!.uid!);
    const kubelet = pod.spec?.nodeName ? this.nodes.get(pod.spec.nodeName) : undefined;
    if (!kubelet) return;
    this.ctx.clock.after(0, () => (ev.type === 'DELETED' ? kubelet.podDeleted(pod) : kubelet.podChanged(pod)));
  }

  private claimChanged(claim: string): void {
    const waiters = this.claimWaiters.get(claim);
    if (!waiters) return;
    for (const w of [...waiters]) this.ctx.clock.after(0, () => w.claimsChanged());
  }

  private watchClaims(w: PodWorker, claims: string[]): void {
    this.claimsOfWorker.set(w, claims);
    for (const c of claims) {
      let set = this.claimWaiters.get(c);
      if (!set) this.claimWaiters.set(c, (set = new Set()));
      set.add(w);
    }
  }

  private unwatchClaims(w: PodWorker): void {
    for (const c of this.claimsOfWorker.get(w) ?? []) {
      const set = this.claimWaiters.get(c);
      set?.delete(w);
      if (set && !set.size) this.claimWaiters.delete(c);
    }
    this.claimsOfWorker.delete(w);
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
